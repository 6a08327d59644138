namespace OrleansP2P.Tests.Redis;

/// <summary>
/// A test that needs a Redis server, named by <c>P2P_TEST_REDIS</c> (host:port). <c>.ci/run</c> installs and
/// starts one, so in CI (<c>CI=true</c>) these tests always run — and fail if Redis is missing. On a developer
/// machine without the variable they are skipped, with the reason shown.
/// </summary>
public sealed class RedisFactAttribute : FactAttribute
{
    public const string Variable = "P2P_TEST_REDIS";

    public RedisFactAttribute()
    {
        if (Connection is null && !IsCi)
        {
            Skip = $"Needs a Redis server: run `bash .ci/run`, or start redis-server and set {Variable}=127.0.0.1:6390. Always runs in CI.";
        }
    }

    public static string? Connection => Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value ? value : null;

    private static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);
}
