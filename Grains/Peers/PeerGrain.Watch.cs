using OrleansP2P.Hosting;
using OrleansP2P.Sync;

namespace OrleansP2P.Peers;

/// <summary>The folder the host's watcher keeps an eye on, and the names it never shares.</summary>
public sealed partial class PeerGrain
{
    private IgnoredNames? _ignored;

    /// <summary>Editors' temporary files (<c>P2P:IgnorePatterns</c>): never shared, never read.</summary>
    private IgnoredNames Ignored => _ignored ??= new IgnoredNames(_options.IgnorePatterns);

    public Task WatchFolderAsync() =>
        !state.State.IsRegistered || !_options.WatchFolders
            ? Task.CompletedTask
            : GrainFactory.GetGrain<IFolderWatchGrain>(FolderWatchGrain.KeyOf(host.Name)).WatchAsync(new WatchedFolder(Network, Username, Folder.Path));
}
