using Microsoft.Extensions.Options;
using OrleansP2P.Protocol;
using OrleansP2P.Storage;
using OrleansP2P.TrackerText;

namespace OrleansP2P.Hosting;

/// <summary>
/// Writes a network's table into this host's data root through the silo's <see cref="ITrackerFileWriter"/>; not
/// reentrant, so two rounds never race on the file.
/// </summary>
[HomeHostPlacement]
public sealed class HostTrackerGrain(PeerFolders folders, ITrackerFileWriter writer, IOptions<P2POptions> options) : Grain, IHostTrackerGrain
{
    private string Network => this.GetPrimaryKeyString()[(this.GetPrimaryKeyString().IndexOf('/') + 1)..];

    public Task PublishAsync(TrackerSnapshot snapshot) =>
        writer.PublishAsync(folders.NetworkRoot(Network), snapshot, options.Value.TrackerFiles);
}
