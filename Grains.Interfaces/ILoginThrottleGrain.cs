namespace OrleansP2P;

/// <summary>
/// The failed logins and sign-ups of one client address in one network (key <c>network/address</c>), counted
/// where every portal process sees them. It limits failures, never successes: an address with no recent
/// failures is never refused, however often it logs in (tests, scripts, users behind one NAT).
/// </summary>
[Alias("OrleansP2P.ILoginThrottleGrain")]
public interface ILoginThrottleGrain : IGrainWithStringKey
{
    /// <summary>How long this address must wait before trying <paramref name="username"/>; null when it may try now.</summary>
    [Alias("CheckAsync")]
    Task<TimeSpan?> CheckAsync(string username);

    [Alias("RecordFailureAsync")]
    Task RecordFailureAsync(string username);

    [Alias("RecordSuccessAsync")]
    Task RecordSuccessAsync(string username);
}
