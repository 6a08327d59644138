namespace OrleansP2P.Security;

/// <summary>
/// One client address's failed logins (see <see cref="LoginFailures"/>), in memory: the counters matter for a
/// minute or so, and a grain (unlike a limiter inside one portal process) is the same for every portal.
/// Each call is a few comparisons, so a flood from one address costs that address's grain, nobody else's.
/// </summary>
public sealed class LoginThrottleGrain : Grain, ILoginThrottleGrain
{
    private readonly LoginFailures _failures = new();

    public Task<TimeSpan?> CheckAsync(string username) => Task.FromResult(_failures.RetryAfter(username, Now));

    public Task RecordFailureAsync(string username)
    {
        _failures.RecordFailure(username, Now);
        return Task.CompletedTask;
    }

    public Task RecordSuccessAsync(string username)
    {
        _failures.RecordSuccess(username);
        return Task.CompletedTask;
    }

    private static DateTime Now => DateTime.UtcNow;
}
