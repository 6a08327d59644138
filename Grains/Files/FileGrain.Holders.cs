using OrleansP2P.Protocol;

namespace OrleansP2P.Files;

/// <summary>The file's holders and those that lag behind its current version (see <see cref="IFileGrain.ListHoldersAsync"/>).</summary>
public sealed partial class FileGrain
{
    public Task<HoldersReply> ListHoldersAsync()
    {
        if (Location is not { } location || (location.WholeHolders.IsEmpty && location.Parts.All(p => p.Holders.IsEmpty)))
        {
            return Task.FromResult(new HoldersReply(P2PStatus.NotFound, $"No peer has a file with key {Key}.", null, []));
        }

        // A holder with no recorded reason has its first delivery under way: behind since the version was saved.
        var saved = state.State.Versions.LastOrDefault(v => v.Version == location.Version)?.Time ?? DateTimeOffset.UtcNow;
        var lagging = state.State.Pending
            .Select(peer => state.State.PendingWhy.GetValueOrDefault(peer) is { } why
                ? new HolderLag(peer, true, why.Reason, why.Since)
                : new HolderLag(peer, false, $"{peer} is being sent version {location.Version}.", saved))
            .ToImmutableArray();
        return Task.FromResult(new HoldersReply(P2PStatus.Ok, "OK", location, lagging));
    }
}
