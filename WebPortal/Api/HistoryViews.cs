using OrleansP2P.Protocol;

namespace OrleansP2P.WebPortal.Api;

/// <summary>A file's recent versions, oldest first, and which one is current.</summary>
public sealed record VersionsView(string Name, string Key, long CurrentVersion, IReadOnlyList<VersionView> Versions)
{
    public static VersionsView Of(string name, VersionListReply reply) =>
        new(name, reply.Key, reply.CurrentVersion, [.. reply.Versions.Select(v => VersionView.Of(v, reply.CurrentVersion))]);
}

/// <summary>One version: who published it and when, its size and digest, and the peers that keep its bytes now.</summary>
public sealed record VersionView(long Version, DateTimeOffset Time, long Size, string Sha256, string Author, bool Current, IReadOnlyList<string> KeptBy)
{
    public static VersionView Of(KeptVersion kept, long current) =>
        new(kept.Version.Version, kept.Version.Time, kept.Version.Size, kept.Version.Sha256, kept.Version.Author, kept.Version.Version == current, kept.KeptBy);
}

/// <summary>A conflict copy in the network: an edit that could not become the next version, kept beside the file.</summary>
public sealed record ConflictView(string Name, string Original, string Author, DateTimeOffset Time, long? Size, IReadOnlyList<string> Holders)
{
    public static ConflictView Of(ConflictCopy copy) => new(copy.Name, copy.Original, copy.Author, copy.Time, copy.Size, copy.Holders);
}

/// <summary>A resolved conflict copy; when it was kept, the version of the file it became.</summary>
public sealed record ResolveView(int Status, string Message, string Copy, string? File, long? Version);
