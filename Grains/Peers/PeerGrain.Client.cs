using Microsoft.Extensions.Logging;
using OrleansP2P.Protocol;
using OrleansP2P.Storage;
using OrleansP2P.TrackerText;

namespace OrleansP2P.Peers;

/// <summary>The client side: what the logged-in user asks (the rest is in PeerGrain.Client.*.cs).</summary>
public sealed partial class PeerGrain
{
    public Task<ImmutableArray<FileDescriptor>> ListFilesAsync() =>
        Task.FromResult(Table.Values.Select(h => h.File).OrderBy(f => f.Name, StringComparer.Ordinal).ToImmutableArray());

    public Task<string?> GetFolderAsync() => Task.FromResult(state.State.IsRegistered ? Folder.Path : null);

    public Task<string?> ReadTrackerTextAsync() => Task.FromResult(state.State.IsRegistered ? Folder.ReadTracker() : null);
}
