using System.Net;
using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OrleansP2P.Diagnostics;
using OrleansP2P.Protocol;
using OrleansP2P.Tests.Durability;
using OrleansP2P.WebPortal.Tests.Api;
using OrleansP2P.WebPortal.Tests.Browser;
using OrleansP2P.WebPortal.Tests.Hosting;

namespace OrleansP2P.WebPortal.Tests.Operations;

/// <summary>
/// A stop (what SIGTERM does: the host's StopAsync) during a download: within P2P:ShutdownGrace the download
/// finishes while new transfers get 503; cut off by a stop without grace, it leaves no corrupt file and can be
/// asked for again after the restart.
/// </summary>
[Collection(AloneCollection.Name)]
public sealed class GracefulStopTests : IDisposable
{
    private const string Big = "Big.bin";
    private readonly string _root = Path.Combine(Path.GetTempPath(), "orleansp2p-portal-tests", Guid.NewGuid().ToString("N"));
    private readonly byte[] _content = RandomNumberGenerator.GetBytes(96 * 1024 * 1024);

    /// <summary>
    /// Holds user4's reads of Big.bin's second half in the first test, so the stop provably begins while the download
    /// runs, and the download is still running when the checks of the stop are made, however fast the machine. (It
    /// once ran to its end first; the stop then went on and closed the port under the checks.)
    /// </summary>
    private readonly ChunkReadHold _secondHalf = new(r => r.Requester == "user4" && r.Key == FileKey.Compute(Big) && r.Offset >= 48 * 1024 * 1024);

    [Fact]
    public async Task A_stop_during_a_download_lets_it_finish_and_refuses_new_transfers_with_503()
    {
        await using var portal = await StartAsync(grace: "00:00:30", hold: _secondHalf);
        using var user4 = await ApiClient.LogInAsync(portal, "user4");
        var download = user4.Http.PostAsync($"/api/files/{Big}/download", null);
        await WhileDownloadRunsAsync(portal, download);

        var stopping = Task.Run(() => portal.Services.GetRequiredService<IHost>().StopAsync());
        await Eventually.TrueAsync(() => portal.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping.IsCancellationRequested, "the stop begins");
        using var scraper = new HttpClient { BaseAddress = portal.BaseAddress };
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await scraper.GetAsync("/health/ready")).StatusCode);
        var refused = await user4.Http.PostAsync("/api/files/File3.txt/download", null);
        await ApiClient.AssertErrorAsync(refused, HttpStatusCode.ServiceUnavailable);
        Assert.NotNull(refused.Headers.RetryAfter);

        // Within the grace the held download goes on to its end.
        Assert.False(download.IsCompleted, "the download was still held");
        _secondHalf.Release();
        Assert.Equal(HttpStatusCode.OK, (await download).StatusCode);
        await stopping;
        Assert.Equal(SHA256.HashData(_content), SHA256.HashData(await File.ReadAllBytesAsync(Path.Combine(portal.FolderOf("user4"), Big))));
        Assert.False(File.Exists(Path.Combine(portal.FolderOf("user4"), "File3.txt")), "the refused download changed nothing");
    }

    [Fact]
    public async Task A_download_cut_off_by_a_stop_leaves_no_corrupt_file_and_can_be_retried_after_the_restart()
    {
        await using (var portal = await StartAsync(grace: "00:00:00"))
        {
            using var user4 = await ApiClient.LogInAsync(portal, "user4");
            var download = user4.Http.PostAsync($"/api/files/{Big}/download", null);
            await WhileDownloadRunsAsync(portal, download);
            await portal.Services.GetRequiredService<IHost>().StopAsync();
            try
            {
                await download;
            }
            catch (HttpRequestException)
            {
                // Cut off: the connection closed under the request.
            }

            AssertWholeOrAbsent(Path.Combine(portal.FolderOf("user4"), Big));
        }

        await using (var restarted = await StartAsync(grace: "00:00:30"))
        {
            AssertWholeOrAbsent(Path.Combine(restarted.FolderOf("user4"), Big));
            using var user4 = await ApiClient.LogInAsync(restarted, "user4");
            Assert.Equal(HttpStatusCode.OK, (await user4.Http.PostAsync($"/api/files/{Big}/download", null)).StatusCode);
            Assert.Equal(SHA256.HashData(_content), SHA256.HashData(await File.ReadAllBytesAsync(Path.Combine(restarted.FolderOf("user4"), Big))));
        }
    }

    public void Dispose()
    {
        _secondHalf.Release();
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }

    /// <summary>A portal on this test's data root; user1 holds Big.bin (announced when user1 logs in); <paramref name="hold"/> may hold chunk reads.</summary>
    private async Task<PortalFactory> StartAsync(string grace, ChunkReadHold? hold = null)
    {
        var portal = await new PortalFactory(new Dictionary<string, string?> { ["P2P:DataRoot"] = _root, ["P2P:ShutdownGrace"] = grace })
        {
            DataRoot = _root,
            KeepDataRoot = true,
            TestServices = services =>
            {
                if (hold is not null)
                {
                    services.AddSingleton<IIncomingGrainCallFilter>(hold);
                }
            },
        }.StartAsync();
        var big = Path.Combine(portal.FolderOf("user1"), Big);
        if (!File.Exists(big))
        {
            await File.WriteAllBytesAsync(big, _content);
        }

        using var user1 = await ApiClient.LogInAsync(portal, "user1");
        return portal;
    }

    private static async Task WhileDownloadRunsAsync(PortalFactory portal, Task<HttpResponseMessage> download)
    {
        var transfers = portal.Services.GetRequiredService<Transfers>();
        await Eventually.TrueAsync(() => transfers.Running > 0 || download.IsCompleted, "the download runs");
        Assert.False(download.IsCompleted, "the download finished before the stop; the file is too small for this machine");
    }

    private void AssertWholeOrAbsent(string path)
    {
        if (File.Exists(path))
        {
            Assert.Equal(SHA256.HashData(_content), SHA256.HashData(File.ReadAllBytes(path)));
        }
    }
}
