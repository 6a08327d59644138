using System.Threading.Channels;
using Microsoft.Extensions.Logging.Abstractions;
using OrleansP2P.Protocol;
using OrleansP2P.WebPortal.Components.Live;
using OrleansP2P.WebPortal.Tests.Hosting;

namespace OrleansP2P.WebPortal.Tests.Components;

/// <summary>The dashboard's live feed, against the real tracker grain of a running portal.</summary>
public sealed class TrackerWatchTests : IAsyncLifetime
{
    private PortalFactory _portal = null!;

    public async Task InitializeAsync() => _portal = await new PortalFactory().StartAsync();

    public async Task DisposeAsync() => await _portal.DisposeAsync();

    [Fact]
    public async Task A_watch_hears_of_a_login_and_a_download_and_unsubscribes_on_dispose()
    {
        var heard = Channel.CreateUnbounded<NetworkEvent>();
        var tracker = _portal.Grains.GetTracker();
        var watch = await TrackerWatch.StartAsync(_portal.Grains, tracker, e => heard.Writer.WriteAsync(e).AsTask(), NullLogger.Instance);

        Assert.Equal(P2PStatus.Ok, (await _portal.Grains.LogInAsync(GrainKeys.DefaultNetwork, new LoginRequest("user4", "password4"))).Status);
        await HearAsync(heard.Reader, "user4 logged in");
        Assert.Equal(P2PStatus.Ok, (await _portal.Grains.GetPeer(GrainKeys.DefaultNetwork, "user4").DownloadAsync(new DownloadRequest("File3.txt"))).Status);
        await HearAsync(heard.Reader, "user4 has File3.txt");

        await watch.DisposeAsync();
        await watch.DisposeAsync();
    }

    private static async Task HearAsync(ChannelReader<NetworkEvent> reader, string message)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while ((await reader.ReadAsync(timeout.Token)).Message != message)
        {
        }
    }
}
