using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using OrleansP2P.Hosting;
using OrleansP2P.WebPortal.Tests.Browser;
using OrleansP2P.WebPortal.Tests.Hosting;

namespace OrleansP2P.WebPortal.Tests.Operations;

/// <summary>/health/live and /health/ready on the portal's own port, without a login, on a real co-hosted silo.</summary>
public sealed class HealthTests
{
    [Fact]
    public async Task A_healthy_host_is_live_and_ready_and_names_every_check()
    {
        await using var portal = await new PortalFactory().StartAsync();
        using var http = new HttpClient { BaseAddress = portal.BaseAddress };

        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/health/live")).StatusCode);
        var (status, body) = await ReadyAsync(http);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("Healthy", body.GetProperty("status").GetString());
        Assert.Empty(body.GetProperty("failing").EnumerateArray());
        Assert.Equal(["data-root", "silo", "stopping", "storage"], body.GetProperty("checks").EnumerateArray().Select(c => c.GetProperty("name").GetString()).Order());
    }

    [Fact]
    public async Task Ready_is_503_naming_storage_when_grain_storage_cannot_be_reached()
    {
        var storage = new SwitchableStorage();
        await using var portal = await new PortalFactory
        {
            // The grains' store, with a switch in front: the real SQLite provider until the test breaks the link.
            TestServices = services => services.AddKeyedSingleton<IGrainStorage>(StorageNames.Metadata, (sp, _) =>
                storage.Wrap(sp.GetRequiredKeyedService<IGrainStorage>(StorageNames.Metadata + ".AdoNet"))),
        }.StartAsync();
        using var http = new HttpClient { BaseAddress = portal.BaseAddress };
        Assert.Equal(HttpStatusCode.OK, (await ReadyAsync(http)).Status);

        storage.Unreachable = true;
        var (status, body) = await ReadyAsync(http);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Equal(["storage"], body.GetProperty("failing").EnumerateArray().Select(e => e.GetString()));
        Assert.Contains("cannot be read", Check(body, "storage").GetProperty("description").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/health/live")).StatusCode);

        storage.Unreachable = false;
        Assert.Equal(HttpStatusCode.OK, (await ReadyAsync(http)).Status);
    }

    [Fact]
    public async Task Ready_is_503_naming_the_data_root_when_it_cannot_be_written()
    {
        // Memory storage keeps the database out of the data root, so only the data root breaks. Root ignores
        // permission bits, so the root is replaced by a plain file: nothing can be created inside it, even as root.
        await using var portal = await new PortalFactory(new Dictionary<string, string?> { ["P2P:Storage"] = "Memory" }).StartAsync();
        using var http = new HttpClient { BaseAddress = portal.BaseAddress };
        Assert.Equal(HttpStatusCode.OK, (await ReadyAsync(http)).Status);

        var aside = portal.DataRoot + ".aside";
        Directory.Move(portal.DataRoot, aside);
        try
        {
            await File.WriteAllTextAsync(portal.DataRoot, "not a folder");
            var (status, body) = await ReadyAsync(http);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
            Assert.Equal(["data-root"], body.GetProperty("failing").EnumerateArray().Select(e => e.GetString()));
        }
        finally
        {
            File.Delete(portal.DataRoot);
            Directory.Move(aside, portal.DataRoot);
        }

        Assert.Equal(HttpStatusCode.OK, (await ReadyAsync(http)).Status);
    }

    private static async Task<(HttpStatusCode Status, JsonElement Body)> ReadyAsync(HttpClient http)
    {
        var response = await http.GetAsync("/health/ready");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement);
    }

    private static JsonElement Check(JsonElement body, string name) =>
        body.GetProperty("checks").EnumerateArray().Single(c => c.GetProperty("name").GetString() == name);

    /// <summary>Grain storage whose link can be cut: every call then fails as a store that cannot be reached does.</summary>
    private sealed class SwitchableStorage
    {
        public volatile bool Unreachable;

        public IGrainStorage Wrap(IGrainStorage inner) => new Storage(this, inner);

        private sealed class Storage(SwitchableStorage owner, IGrainStorage inner) : IGrainStorage
        {
            public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
                Check() ?? inner.ReadStateAsync(stateName, grainId, grainState);

            public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
                Check() ?? inner.WriteStateAsync(stateName, grainId, grainState);

            public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
                Check() ?? inner.ClearStateAsync(stateName, grainId, grainState);

            private Task? Check() => owner.Unreachable
                ? Task.FromException(new TimeoutException("The storage server did not answer (connection refused)."))
                : null;
        }
    }
}
