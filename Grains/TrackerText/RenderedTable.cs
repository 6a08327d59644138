using System.Text;
using OrleansP2P.Protocol;

namespace OrleansP2P.TrackerText;

/// <summary>
/// One network's Tracker.txt as a host keeps it between rounds: the rows in Tracker.txt order, each with its
/// UTF-8 line, in blocks of at most <see cref="BlockSize"/> rows whose lines are joined once. A round's
/// <see cref="TrackerChanges"/> replace the rows of the files that changed — O(changes · log rows) — and only
/// their blocks are joined again; writing the file is then a write per block, O(rows / block) calls and the bytes.
/// So a round's cost is that of its changes, however large the network, apart from the copy of the bytes
/// the format itself asks for. Gives exactly <see cref="TrackerFile.Render"/>'s text (<c>RenderedTableTests</c>).
/// Not thread-safe: its host's grain owns it and awaits every write.
/// </summary>
public sealed class RenderedTable
{
    /// <summary>Rows per block at most: a changed row joins about 25 KiB of lines again, and 30,000 rows are ~250 writes.</summary>
    internal const int BlockSize = 256;

    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    private readonly List<Block> _blocks = [];
    private readonly Dictionary<string, TrackerRow[]> _rowsOf = new(StringComparer.Ordinal);
    private readonly StringBuilder _text = new();

    /// <summary>The version shown; -1 until a whole table came (<see cref="Reset"/>).</summary>
    public long Version { get; private set; } = -1;

    public DateTimeOffset UpdatedUtc { get; private set; }

    public int Count { get; private set; }

    /// <summary>How many row lines have been formatted so far (tests: a round formats only its changes).</summary>
    internal long Formatted { get; private set; }

    /// <summary>How many blocks have been joined so far (tests: a round joins only the blocks it changed).</summary>
    internal long Joined { get; private set; }

    /// <summary>This table as text to write: its version, time and bytes.</summary>
    public TableText Text => new(Version, UpdatedUtc, WriteTo);

    /// <summary>Makes this the whole table of <paramref name="snapshot"/>.</summary>
    public void Reset(TrackerSnapshot snapshot)
    {
        _blocks.Clear();
        _rowsOf.Clear();
        Count = 0;
        var block = new Block();
        foreach (var row in TrackerFile.InOrder(snapshot.Rows))
        {
            if (block.Rows.Count == BlockSize)
            {
                _blocks.Add(block);
                block = new Block();
            }

            block.Rows.Add(new Line(row, Format(row)));
            Count++;
        }

        if (block.Rows.Count > 0)
        {
            _blocks.Add(block);
        }

        foreach (var rows in snapshot.Rows.GroupBy(r => r.Key, StringComparer.Ordinal))
        {
            _rowsOf[rows.Key] = [.. rows];
        }

        (Version, UpdatedUtc) = (snapshot.Version, snapshot.UpdatedUtc);
    }

    /// <summary>
    /// Applies a round's changes. They hold every file changed since <see cref="TrackerChanges.FromVersion"/>, each
    /// with its rows as they are at <see cref="TrackerChanges.Version"/>, so they apply to any table from that base
    /// up to their own version. False (and nothing changed) when this table is older than their base or has none:
    /// the caller fetches the whole table. Changes older than this table are already in it: true, nothing to do.
    /// </summary>
    public bool TryApply(TrackerChanges changes)
    {
        if (Version < 0 || changes.Version <= Version)
        {
            return Version >= 0;
        }

        if (Version < changes.FromVersion)
        {
            return false;
        }

        foreach (var file in changes.Files)
        {
            if (_rowsOf.Remove(file.Key, out var old))
            {
                foreach (var row in old)
                {
                    Remove(row);
                }
            }

            if (!file.Rows.IsDefaultOrEmpty)
            {
                foreach (var row in file.Rows)
                {
                    Insert(row);
                }

                _rowsOf[file.Key] = [.. file.Rows];
            }
        }

        (Version, UpdatedUtc) = (changes.Version, changes.UpdatedUtc);
        return true;
    }

    /// <summary>Writes the table as Tracker.txt (UTF-8, no byte-order mark): the header, then each block's joined lines.</summary>
    public void WriteTo(Stream stream)
    {
        _text.Clear();
        stream.Write(Utf8.GetBytes(TrackerFile.AppendHeader(_text, Version, UpdatedUtc).ToString()));
        foreach (var block in _blocks)
        {
            stream.Write(block.Bytes ??= Join(block));
        }
    }

    /// <summary>The whole text, as <see cref="WriteTo"/> writes it.</summary>
    public string Render() => Text.Render();

    private void Insert(TrackerRow row)
    {
        var line = new Line(row, Format(row));
        Count++;
        if (_blocks.Count == 0)
        {
            _blocks.Add(new Block { Rows = { line } });
            return;
        }

        var block = _blocks[BlockOf(row)];
        var at = block.Rows.BinarySearch(line, LineOrder.Instance);
        block.Rows.Insert(at < 0 ? ~at : at, line);
        block.Bytes = null;
        if (block.Rows.Count > BlockSize)
        {
            // Split in halves, so a run of inserts at one place splits again only after BlockSize / 2 more.
            var half = new Block();
            half.Rows.AddRange(block.Rows.GetRange(BlockSize / 2, block.Rows.Count - BlockSize / 2));
            block.Rows.RemoveRange(BlockSize / 2, block.Rows.Count - BlockSize / 2);
            _blocks.Insert(_blocks.IndexOf(block) + 1, half);
        }
    }

    private void Remove(TrackerRow row)
    {
        if (_blocks.Count == 0)
        {
            return;
        }

        var index = BlockOf(row);
        var block = _blocks[index];
        var at = block.Rows.BinarySearch(new Line(row, []), LineOrder.Instance);
        if (at < 0)
        {
            return;
        }

        block.Rows.RemoveAt(at);
        block.Bytes = null;
        Count--;
        if (block.Rows.Count == 0)
        {
            _blocks.RemoveAt(index);
        }
    }

    /// <summary>The block <paramref name="row"/> belongs in: the last one whose first row is not after it (the first one for a row before all).</summary>
    private int BlockOf(TrackerRow row)
    {
        var (low, high) = (0, _blocks.Count - 1);
        while (low < high)
        {
            var middle = (low + high + 1) / 2;
            if (TrackerFile.RowComparer.Compare(_blocks[middle].Rows[0].Row, row) <= 0)
            {
                low = middle;
            }
            else
            {
                high = middle - 1;
            }
        }

        return low;
    }

    private byte[] Format(TrackerRow row)
    {
        _text.Clear();
        Formatted++;
        return Utf8.GetBytes(TrackerFile.AppendRow(_text, row).ToString());
    }

    private byte[] Join(Block block)
    {
        Joined++;
        var bytes = new byte[block.Rows.Sum(l => l.Bytes.Length)];
        var at = 0;
        foreach (var line in block.Rows)
        {
            line.Bytes.CopyTo(bytes, at);
            at += line.Bytes.Length;
        }

        return bytes;
    }

    private sealed record Line(TrackerRow Row, byte[] Bytes);

    private sealed class Block
    {
        public List<Line> Rows { get; } = [];

        /// <summary>The rows' lines joined; null after a change, joined again at the next write.</summary>
        public byte[]? Bytes { get; set; }
    }

    private sealed class LineOrder : IComparer<Line>
    {
        public static LineOrder Instance { get; } = new();

        public int Compare(Line? x, Line? y) => TrackerFile.RowComparer.Compare(x?.Row, y?.Row);
    }
}
