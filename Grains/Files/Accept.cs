using OrleansP2P.Protocol;

namespace OrleansP2P.Files;

/// <summary>The rules by which a file grain takes a peer on as a holder of the whole file or of one part.</summary>
internal static class Accept
{
    /// <summary>The first announcement of a key defines the file at version 1 (or the version the peer knew).</summary>
    public static (P2PStatus, string, FileLocation?) First(string key, Announcement announcement)
    {
        var file = announcement.File;
        var version = Math.Max(1, announcement.BasedOn ?? file.Version);
        var location = file.Part is null
            ? new FileLocation(key, file.Name, version, file.Sha256, file.Size, [announcement.Peer], []) { Pieces = file.Pieces }
            : new FileLocation(key, file.Name, version, null, null, [], [new PartLocation(file.Part, file.Sha256, file.Size, [announcement.Peer])]);
        return (P2PStatus.Ok, $"{file.Name} is new in the network.", location);
    }

    public static (P2PStatus, string, FileLocation?) Next(FileLocation location, Announcement announcement) =>
        announcement.File.Part is null ? Whole(location, announcement) : Part(location, announcement);

    private static (P2PStatus, string, FileLocation?) Whole(FileLocation location, Announcement announcement)
    {
        var (peer, file) = (announcement.Peer, announcement.File);
        if (location.Sha256 is not null && file.Sha256 != location.Sha256)
        {
            return (P2PStatus.Conflict, announcement.BasedOn is { } basedOn && basedOn < location.Version
                ? $"{peer}'s copy of {file.Name} is version {basedOn}, but version {location.Version} is current; download it again."
                : $"{peer}'s copy of {file.Name} differs from version {location.Version}; it is not shared. Rename it, or download the current version.", null);
        }

        // A whole copy supersedes a part the same peer held; while the file existed only in parts, the
        // first whole copy (assembled and verified part by part) fixes the whole file's digest.
        var updated = location with
        {
            Sha256 = file.Sha256,
            Size = file.Size,

            // A version recorded before pieces gets its layout from the first holder that computed one.
            Pieces = location.Pieces ?? file.Pieces,
            WholeHolders = location.WholeHolders.Contains(peer) ? location.WholeHolders : location.WholeHolders.Add(peer),
            Parts = [.. location.Parts.Select(p => p with { Holders = p.Holders.Remove(peer) })],
        };
        return (P2PStatus.Ok, $"{peer} holds {file.Name} version {location.Version}.", updated);
    }

    private static (P2PStatus, string, FileLocation?) Part(FileLocation location, Announcement announcement)
    {
        var (peer, file, part) = (announcement.Peer, announcement.File, announcement.File.Part!);
        if (location.Parts.FirstOrDefault() is { } any && any.Part.Count != part.Count)
        {
            return (P2PStatus.Conflict, $"{file.Name} is divided into {any.Part.Count} parts, not {part.Count}.", null);
        }

        var existing = location.Parts.FirstOrDefault(p => p.Part == part);
        if (existing is not null && existing.Sha256 != file.Sha256)
        {
            return (P2PStatus.Conflict, $"{peer}'s part {part} of {file.Name} differs from the current version {location.Version}.", null);
        }

        var parts = existing is null
            ? location.Parts.Add(new PartLocation(part, file.Sha256, file.Size, [peer]))
            : location.Parts.Replace(existing, existing.Holders.Contains(peer) ? existing : existing with { Holders = existing.Holders.Add(peer) });
        var updated = location with { Parts = [.. parts.OrderBy(p => p.Part.Index)] };
        return (P2PStatus.Ok, $"{peer} holds part {part} of {file.Name} version {location.Version}.", updated);
    }
}
