using System.Globalization;
using System.Text.RegularExpressions;
using OrleansP2P.Protocol;

namespace OrleansP2P.Storage;

/// <summary>
/// Downloads cut short, kept to be resumed: <c>.p2p/part-&lt;key&gt;-v&lt;version&gt;.tmp</c> holds the pieces received so
/// far at their offsets, and <c>.p2p/part-&lt;key&gt;-v&lt;version&gt;.pieces</c> records which of them were verified (one line:
/// root, piece count, a hex bitmap), replaced atomically. The record may lag the data (a crash between a piece and
/// the next record) and the data may lag the record (a power cut before the page cache reached the disk): recorded
/// pieces are verified again before they are reused, so either only costs a piece fetched again.
/// </summary>
public sealed partial class PartialDownloads(PeerFolder folder, string workDirectory)
{
    public const string Prefix = "part-";
    private const string DataSuffix = ".tmp";
    private const string RecordSuffix = ".pieces";

    public string DataPath(string key, long version) => PathOf(key, version, DataSuffix);

    public string RecordPath(string key, long version) => PathOf(key, version, RecordSuffix);

    /// <summary>Opens (or starts) the partial of one version, written at any offset; it keeps its bytes unless committed or deleted.</summary>
    public IncomingFile Open(string key, long version)
    {
        Directory.CreateDirectory(workDirectory);
        return new IncomingFile(folder, DataPath(key, version), append: true, hashWhole: false);
    }

    /// <summary>Records the pieces verified so far (index → done).</summary>
    public Task RecordAsync(string key, long version, PieceLayout layout, IReadOnlyList<bool> done) =>
        AtomicFile.WriteTextAsync(RecordPath(key, version), Format(layout.Root, done), workDirectory);

    /// <summary>The pieces recorded as verified for this version and root, or none (no record, another root, a malformed one).</summary>
    public IReadOnlyList<int> RecordedPieces(string key, long version, PieceLayout layout, int count)
    {
        try
        {
            return File.Exists(DataPath(key, version)) && Parse(File.ReadAllText(RecordPath(key, version)), layout.Root, count) is { } done
                ? [.. Enumerable.Range(0, count).Where(i => done[i])]
                : [];
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }

    /// <summary>Every partial in the work area, by key and version.</summary>
    public IReadOnlyList<(string Key, long Version)> List() =>
        !Directory.Exists(workDirectory) ? [] :
        [.. Directory.EnumerateFiles(workDirectory, Prefix + "*")
            .Select(p => NamePattern().Match(Path.GetFileName(p)))
            .Where(m => m.Success)
            .Select(m => (m.Groups[1].Value, long.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture)))
            .Distinct()];

    /// <summary>Deletes the partial of one version, its data and its record.</summary>
    public void Delete(string key, long version)
    {
        File.Delete(DataPath(key, version));
        File.Delete(RecordPath(key, version));
    }

    /// <summary>Deletes every partial of <paramref name="key"/> but the one of <paramref name="keep"/>; returns how many went.</summary>
    public int DeleteOthers(string key, long keep)
    {
        var others = List().Where(p => p.Key == key && p.Version != keep).ToList();
        foreach (var (_, version) in others)
        {
            Delete(key, version);
        }

        return others.Count;
    }

    internal static string Format(string root, IReadOnlyList<bool> done)
    {
        var bits = new byte[(done.Count + 7) / 8];
        for (var i = 0; i < done.Count; i++)
        {
            if (done[i])
            {
                bits[i / 8] |= (byte)(1 << (i % 8));
            }
        }

        return string.Create(CultureInfo.InvariantCulture, $"{root} {done.Count} {Convert.ToHexStringLower(bits)}\n");
    }

    internal static bool[]? Parse(string text, string root, int count)
    {
        var fields = text.Trim().Split(' ');
        if (fields.Length != 3 || fields[0] != root || fields[1] != count.ToString(CultureInfo.InvariantCulture) || fields[2].Length != (count + 7) / 8 * 2)
        {
            return null;
        }

        byte[] bits;
        try
        {
            bits = Convert.FromHexString(fields[2]);
        }
        catch (FormatException)
        {
            return null;
        }

        return [.. Enumerable.Range(0, count).Select(i => (bits[i / 8] & (1 << (i % 8))) != 0)];
    }

    private string PathOf(string key, long version, string suffix) =>
        FileKey.IsWellFormed(key) && version > 0
            ? Path.Combine(workDirectory, string.Create(CultureInfo.InvariantCulture, $"{Prefix}{key}-v{version}{suffix}"))
            : throw new ArgumentException($"No partial download is named by key '{key}' and version {version}.");

    [GeneratedRegex(@"^part-([0-9a-f]{16})-v([0-9]{1,18})\.(?:tmp|pieces)$")]
    private static partial Regex NamePattern();
}
