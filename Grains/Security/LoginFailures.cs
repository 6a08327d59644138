namespace OrleansP2P.Security;

/// <summary>
/// The throttling rule for one client address, as plain arithmetic on the times of its failures:
/// <list type="bullet">
/// <item>more than <see cref="MaxPerMinute"/> failed logins or sign-ups in the last minute: the address waits
/// until the oldest of them is a minute old (429 with Retry-After);</item>
/// <item>per account, failures in a row from this address back off by doubling — the first is free, then
/// 1 s, 2 s, 4 s … up to <see cref="MaxBackoff"/>; a success ends the run.</item>
/// </list>
/// Successes are never counted, so an address without recent failures is never refused.
/// </summary>
public sealed class LoginFailures
{
    public const int MaxPerMinute = 10;

    public static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    public static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(30);

    /// <summary>Accounts tracked per address at most; the oldest run is dropped beyond it (an attacker spraying names).</summary>
    public const int MaxAccounts = 1024;

    private readonly Queue<DateTime> _recent = new();

    private readonly Dictionary<string, (int Failures, DateTime NotBefore)> _accounts = new(StringComparer.Ordinal);

    public TimeSpan? RetryAfter(string username, DateTime now)
    {
        Prune(now);
        TimeSpan? wait = null;
        if (_recent.Count >= MaxPerMinute)
        {
            wait = _recent.Peek() + Window - now;
        }

        if (_accounts.TryGetValue(username, out var account) && account.NotBefore > now)
        {
            var accountWait = account.NotBefore - now;
            wait = wait is { } w && w > accountWait ? w : accountWait;
        }

        return wait is { } positive && positive > TimeSpan.Zero ? positive : null;
    }

    public void RecordFailure(string username, DateTime now)
    {
        Prune(now);
        _recent.Enqueue(now);
        var failures = (_accounts.TryGetValue(username, out var account) ? account.Failures : 0) + 1;
        if (!_accounts.ContainsKey(username) && _accounts.Count >= MaxAccounts)
        {
            _accounts.Remove(_accounts.MinBy(a => a.Value.NotBefore).Key);
        }

        _accounts[username] = (failures, now + BackoffAfter(failures));
    }

    public void RecordSuccess(string username) => _accounts.Remove(username);

    internal int AccountCount => _accounts.Count;

    /// <summary>The wait after the n-th failure in a row: none after the first, then 1 s doubling to 30 s.</summary>
    public static TimeSpan BackoffAfter(int failures) =>
        failures <= 1 ? TimeSpan.Zero : TimeSpan.FromSeconds(Math.Min(MaxBackoff.TotalSeconds, Math.Pow(2, Math.Min(failures - 2, 16))));

    /// <summary>True when nothing is remembered any more (the grain may go).</summary>
    public bool IsEmpty(DateTime now)
    {
        Prune(now);
        return _recent.Count == 0 && _accounts.Values.All(a => a.NotBefore + MaxBackoff <= now);
    }

    private void Prune(DateTime now)
    {
        while (_recent.Count > 0 && _recent.Peek() + Window <= now)
        {
            _recent.Dequeue();
        }
    }
}
