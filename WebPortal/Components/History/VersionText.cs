using System.Security.Cryptography;
using OrleansP2P.Protocol;
using OrleansP2P.WebPortal.Components.Files;

namespace OrleansP2P.WebPortal.Components.History;

/// <summary>
/// Reads one of a file's recent versions as text for the history's viewer: from the user's own history when it keeps
/// it, else from the first peer that does (the same grain calls as GET /api/files/{name}/versions/{v}), digest checked.
/// </summary>
public static class VersionText
{
    /// <summary>The version's text; null when it is not UTF-8 text of at most <see cref="PeerFileText.MaxEditableBytes"/>.</summary>
    /// <exception cref="VersionUnavailableException">No keeper could serve the bytes, or they did not match the version's digest.</exception>
    public static async Task<string?> ReadAsync(IPeerClientGrain peer, string username, string key, KeptVersion kept)
    {
        var file = kept.Version;
        if (file.Size > PeerFileText.MaxEditableBytes)
        {
            return null;
        }

        var keeper = kept.KeptBy.Contains(username) ? username : kept.KeptBy.FirstOrDefault()
            ?? throw new VersionUnavailableException($"Nobody reachable keeps the bytes of version {file.Version} any more.");
        using var content = new MemoryStream((int)file.Size);
        while (content.Length < file.Size)
        {
            var length = (int)Math.Min(PeerGrainExtensions.DefaultChunkSize, file.Size - content.Length);
            var chunk = await peer.ReadKeptChunkAsync(keeper, new ChunkRequest(username, key, null, file.Version, content.Length, length));
            if (chunk.Status != P2PStatus.Ok || chunk.Data.Length == 0)
            {
                throw new VersionUnavailableException($"{keeper} could not send version {file.Version}: {chunk.Reason}");
            }

            content.Write(chunk.Data);
        }

        if (Convert.ToHexStringLower(SHA256.HashData(content.GetBuffer().AsSpan(0, (int)content.Length))) != file.Sha256)
        {
            throw new VersionUnavailableException($"The bytes {keeper} sent are not version {file.Version}'s (SHA-256 differs).");
        }

        return PeerFileText.Decode(content.GetBuffer().AsSpan(0, (int)content.Length));
    }
}

/// <summary>A version's bytes could not be had: the reason is for the person.</summary>
public sealed class VersionUnavailableException(string message) : Exception(message);
