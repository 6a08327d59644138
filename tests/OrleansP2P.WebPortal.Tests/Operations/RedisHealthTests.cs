using System.Net;
using System.Text.Json;
using OrleansP2P.WebPortal.Tests.Hosting;

namespace OrleansP2P.WebPortal.Tests.Operations;

/// <summary>/health/ready against a real Redis grain store that goes away: the link to it is cut, not faked.</summary>
public sealed class RedisHealthTests
{
    [RedisFact]
    public async Task Ready_is_503_naming_storage_when_the_Redis_store_goes_away()
    {
        var redis = RedisFactAttribute.Connection ?? throw new InvalidOperationException($"CI must set {RedisFactAttribute.Variable}.");
        await using var proxy = new TcpProxy(redis);
        await using var portal = await new PortalFactory(new Dictionary<string, string?>
        {
            ["P2P:Storage"] = "Redis",
            ["Cluster:Redis"] = $"127.0.0.1:{proxy.Port},connectTimeout=2000,syncTimeout=2000,asyncTimeout=2000",
            ["Cluster:ServiceId"] = $"health-{Guid.NewGuid():N}",
        }).StartAsync();
        using var http = new HttpClient { BaseAddress = portal.BaseAddress };
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/health/ready")).StatusCode);

        await proxy.CutAsync();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var response = await http.GetAsync("/health/ready");
            if (response.StatusCode == HttpStatusCode.ServiceUnavailable)
            {
                var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
                Assert.Equal(["storage"], body.GetProperty("failing").EnumerateArray().Select(e => e.GetString()));
                return;
            }

            Assert.True(DateTime.UtcNow < deadline, "/health/ready stayed 200 after the Redis store went away.");
            await Task.Delay(200);
        }
    }
}

/// <summary>
/// A test that needs the Redis server named by <c>P2P_TEST_REDIS</c>: <c>.ci/run</c> starts one, so in CI
/// (<c>CI=true</c>) it always runs; elsewhere without the variable it is skipped with that reason.
/// </summary>
public sealed class RedisFactAttribute : FactAttribute
{
    public const string Variable = "P2P_TEST_REDIS";

    public RedisFactAttribute()
    {
        if (Connection is null && !string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            Skip = $"Needs a Redis server: run `bash .ci/run`, or start redis-server and set {Variable}=127.0.0.1:6390. Always runs in CI.";
        }
    }

    public static string? Connection => Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value ? value : null;
}
