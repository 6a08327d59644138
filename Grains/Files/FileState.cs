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
}
