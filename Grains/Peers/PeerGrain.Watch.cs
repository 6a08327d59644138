using OrleansP2P.Hosting;
using OrleansP2P.Sync;

namespace OrleansP2P.Peers;

/// <summary>The folder the host's watcher keeps an eye on, and the names it never shares.</summary>
public sealed partial class PeerGrain
{
    /// <summary>Editors' temporary files (<c>P2P:IgnorePatterns</c>): never shared, never read. Compiled once per process.</summary>
    private IgnoredNames Ignored => IgnoredNames.For(_options.IgnorePatterns);

    public Task WatchFolderAsync() =>
        !state.State.IsRegistered || !_options.WatchFolders
            ? Task.CompletedTask
            : GrainFactory.GetGrain<IFolderWatchGrain>(FolderWatchGrain.KeyOf(host.Name)).WatchAsync(new WatchedFolder(Network, Username, Folder.Path));
}
