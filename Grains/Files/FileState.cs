using OrleansP2P.Protocol;

namespace OrleansP2P.Files;

[GenerateSerializer, Alias("OrleansP2P.FileState")]
public sealed class FileState
{
    /// <summary>Null until some peer announces the file.</summary>
    [Id(0)] public FileLocation? Location { get; set; }

    /// <summary>
    /// Holders that have not yet applied the current version. Recorded before the update is acknowledged,
    /// so a crash mid-fan-out is finished after restart instead of leaving peers disagreeing.
    /// </summary>
    [Id(1)] public ImmutableSortedSet<string> Pending { get; set; } = ImmutableSortedSet<string>.Empty;

    /// <summary>A peer known to hold the current version whole: where pending holders pull it from.</summary>
    [Id(2)] public string? Source { get; set; }

    /// <summary>Why each pending holder does not have the current version yet, and since when (what replies report as holdersPending).</summary>
    [Id(3)] public ImmutableDictionary<string, PendingHolder> PendingWhy { get; set; } = ImmutableDictionary<string, PendingHolder>.Empty;

    /// <summary>
    /// The recent versions of the whole file, oldest first (at most <see cref="RecentVersions"/>): their authors for the
    /// history, and their digests so a copy whose peer lost its record is recognised as merely behind, never
    /// published as a new edit that would undo the versions after it.
    /// </summary>
    [Id(4)] public ImmutableList<FileVersion> Versions { get; set; } = ImmutableList<FileVersion>.Empty;

    public const int RecentVersions = 32;

    /// <summary>Records the current version of the whole file (once), keeping the most recent ones.</summary>
    public void RecordVersion(string author, DateTimeOffset time)
    {
        if (Location is not { Sha256: { } sha, Size: { } size } location || Versions.Any(v => v.Version == location.Version))
        {
            return;
        }

        var versions = Versions.Add(new FileVersion(location.Version, sha, size, author, time) { Pieces = location.Pieces });
        Versions = versions.Count > RecentVersions ? versions.RemoveRange(0, versions.Count - RecentVersions) : versions;
    }

    /// <summary>Who saved the current version, for a losing edit's 409; null for a version first announced.</summary>
    public string? CurrentAuthor => Location is { } location ? Versions.LastOrDefault(v => v.Version == location.Version)?.Author : null;

    /// <summary>Why the version before the current one was lost (no reachable holder could serve it), or null.</summary>
    [Id(5)] public string? Lost { get; set; }
}
