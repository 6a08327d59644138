using System.Buffers;
using System.Runtime.InteropServices;
using System.Text;
using OrleansP2P.Protocol;

namespace OrleansP2P.TrackerText;

/// <summary>
/// One network's Tracker.txt kept as rendered lines, for whole snapshots (a folder's copy of its own, handed a
/// snapshot at sign-up, login or rescan; rounds go through the host's <see cref="RenderedTable"/>): each row's line
/// is formatted once, as UTF-8, and every later snapshot that holds the same row writes those bytes again, a lookup
/// and a copy per row instead of the formatting and encoding of every row. Gives exactly
/// <see cref="TrackerFile.Render"/>'s text (<c>TrackerLinesTests</c>).
/// <para>
/// Lines are found by a row's key and part and kept only while their content matches: rows are immutable, but a
/// snapshot that crossed silos carries copies, and a changed row is a new row under the same key and part. So a
/// line is reused for the same instance, or for a row with the same name and holders (<see cref="TrackerRow.Size"/>
/// is not written); anything else is formatted again. Lines no round used are dropped once they outnumber the
/// table's rows. Thread-safe; one instance per network root (inside <see cref="TrackerFileWriter"/>).
/// </para>
/// </summary>
public sealed class TrackerLines
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    private readonly object _lock = new();
    private readonly Dictionary<RowId, Line> _lines = new(new RowIdComparer());
    private readonly StringBuilder _text = new();
    private long _round;

    /// <summary>How many row lines are kept now.</summary>
    internal int Count
    {
        get
        {
            lock (_lock)
            {
                return _lines.Count;
            }
        }
    }

    /// <summary>How many row lines have been formatted so far (the ones not found kept).</summary>
    internal long Formatted { get; private set; }

    /// <summary>Writes <paramref name="snapshot"/> as Tracker.txt (UTF-8, no byte-order mark) to <paramref name="stream"/>.</summary>
    public void WriteTo(Stream stream, TrackerSnapshot snapshot)
    {
        var rows = snapshot.Rows.Length;
        var lines = ArrayPool<byte[]>.Shared.Rent(rows + 1);
        byte[]? text = null;
        try
        {
            // Lines are immutable arrays: gathered under the lock, copied and written outside it.
            var length = 0;
            lock (_lock)
            {
                _round++;
                _text.Clear();
                lines[0] = Utf8.GetBytes(TrackerFile.AppendHeader(_text, snapshot).ToString());
                length += lines[0].Length;
                var i = 1;
                foreach (var row in TrackerFile.InOrder(snapshot.Rows))
                {
                    length += (lines[i++] = LineOf(row)).Length;
                }

                Prune(rows);
            }

            // One write of the whole file: tens of thousands of small writes cost more than the copy.
            text = ArrayPool<byte>.Shared.Rent(length);
            var at = 0;
            for (var i = 0; i <= rows; i++)
            {
                lines[i].CopyTo(text, at);
                at += lines[i].Length;
            }

            stream.Write(text, 0, length);
        }
        finally
        {
            ArrayPool<byte[]>.Shared.Return(lines, clearArray: true);
            if (text is not null)
            {
                ArrayPool<byte>.Shared.Return(text);
            }
        }
    }

    /// <summary>The whole text, as <see cref="WriteTo"/> writes it (for the copies a folder keeps of its own, and tests).</summary>
    public string Render(TrackerSnapshot snapshot)
    {
        using var text = new MemoryStream();
        WriteTo(text, snapshot);
        return Utf8.GetString(text.GetBuffer(), 0, (int)text.Length);
    }

    private byte[] LineOf(TrackerRow row)
    {
        ref var line = ref CollectionsMarshal.GetValueRefOrAddDefault(_lines, RowId.Of(row), out var found);
        if (!found || !(ReferenceEquals(line!.Row, row) || SameLine(line.Row, row)))
        {
            _text.Clear();
            line = new Line(row, Utf8.GetBytes(TrackerFile.AppendRow(_text, row).ToString()));
            Formatted++;
        }
        else
        {
            // The next round's snapshot most likely holds this instance: found by reference then.
            line.Row = row;
        }

        line.Round = _round;
        return line.Bytes;
    }

    /// <summary>Key and part are the lookup's; these are the rest of what the line shows.</summary>
    private static bool SameLine(TrackerRow kept, TrackerRow row) =>
        string.Equals(kept.Name, row.Name, StringComparison.Ordinal) &&
        kept.Holders.AsSpan().SequenceEqual(row.Holders.AsSpan());

    /// <summary>Drops the lines this round did not use once they are as many as the rows: O(1) a row over time.</summary>
    private void Prune(int rows)
    {
        if (_lines.Count <= 2 * rows + 64)
        {
            return;
        }

        foreach (var (id, line) in _lines)
        {
            if (line.Round != _round)
            {
                _lines.Remove(id);
            }
        }
    }

    private sealed class Line(TrackerRow row, byte[] bytes)
    {
        public TrackerRow Row { get; set; } = row;

        public byte[] Bytes { get; } = bytes;

        public long Round { get; set; }
    }

    private readonly record struct RowId(string Key, int PartIndex, int PartCount)
    {
        public static RowId Of(TrackerRow row) => new(row.Key, row.Part?.Index ?? 0, row.Part?.Count ?? 0);
    }

    /// <summary>
    /// Keys are SHA-256 in hex: their first 16 characters (64 bits) spread as well as all 64, at a quarter of the
    /// hashing a lookup per row per round costs. Still the randomized string hash, so names cannot be picked to collide.
    /// </summary>
    private sealed class RowIdComparer : IEqualityComparer<RowId>
    {
        public bool Equals(RowId x, RowId y) =>
            string.Equals(x.Key, y.Key, StringComparison.Ordinal) && x.PartIndex == y.PartIndex && x.PartCount == y.PartCount;

        public int GetHashCode(RowId id) =>
            HashCode.Combine(string.GetHashCode(id.Key.AsSpan(0, Math.Min(16, id.Key.Length)), StringComparison.Ordinal), id.PartIndex, id.PartCount);
    }
}
