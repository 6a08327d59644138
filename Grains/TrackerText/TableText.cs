using System.Text;
using OrleansP2P.Protocol;

namespace OrleansP2P.TrackerText;

/// <summary>
/// One version of a network's table as Tracker.txt text: what the writers need to put it on disk — its version
/// (versions on disk only move forward), its time (a version's file name) and how to write its bytes. Made from a
/// host's <see cref="RenderedTable"/> each round, or from a whole <see cref="TrackerSnapshot"/> (a peer's own sync).
/// </summary>
public sealed record TableText(long Version, DateTimeOffset UpdatedUtc, Action<Stream> WriteTo)
{
    /// <param name="lines">Rendered lines kept from earlier versions of the same network (none: every row is formatted).</param>
    public static TableText Of(TrackerSnapshot snapshot, TrackerLines? lines = null) =>
        new(snapshot.Version, snapshot.UpdatedUtc, stream => (lines ?? new TrackerLines()).WriteTo(stream, snapshot));

    /// <summary>The whole text, as <see cref="WriteTo"/> writes it (a folder's copy of its own).</summary>
    public string Render()
    {
        using var text = new MemoryStream();
        WriteTo(text);
        return Encoding.UTF8.GetString(text.GetBuffer(), 0, (int)text.Length);
    }
}
