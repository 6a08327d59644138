namespace OrleansP2P.Tests.Redis;

/// <summary>
/// A test that starts a redis-server of its own. It runs wherever redis-server is installed; <c>.ci/run</c> installs
/// it, so under CI it always runs (and fails if redis-server is missing). Elsewhere it is skipped, with that reason.
/// </summary>
public sealed class RedisServerFactAttribute : FactAttribute
{
    public RedisServerFactAttribute()
    {
        if (OwnRedisServer.Executable is null && RedisFactAttribute.Connection is null)
        {
            Skip = "Needs redis-server on PATH: runs under `bash .ci/run`, which installs it, and wherever redis-server is installed.";
        }
    }
}
