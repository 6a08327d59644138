namespace OrleansP2P.Tests.Processes;

/// <summary>
/// A test of real processes in mount namespaces: it needs root (CAP_SYS_ADMIN) for <c>unshare -m</c>, redis-server,
/// and the solution built. It runs under <c>bash .ci/run</c> (CI runs as root and sets <c>P2P_TEST_REDIS</c>; then
/// a missing capability fails the test rather than skipping it) or when <c>P2P_TEST_PROCESSES=1</c>.
/// </summary>
public sealed class ProcessFactAttribute : FactAttribute
{
    public const string Variable = "P2P_TEST_PROCESSES";

    public ProcessFactAttribute()
    {
        if (!Wanted)
        {
            Skip = $"Starts Silo and portal processes in mount namespaces (root and CAP_SYS_ADMIN): runs under `bash .ci/run`, which CI runs as root, or with {Variable}=1.";
        }
    }

    public static bool Wanted =>
        Environment.GetEnvironmentVariable(Variable) == "1" || Redis.RedisFactAttribute.Connection is not null ||
        string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);
}
