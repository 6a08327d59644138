using System.Collections.Concurrent;
using OrleansP2P.Protocol;
using OrleansP2P.WebPortal.Components.Live;
using OrleansP2P.WebPortal.Tests.Hosting;

namespace OrleansP2P.WebPortal.Tests.Components;

/// <summary>The download progress bar's feed, against a real peer grain moving a file of several chunks.</summary>
public sealed class TransferWatchTests : IAsyncLifetime
{
    private PortalFactory _portal = null!;

    public async Task InitializeAsync() => _portal = await new PortalFactory().StartAsync();

    public async Task DisposeAsync() => await _portal.DisposeAsync();

    [Fact]
    public async Task A_large_download_reports_its_progress_up_to_the_whole_size()
    {
        var size = 9L * 1024 * 1024;
        var content = new byte[size];
        new Random(3).NextBytes(content);
        await File.WriteAllBytesAsync(_portal.PathIn("user3", "Big.bin"), content);
        var user3 = _portal.Grains.GetPeer(GrainKeys.DefaultNetwork, "user3");
        var user4 = _portal.Grains.GetPeer(GrainKeys.DefaultNetwork, "user4");
        await _portal.Grains.LogInAsync(GrainKeys.DefaultNetwork, new LoginRequest("user3", "password3"));
        await _portal.Grains.LogInAsync(GrainKeys.DefaultNetwork, new LoginRequest("user4", "password4"));
        await user3.RescanAsync();
        var reports = new ConcurrentQueue<(string Name, long Received, long Total)>();
        var finished = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        DownloadReply reply;
        using (var watch = new TransferWatch(_portal.Grains, (name, received, total) =>
        {
            reports.Enqueue((name, received, total));
            if (received == total)
            {
                finished.TrySetResult();
            }

            return Task.CompletedTask;
        }))
        {
            reply = await user4.DownloadAsync(new DownloadRequest("Big.bin", watch.Reference));
            // Reports are one-way: the last may still be on its way when the download returns.
            await finished.Task.WaitAsync(TimeSpan.FromSeconds(30));
        }

        Assert.Equal(P2PStatus.Ok, reply.Status);
        Assert.All(reports, r => Assert.Equal(("Big.bin", size), (r.Name, r.Total)));
        Assert.True(reports.Count >= 2, $"Expected several reports for {size} bytes, got {reports.Count}.");
        Assert.Contains(reports, r => r.Received == size);
    }
}
