using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using OrleansP2P.Protocol;
using OrleansP2P.Tests.Durability;
using OrleansP2P.WebPortal.Tests.Hosting;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace OrleansP2P.WebPortal.Tests.Browser;

/// <summary>
/// Issue 16 item 1, the Transfers panel, with two people in two browsers: user3 uploads a file of 64 pieces, user4
/// gets a copy and watches it in its panel (sources, piece map), which a reload keeps; a download cancelled half-way
/// keeps its verified pieces, and the retry reuses them.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class TransfersTests(ChromiumFixture chromium, ITestOutputHelper output) : IAsyncLifetime
{
    /// <summary>Small pieces, so a 1 MiB file is 64 of them.</summary>
    private const int Piece = 16 * 1024;

    private const int Size = 64 * Piece;

    private readonly ChunkReadHold _hold = new(r => r.Requester == "user4" && r.Key == FileKey.Compute("half.bin") && r.Offset >= 16 * Piece);
    private PortalFactory _portal = null!;

    public async Task InitializeAsync() =>
        _portal = await new PortalFactory(new Dictionary<string, string?> { ["P2P:PieceSizeBytes"] = $"{Piece}" })
        {
            TestServices = services => services.AddSingleton<IIncomingGrainCallFilter>(_hold),
        }.StartAsync();

    public async Task DisposeAsync()
    {
        _hold.Release();
        await _portal.DisposeAsync();
    }

    [Fact]
    public async Task User4_gets_a_64_piece_file_from_user3_and_its_panel_shows_the_source_and_every_piece_also_after_a_reload()
    {
        await using var user3 = await PortalSession.OpenAsync(chromium.Browser, _portal);
        await using var user4 = await PortalSession.OpenAsync(chromium.Browser, _portal);
        await user3.LogInAsync("user3", "password3");
        await user4.LogInAsync("user4", "password4");
        var content = Content(1);

        var chooser = await user3.Page.RunAndWaitForFileChooserAsync(() => user3.Button("Upload files").ClickAsync());
        await chooser.SetFilesAsync([new FilePayload { Name = "big.bin", MimeType = "application/octet-stream", Buffer = content }]);
        await Expect(user3.Snackbar("Uploaded big.bin")).ToBeVisibleAsync();
        await OpenTransfersAsync(user3);
        var upload = Card(user3, "big.bin");
        await Expect(upload).ToHaveAttributeAsync("data-outcome", "done");
        await Expect(upload).ToContainTextAsync("Upload");
        await Expect(upload.GetByTestId("transfer-sources")).ToHaveTextAsync("From your computer");

        await user4.Button("Get a copy of big.bin").ClickAsync();
        await Expect(user4.Snackbar("Got a copy of big.bin")).ToBeVisibleAsync();
        Assert.Equal(content, await File.ReadAllBytesAsync(_portal.PathIn("user4", "big.bin")));
        await OpenTransfersAsync(user4);

        var download = Card(user4, "big.bin");
        await ExpectDoneFromUser3Async(download);
        output.WriteLine($"Screenshot: {await user4.ScreenshotAsync("transfers")}");
        var found = (await Axe.SeriousViolationsAsync(user4.Page, "the Transfers page")).ToList();

        await user4.Page.ReloadAsync();
        await user4.WaitUntilInteractiveAsync();
        await ExpectDoneFromUser3Async(Card(user4, "big.bin"));

        await user4.Page.SetViewportSizeAsync(390, 844);
        found.AddRange(await NarrowScreenTests.PastTheEdgeAsync(user4.Page, "the Transfers page at 390 px"));
        Assert.True(found.Count == 0, string.Join("\n", found));
    }

    [Fact]
    public async Task A_download_cancelled_half_way_keeps_its_verified_pieces_and_the_retry_reuses_them()
    {
        // user3 shares half.bin; user4's reads of it past the 16th piece wait until the test lets them go.
        Assert.Equal(P2PStatus.Ok, (await _portal.Grains.LogInAsync(GrainKeys.DefaultNetwork, new LoginRequest("user3", "password3"))).Status);
        var content = Content(2);
        using (var stream = new MemoryStream(content))
        {
            Assert.Equal(P2PStatus.Created, (await _portal.Grains.GetPeer(GrainKeys.DefaultNetwork, "user3").UploadAndSaveAsync("half.bin", stream, null)).Status);
        }

        await using var user4 = await PortalSession.OpenAsync(chromium.Browser, _portal);
        await user4.LogInAsync("user4", "password4");
        await user4.Button("Get a copy of half.bin").ClickAsync();
        await OpenTransfersAsync(user4);
        var running = Card(user4, "half.bin");
        await Expect(running).ToHaveAttributeAsync("data-outcome", "running");
        await Expect(running.GetByTestId("piece-map-text")).ToHaveTextAsync("16 of 64 pieces");
        await Expect(running.GetByRole(AriaRole.Img)).ToHaveAttributeAsync("aria-label", "Arrived of half.bin: 16 of 64 pieces");
        await Expect(running.GetByTestId("transfer-sources")).ToHaveTextAsync("From user3");
        await Expect(running.GetByRole(AriaRole.Progressbar)).ToBeVisibleAsync();
        await Expect(user4.Page.GetByTestId("transfers-active")).ToHaveTextAsync("1 active");

        await user4.Button("Cancel the download of half.bin").ClickAsync();

        await Expect(running).ToHaveAttributeAsync("data-outcome", "cancelled");
        await Expect(running.GetByTestId("transfer-reason")).ToContainTextAsync("16 of 64 pieces are kept");
        await Expect(running.GetByTestId("piece-map-text")).ToHaveTextAsync("16 of 64 pieces");
        await Expect(user4.Page.GetByTestId("transfers-active")).ToHaveCountAsync(0);
        Assert.False(File.Exists(_portal.PathIn("user4", "half.bin")));
        var found = (await Axe.SeriousViolationsAsync(user4.Page, "the Transfers page with a cancelled download")).ToList();
        Assert.True(found.Count == 0, string.Join("\n", found));

        _hold.Release();
        await user4.Button("Retry the download of half.bin").ClickAsync();

        await Expect(user4.Snackbar("Got a copy of half.bin; 256 KiB reused from the earlier try")).ToBeVisibleAsync();
        var retried = Card(user4, "half.bin");
        await Expect(retried).ToHaveAttributeAsync("data-outcome", "done");
        await Expect(retried.GetByTestId("transfer-reused")).ToHaveTextAsync("Reused 256 KiB from an earlier try");
        await Expect(retried.GetByTestId("piece-map-text")).ToHaveTextAsync("64 of 64 pieces");
        await Expect(user4.Page.GetByTestId("transfer-half.bin")).ToHaveCountAsync(2);
        Assert.Equal(content, await File.ReadAllBytesAsync(_portal.PathIn("user4", "half.bin")));
    }

    private static async Task OpenTransfersAsync(PortalSession user)
    {
        await user.Page.GetByRole(AriaRole.Link, new() { Name = "Transfers" }).ClickAsync();
        await user.Page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/transfers");
        await user.WaitUntilInteractiveAsync();
    }

    /// <summary>The newest transfer of <paramref name="name"/> (the list is newest first).</summary>
    private static ILocator Card(PortalSession user, string name) => user.Page.GetByTestId($"transfer-{name}").First;

    private static async Task ExpectDoneFromUser3Async(ILocator card)
    {
        await Expect(card).ToHaveAttributeAsync("data-outcome", "done");
        await Expect(card).ToContainTextAsync("Download");
        await Expect(card.GetByTestId("transfer-status")).ToContainTextAsync("Done · 1 MiB");
        await Expect(card.GetByTestId("transfer-sources")).ToHaveTextAsync("From user3");
        await Expect(card.GetByTestId("piece-map-text")).ToHaveTextAsync("64 of 64 pieces");
        await Expect(card.GetByRole(AriaRole.Img)).ToHaveAttributeAsync("aria-label", "Arrived of big.bin: 64 of 64 pieces");
        await Expect(card.Locator(".p2p-cell-full")).ToHaveCountAsync(64);
    }

    private static byte[] Content(int seed)
    {
        var bytes = new byte[Size];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }
}
