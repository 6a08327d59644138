using OrleansP2P.Protocol;
using OrleansP2P.Sync;

namespace OrleansP2P.Peers;

/// <summary>The server side of the history: which versions' bytes this peer keeps, and their chunks.</summary>
public sealed partial class PeerGrain
{
    public async Task<ImmutableArray<long>> ListKeptVersionsAsync(string key)
    {
        if (!FileKey.IsWellFormed(key) || !state.State.IsRegistered || await FolderProblemAsync() is not null)
        {
            return [];
        }

        var kept = History.List(key).Where(e => e.Part is null).Select(e => e.Version);
        if (Table.TryGetValue(key, out var held) && held.File.IsWhole && LocalEditCheck.LooksUnchanged(held, Folder.Find(held.StoredName)))
        {
            kept = kept.Append(held.File.Version);
        }

        return [.. kept.Distinct().Order()];
    }

    /// <summary>
    /// A chunk of a whole version this peer keeps in its history (one an update replaced, or its removed copy), or
    /// null: the current version of a held copy is read from the folder as ever.
    /// </summary>
    private async Task<ChunkReply?> ReadKeptChunkAsync(ChunkRequest request) =>
        Table.TryGetValue(request.Key, out var held) && held.File.IsWhole && held.File.Version == request.Version
            ? null
            : await History.ReadChunkAsync(request.Key, request.Version, request.Offset, request.Length) is { } data
                ? new ChunkReply(P2PStatus.Ok, "OK", request.Offset, data)
                : null;
}
