using OrleansP2P.Peers;
using OrleansP2P.Protocol;
using OrleansP2P.Storage;
using OrleansP2P.Sync;

namespace OrleansP2P.Tests.Unit;

/// <summary>
/// What one reading of a folder asks the disk, counted on a folder in memory: a change looks at the names its events
/// named (and the held copy of each one's key), never at the whole folder, which grows with the network.
/// </summary>
public sealed class FolderReadingTests
{
    private static readonly IgnoredNames Ignored = new(IgnoredNames.DefaultPatterns);

    private static readonly DateTime At = new(2026, 12, 7, 12, 0, 0, DateTimeKind.Utc);

    /// <summary>A folder of <paramref name="names"/>; every question it is asked is counted.</summary>
    private sealed class CountingFolder(params string[] names) : IFolderEntries
    {
        public int Scans { get; private set; }

        public List<string> Found { get; } = [];

        public IReadOnlyList<StoredFile> Scan(IgnoredNames? ignored)
        {
            Scans++;
            return [.. names.Where(n => PeerFolder.IsCandidate(n, ignored)).Select(Stored).OfType<StoredFile>()];
        }

        public IReadOnlyList<string> FindUnsharableNames(IgnoredNames? ignored)
        {
            Scans++;
            return [.. names.Where(n => PeerFolder.IsCandidate(n, ignored) && Stored(n) is null)];
        }

        public StoredFile? Find(string storedName)
        {
            Found.Add(storedName);
            return names.Contains(storedName) ? Stored(storedName) : null;
        }

        public bool Contains(string storedName)
        {
            Found.Add(storedName);
            return names.Contains(storedName);
        }

        private static StoredFile? Stored(string storedName) =>
            FileNames.TryParseStored(storedName, out var name, out var part) ? new StoredFile(storedName, name, part, 10, At) : null;
    }

    private static string[] Many(int count) => [.. Enumerable.Range(0, count).Select(i => $"Other{i}.txt")];

    private static Dictionary<string, HeldFile> Held(params string[] storedNames) =>
        storedNames.ToDictionary(
            n => FileKey.Compute(FileNames.TryParseStored(n, out var name, out _) ? name : n),
            n => new HeldFile(new FileDescriptor(FileKey.Compute(n), n, 1, "sha", 10), n, At));

    [Fact]
    public void A_change_to_one_name_in_a_folder_of_a_thousand_files_looks_at_that_name_alone()
    {
        var folder = new CountingFolder([.. Many(1_000), "New.txt"]);

        var reading = FolderReading.Of(folder, Ignored, ["New.txt"], Held(Many(1_000)));

        Assert.Equal(0, folder.Scans);
        Assert.Equal<string>(["New.txt"], folder.Found);
        Assert.Equal<string>(["New.txt"], reading.Present.Select(s => s.StoredName));
        Assert.True(reading.Covers("New.txt"));
        Assert.False(reading.Covers("Other1.txt"));
    }

    [Fact]
    public void A_name_whose_key_is_held_under_another_copy_is_read_with_that_copy_whole_file_first()
    {
        var folder = new CountingFolder([.. Many(100), "File2.txt", "File2.txt.part1of2"]);

        var reading = FolderReading.Of(folder, Ignored, ["File2.txt.part1of2"], Held([.. Many(100), "File2.txt"]));

        Assert.Equal(0, folder.Scans);
        Assert.Equal<string>(["File2.txt", "File2.txt.part1of2"], reading.Present.Select(s => s.StoredName));
        Assert.True(reading.Covers("File2.txt"));
    }

    [Fact]
    public void A_deleted_name_is_covered_and_absent_so_its_held_copy_counts_as_gone()
    {
        var folder = new CountingFolder(Many(10));

        var reading = FolderReading.Of(folder, Ignored, ["Gone.txt"], Held([.. Many(10), "Gone.txt"]));

        Assert.Empty(reading.Present);
        Assert.True(reading.Covers("Gone.txt"));
        Assert.Equal(0, folder.Scans);
    }

    [Fact]
    public void A_names_reading_finds_the_held_copies_it_covers_by_their_keys_never_walking_the_table()
    {
        var folder = new CountingFolder([.. Many(1_000), "File2.txt.part1of2"]);
        var table = new UnwalkableTable(Held([.. Many(1_000), "Gone.txt", "File2.txt"]));

        var reading = FolderReading.Of(folder, Ignored, ["Gone.txt", "File2.txt.part1of2", "Other7.txt"], table);
        var covered = reading.HeldCopiesIn(table).Select(e => e.Value.StoredName).Order(StringComparer.Ordinal).ToList();

        Assert.Equal<string>(["File2.txt", "Gone.txt", "Other7.txt"], covered);
        Assert.Equal(0, table.Walks);
    }

    [Fact]
    public void A_whole_reading_covers_every_held_copy()
    {
        var table = Held([.. Many(5), "Gone.txt"]);

        var reading = FolderReading.Of(new CountingFolder(Many(5)), Ignored, null, table);

        Assert.Equal(6, reading.HeldCopiesIn(table).Count());
    }

    /// <summary>A peer's table that counts every walk of its entries (lookups by key are free).</summary>
    private sealed class UnwalkableTable(Dictionary<string, HeldFile> rows) : IReadOnlyDictionary<string, HeldFile>
    {
        public int Walks { get; private set; }

        public HeldFile this[string key] => rows[key];

        public IEnumerable<string> Keys => Walk().Select(e => e.Key);

        public IEnumerable<HeldFile> Values => Walk().Select(e => e.Value);

        public int Count => rows.Count;

        public bool ContainsKey(string key) => rows.ContainsKey(key);

        public bool TryGetValue(string key, [System.Diagnostics.CodeAnalysis.MaybeNullWhen(false)] out HeldFile value) => rows.TryGetValue(key, out value);

        public IEnumerator<KeyValuePair<string, HeldFile>> GetEnumerator() => Walk().GetEnumerator();

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

        private IEnumerable<KeyValuePair<string, HeldFile>> Walk()
        {
            Walks++;
            return rows;
        }
    }

    [Fact]
    public void Ignored_hidden_unsafe_and_TrackerTxt_names_are_never_read_and_an_invalid_name_is_reported()
    {
        var folder = new CountingFolder("File1.txt", "Bad.part9of2", "Tracker.txt");

        var reading = FolderReading.Of(folder, Ignored, ["x.tmp", ".hidden", "../escape.txt", "Tracker.txt", "Bad.part9of2"], Held());

        Assert.All(folder.Found, name => Assert.Equal("Bad.part9of2", name));
        Assert.Empty(reading.Present);
        Assert.Equal<string>(["Bad.part9of2"], reading.Unsharable);
    }

    [Fact]
    public void Without_names_the_whole_folder_is_read_and_covers_every_name()
    {
        var folder = new CountingFolder([.. Many(3), "Other0.txt.part1of2"]);

        var reading = FolderReading.Of(folder, Ignored, null, Held());

        Assert.True(reading.IsWhole);
        Assert.Equal(2, folder.Scans);
        Assert.Empty(folder.Found);
        Assert.Equal<string>(["Other0.txt", "Other1.txt", "Other2.txt", "Other0.txt.part1of2"], reading.Present.Select(s => s.StoredName));
        Assert.True(reading.Covers("Anything.txt"));
    }
}
