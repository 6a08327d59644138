using System.Globalization;
using OrleansP2P.Protocol;

namespace OrleansP2P.Bench.Harness;

/// <summary>A network of bench peers (<c>{prefix}{i}</c>, password <c>bench-password-{i}</c>) in one silo, driven through the grains.</summary>
public sealed class Network(BenchSilo silo, string name)
{
    public string Name { get; } = name;

    public ITrackerGrain Tracker => silo.Grains.GetTracker(Name);

    public IPeerClientGrain Peer(string user) => silo.Grains.GetPeer(Name, user);

    public string FolderOf(string user) => silo.Folders.DefaultFolder(Name, user);

    public static string User(string prefix, int i) => prefix + i.ToString("D5", CultureInfo.InvariantCulture);

    public static string PasswordOf(string user) => "bench-password-" + user;

    public async Task SignUpAsync(IEnumerable<string> users, int concurrency = 64)
    {
        await ForEachAsync(users, concurrency, async user =>
        {
            var reply = await Tracker.SignUpAsync(new SignUpRequest(user, PasswordOf(user)));
            Expect(reply.Status == P2PStatus.Created, $"sign-up of {user}: {(int)reply.Status} {reply.Reason}");
        });
    }

    public async Task LogInAsync(string user)
    {
        var reply = await silo.Grains.LogInAsync(Name, new LoginRequest(user, PasswordOf(user)));
        Expect(reply.Status == P2PStatus.Ok, $"login of {user}: {(int)reply.Status} {reply.Reason}");
    }

    /// <summary>Writes a file straight into a peer's folder, as a user dropping it there would.</summary>
    public void Drop(string user, string storedName, ReadOnlySpan<byte> content)
    {
        Directory.CreateDirectory(FolderOf(user));
        using var stream = new FileStream(Path.Combine(FolderOf(user), storedName), FileMode.Create, FileAccess.Write);
        stream.Write(content);
    }

    public async Task RescanAsync(string user)
    {
        var reply = await Peer(user).RescanAsync();
        Expect(reply.Status == P2PStatus.Ok && reply.Problems.Length == 0, $"rescan of {user}: {(int)reply.Status} {reply.Reason} {string.Join("; ", reply.Problems)}");
    }

    public static async Task ForEachAsync<T>(IEnumerable<T> items, int concurrency, Func<T, Task> action)
    {
        using var gate = new SemaphoreSlim(concurrency);
        var tasks = items.Select(async item =>
        {
            await gate.WaitAsync();
            try
            {
                await action(item);
            }
            finally
            {
                gate.Release();
            }
        }).ToList();
        await Task.WhenAll(tasks);
    }

    public static void Expect(bool condition, string what)
    {
        if (!condition)
        {
            throw new InvalidOperationException("Benchmark setup failed: " + what);
        }
    }
}
