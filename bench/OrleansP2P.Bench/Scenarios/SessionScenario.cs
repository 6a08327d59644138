using System.Diagnostics;
using OrleansP2P.Bench.Harness;
using OrleansP2P.Protocol;

namespace OrleansP2P.Bench.Scenarios;

/// <summary>
/// Item 9: what a reconnect costs. N password logins (PBKDF2 at the silo's default strength, as a real user's)
/// against N restores of the sessions they opened (<see cref="IPeerAccountGrain.ResumeSessionAsync"/>, no hash),
/// spread over a few peers, both with the same concurrency.
/// </summary>
public static class SessionScenario
{
    private const int Peers = 20;

    /// <summary>Enough to keep every core hashing, few enough that no login waits near Orleans' 30 s response timeout.</summary>
    private const int InFlight = 16;

    public static async Task RunAsync(BenchOptions options, Results results)
    {
        var count = options.SessionLogins;
        Console.WriteLine($"9. {Format.Int(count)} password logins against {Format.Int(count)} session restores");
        await using var silo = await BenchSilo.StartAsync(options, "sessions");
        var net = new Network(silo, "sessions");
        var users = Enumerable.Range(0, Peers).Select(i => Network.User("s", i)).ToArray();
        await net.SignUpAsync(users, concurrency: 4);

        var sessions = new (string User, string Session)[count];
        var watch = Stopwatch.StartNew();
        await Network.ForEachAsync(Enumerable.Range(0, count), InFlight, async i =>
        {
            var user = users[i % Peers];
            var reply = await silo.Grains.LogInAsync(net.Name, new LoginRequest(user, Network.PasswordOf(user)));
            Network.Expect(reply.Status == P2PStatus.Ok && reply.SessionId is not null, $"login of {user}: {(int)reply.Status} {reply.Reason}");
            sessions[i] = (user, reply.SessionId!);
        });
        var logins = watch.Elapsed;

        watch.Restart();
        await Network.ForEachAsync(sessions, InFlight, async s =>
        {
            var reply = await silo.Grains.GetPeerAccount(net.Name, s.User).ResumeSessionAsync(s.Session);
            Network.Expect(reply.Status == P2PStatus.Ok, $"resume of {s.User}: {(int)reply.Status} {reply.Reason}");
        });
        var resumes = watch.Elapsed;

        results.Add(9, $"{Format.Int(count)} session restores (ResumeSessionAsync, {InFlight} in flight) against {Format.Int(count)} password logins",
            $"{Format.Seconds(resumes.TotalSeconds)} ({Format.Rate(count, resumes, "restores")})",
            $"{Format.Seconds(logins.TotalSeconds)} ({Format.Rate(count, logins, "logins")})",
            Format.Ratio(logins / resumes) + " faster", "no password hash: ≥ 10× faster", resumes < logins / 10);
        results.Note(9, $"logins hash at the silo's default PBKDF2 strength over {Peers} peers, each login a session of its own; every restore reopens one of those sessions.");
    }
}
