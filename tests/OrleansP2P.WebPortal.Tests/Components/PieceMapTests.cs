using System.Collections.Immutable;
using Bunit;
using OrleansP2P.Protocol;
using OrleansP2P.WebPortal.Components.Transfers;

namespace OrleansP2P.WebPortal.Tests.Components;

/// <summary>The Transfers panel's piece map: a cell per piece for the eye, the same count in words for everyone.</summary>
public sealed class PieceMapTests : MudComponentTest
{
    [Fact]
    public void Each_piece_is_a_cell_filled_when_it_has_arrived_and_the_count_is_said_in_words()
    {
        var map = Enumerable.Range(0, 64).Select(i => i % 2 == 0 || i > 50).ToImmutableArray();

        var shown = Context.Render<PieceMap>(p => p.Add(m => m.Map, map).Add(m => m.Unit, "piece").Add(m => m.Name, "big.bin"));

        var expected = map.Count(c => c);
        Assert.Equal(64, shown.FindAll(".p2p-cell").Count);
        Assert.Equal(expected, shown.FindAll(".p2p-cell-full").Count);
        Assert.Equal(64 - expected, shown.FindAll(".p2p-cell-empty").Count);
        var cells = shown.FindAll(".p2p-cell");
        Assert.All(Enumerable.Range(0, 64), i => Assert.Contains(map[i] ? "p2p-cell-full" : "p2p-cell-empty", cells[i].ClassName));
        Assert.Equal($"{expected} of 64 pieces", shown.Find("[data-testid=piece-map-text]").TextContent);
        var image = shown.Find("[role=img]");
        Assert.Equal($"Arrived of big.bin: {expected} of 64 pieces", image.GetAttribute("aria-label"));
    }

    [Fact]
    public void A_map_bigger_than_the_grid_shows_groups_full_partly_in_or_empty()
    {
        // 1,000 pieces in 125 groups of 8, pieces 0-100 in: 12 groups whole, the 13th (96-103) partly, the rest empty.
        var map = Enumerable.Range(0, 1000).Select(i => i <= 100).ToImmutableArray();

        var shown = Context.Render<PieceMap>(p => p.Add(m => m.Map, map).Add(m => m.Unit, "piece").Add(m => m.Name, "big.bin"));

        Assert.True(shown.FindAll(".p2p-cell").Count <= PieceMap.MaxCells);
        Assert.Equal(125, shown.FindAll(".p2p-cell").Count);
        Assert.Equal(12, shown.FindAll(".p2p-cell-full").Count);
        Assert.Single(shown.FindAll(".p2p-cell-partial"));
        Assert.Equal(112, shown.FindAll(".p2p-cell-empty").Count);
        Assert.Equal("101 of 1000 pieces", shown.Find("[data-testid=piece-map-text]").TextContent);
    }

    [Fact]
    public void A_transfer_of_unknown_size_has_no_grid_and_says_so()
    {
        var shown = Context.Render<PieceMap>(p => p.Add(m => m.Map, []).Add(m => m.Unit, "chunk").Add(m => m.Name, "notes.txt"));

        Assert.Empty(shown.FindAll("[role=img]"));
        Assert.Equal("size not known yet", shown.Find("[data-testid=piece-map-text]").TextContent);
    }

    [Fact]
    public void A_running_transfer_says_its_percent_speed_and_time_left_and_an_ended_one_how_it_ended()
    {
        var running = Transfer(TransferOutcome.Running, bytes: 25 * 1024 * 1024, total: 100 * 1024 * 1024, speed: 5 * 1024 * 1024);

        Assert.Equal("25% · 25 MiB of 100 MiB · 5 MiB/s · about 15 s left", TransferText.Status(running));
        Assert.Equal("From user3 and user2", TransferText.Sources(running with { Sources = ["user3", "user2"] }));
        Assert.Equal("Done · 100 MiB · 5 MiB/s", TransferText.Status(running with { Outcome = TransferOutcome.Done }));
        Assert.Equal("Cancelled · 25 MiB of 100 MiB", TransferText.Status(running with { Outcome = TransferOutcome.Cancelled }));
        Assert.Equal(99, TransferText.Percent(running with { Bytes = 100 * 1024 * 1024 - 1 }));
        Assert.Null(TransferText.Percent(running with { Total = null }));
        Assert.True(TransferText.CanRetry(running with { Outcome = TransferOutcome.Cancelled }));
        Assert.False(TransferText.CanRetry(running with { Outcome = TransferOutcome.Cancelled, Kind = TransferKind.Update }));
    }

    private static TransferInfo Transfer(TransferOutcome outcome, long bytes, long total, double speed) =>
        new("t1", TransferKind.Download, "big.bin", outcome, bytes, total, 0, speed, ["user3"], [], "piece", false, null, DateTimeOffset.UtcNow, null);
}
