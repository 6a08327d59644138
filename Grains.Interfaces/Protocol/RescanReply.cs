namespace OrleansP2P.Protocol;

/// <summary>
/// What a peer found when it read its folder again: the files it now shares (after a reading of a few names, the
/// watcher's, those of them it shares: the reply costs what the change is), and by name what it announced (new
/// to it), published (edited in the folder), withdrew (gone from the folder) and kept as conflict copies (edits
/// based on a version that was no longer current), and refusals.
/// </summary>
[GenerateSerializer, Immutable, Alias("OrleansP2P.RescanReply")]
public sealed record RescanReply(
    [property: Id(0)] P2PStatus Status,
    [property: Id(1)] string Reason,
    [property: Id(2)] ImmutableArray<FileDescriptor> Held,
    [property: Id(3)] ImmutableArray<string> Problems,
    ImmutableArray<string> Announced = default,
    ImmutableArray<string> Published = default,
    ImmutableArray<string> Withdrawn = default,
    ImmutableArray<string> Conflicts = default) : IReply
{
    [Id(4)] public ImmutableArray<string> Announced { get; init; } = Announced.IsDefault ? [] : Announced;

    [Id(5)] public ImmutableArray<string> Published { get; init; } = Published.IsDefault ? [] : Published;

    [Id(6)] public ImmutableArray<string> Withdrawn { get; init; } = Withdrawn.IsDefault ? [] : Withdrawn;

    [Id(7)] public ImmutableArray<string> Conflicts { get; init; } = Conflicts.IsDefault ? [] : Conflicts;

    /// <summary>Entries of the folder the reading looked at: every shared file, or only the names the watcher's events named.</summary>
    [Id(8)] public int Read { get; init; }

    /// <summary>Files whose content the reading hashed (their size or time differ from the peer's record).</summary>
    [Id(9)] public int Hashed { get; init; }
}
