using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;
using OrleansP2P.Protocol;
using OrleansP2P.Storage;
using OrleansP2P.Tests.Cluster;

namespace OrleansP2P.Tests.Durability;

/// <summary>
/// Issue 12 item 14: a download that races an edit. user4's download of File3.txt has its bytes (version 1) and is
/// about to announce itself when user3's edit makes version 2 current. The download must not answer 200 with a copy
/// of version 1 (the defect: a copy nobody updates): it goes on to version 2, or answers 409 and keeps nothing.
/// </summary>
public sealed class RaceTests : IAsyncLifetime
{
    private readonly string _dataRoot = TestClusters.NewDataRoot();
    private readonly AnnouncementGate _gate = new(a => a.Peer == "user4" && a.File.Name == "File3.txt");
    private InProcessTestCluster _cluster = null!;

    public async Task InitializeAsync() =>
        _cluster = await TestClusters.StartAsync(_dataRoot, 2, configure: silo => silo.AddOutgoingGrainCallFilter(_gate));

    public async Task DisposeAsync()
    {
        _gate.Release();
        await _cluster.StopAllSilosAsync();
        await _cluster.DisposeAsync();
        TestClusters.DeleteDataRoot(_dataRoot);
    }

    [Fact]
    public async Task A_download_that_an_edit_overtakes_ends_with_the_current_version_or_409_and_nothing()
    {
        var net = await SpecNetwork.SeedAsync(_cluster.Client, _cluster.Silos[0].ServiceProvider.GetRequiredService<PeerFolders>(), "race");
        await net.LogInAsync("user3");
        await net.LogInAsync("user4");

        var download = net.Peer("user4").DownloadAsync(new DownloadRequest("File3.txt"));
        await _gate.Held.Task.WaitAsync(TimeSpan.FromSeconds(60));

        // The bytes of version 1 are in; before user4 is listed, user3's edit wins version 2.
        var edit = await net.SaveTextAsync("user3", "File3.txt", "version 2 by user3, while user4 downloaded\n", 1);
        Assert.Equal(P2PStatus.Ok, edit.Status);
        Assert.Equal(0, edit.HoldersUpdated);
        _gate.Release();
        var reply = await download;

        // Either it went on to the current version (and is listed as its holder), or it answered 409 and kept nothing.
        if (reply.Status == P2PStatus.Conflict)
        {
            Assert.Contains("nothing was kept", reply.Reason);
            Assert.False(net.Has("user4", "File3.txt"));
            Assert.DoesNotContain(await net.Peer("user4").ListFilesAsync(), f => f.Name == "File3.txt");
            Assert.Equal(P2PStatus.Ok, (await net.Peer("user4").DownloadAsync(new DownloadRequest("File3.txt"))).Status);
        }
        else
        {
            Assert.Equal(P2PStatus.Ok, reply.Status);
            Assert.Equal(2, reply.File!.Version);
        }

        Assert.Equal("version 2 by user3, while user4 downloaded\n", net.ReadText("user4", "File3.txt"));
        Assert.Equal(2, (await net.Peer("user4").ListFilesAsync()).Single(f => f.Name == "File3.txt").Version);
        Assert.Equal<string>(["user3", "user4"], (await net.Grains.GetFile(net.Name, FileKey.Compute("File3.txt")).LocateAsync()).Location!.WholeHolders);

        // Listed as a holder of the current version: the next edit reaches it at once, in the reply's count.
        var next = await net.SaveTextAsync("user3", "File3.txt", "version 3\n", 2);
        Assert.Equal(1, next.HoldersUpdated);
        Assert.Equal("version 3\n", net.ReadText("user4", "File3.txt"));
    }
}
