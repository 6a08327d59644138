using OrleansP2P.Protocol;

namespace OrleansP2P.WebPortal.Api;

/// <summary>A file as the API shows it.</summary>
public sealed record FileView(string Key, string Name, long Version, string Sha256, long Size, string Part)
{
    public static FileView Of(FileDescriptor file) => new(file.Key, file.Name, file.Version, file.Sha256, file.Size, file.Layout);
}

/// <summary>A download into the caller's folder: what was written, which peers served it, the bytes fetched and reused from a partial download, and the pieces that failed verification.</summary>
public sealed record DownloadView(int Status, string Message, string Key, string Name, long Version, string Sha256, long Size, IReadOnlyList<string> ServedBy, long FetchedBytes, long ReusedBytes, IReadOnlyList<BadPieceView> BadPieces)
{
    public static DownloadView Of(DownloadReply reply) =>
        new((int)reply.Status, reply.Reason, reply.File!.Key, reply.File.Name, reply.File.Version, reply.File.Sha256, reply.File.Size, reply.ServedBy,
            reply.FetchedBytes, reply.ReusedBytes, [.. reply.BadPieces.Select(b => new BadPieceView(b.Piece, b.Sources))]);
}

/// <summary>A piece (0-based) that arrived bad from these holders and was fetched again elsewhere.</summary>
public sealed record BadPieceView(int Piece, IReadOnlyList<string> Sources);

/// <summary>A save: the new version, how many other holders have it now, and those that get it as soon as they can.</summary>
public sealed record SaveView(int Status, string Message, string Key, string Name, long Version, string Sha256, long Size, int HoldersUpdated, IReadOnlyList<PendingView> HoldersPending)
{
    public static SaveView Of(SaveReply reply) =>
        new((int)reply.Status, reply.Reason, reply.File!.Key, reply.File.Name, reply.File.Version, reply.File.Sha256, reply.File.Size, reply.HoldersUpdated,
            [.. reply.HoldersPending.Select(p => new PendingView(p.Peer, p.Reason, p.Since))]);
}

/// <summary>A holder not yet updated: who, why (offline, busy), and since when.</summary>
public sealed record PendingView(string Peer, string Reason, DateTimeOffset Since);
