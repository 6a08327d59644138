using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using OrleansP2P.Protocol;
using OrleansP2P.Storage;
using OrleansP2P.Tests.Cluster;

namespace OrleansP2P.Tests.Sync;

/// <summary>
/// A slow writer pauses longer than the watcher's quiet period, so the watcher reads its file half-written; it
/// writes again while that reading is under way, right after it read the file (the folders' test hook is the writer
/// resuming at that very moment, with no sleeps). Nothing half-written is ever published: the network goes from the
/// first version straight to the whole file, and the holder gets only that.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class SlowWriterTests(ClusterFixture fixture)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    private IEnumerable<PeerFolders> FoldersOfEverySilo =>
        fixture.Cluster.Silos.Select(silo => silo.ServiceProvider.GetRequiredService<PeerFolders>());

    [Fact]
    public async Task A_writer_that_resumes_while_its_half_written_file_is_being_read_never_has_it_shared_half_written()
    {
        var net = await SpecNetwork.SeedAsync(fixture);
        await net.LogInAsync("user4");
        Assert.Equal(P2PStatus.Ok, (await net.Peer("user4").DownloadAsync(new DownloadRequest("File3.txt"))).Status);
        var path = Path.GetFullPath(net.PathIn("user3", "File3.txt"));
        var steps = Enumerable.Range(1, 3).Select(i => $"step {i} of user3's slow rewrite of File3\n").ToArray();
        var written = 1;
        var resumedWhileRead = 0;

        // Each time a reading has read the file (copied it to publish), the writer, paused until then, writes its next step.
        Task WriterResumes(string read)
        {
            if (read == path && Interlocked.Increment(ref written) - 1 is var step && step < steps.Length)
            {
                File.AppendAllText(path, steps[step]);
                Interlocked.Increment(ref resumedWhileRead);
            }

            return Task.CompletedTask;
        }

        foreach (var folders in FoldersOfEverySilo)
        {
            folders.AfterCopiedOut = WriterResumes;
        }

        try
        {
            File.WriteAllText(path, steps[0]);

            var whole = string.Concat(steps);
            var wholeSha = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(whole)));
            var file = net.Grains.GetFile(net.Name, FileKey.Compute("File3.txt"));
            await TestClusters.WaitUntilAsync(async () => (await file.ListVersionsAsync())[^1].Sha256 == wholeSha, Deadline, "the network's File3.txt is the whole rewrite");

            var versions = await file.ListVersionsAsync();
            Assert.Equal(steps.Length - 1, resumedWhileRead);
            Assert.Equal([1L, 2L], versions.Select(v => v.Version));
            Assert.Equal(whole.Length, versions[^1].Size);
            await TestClusters.WaitUntilAsync(() => Task.FromResult(ReadOrNull(net.PathIn("user4", "File3.txt")) == whole), Deadline, "user4's File3.txt is the whole rewrite");
        }
        finally
        {
            foreach (var folders in FoldersOfEverySilo)
            {
                folders.AfterCopiedOut = null;
            }
        }
    }

    /// <summary>A file being replaced may be read mid-way: that is "not yet".</summary>
    private static string? ReadOrNull(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (IOException)
        {
            return null;
        }
    }
}
