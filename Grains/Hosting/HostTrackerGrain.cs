using OrleansP2P.Protocol;
using OrleansP2P.Storage;
using OrleansP2P.TrackerText;

namespace OrleansP2P.Hosting;

/// <summary>Writes a network's table into this host's data root; not reentrant, so two rounds never race on the file.</summary>
[HomeHostPlacement]
public sealed class HostTrackerGrain(PeerFolders folders) : Grain, IHostTrackerGrain
{
    private string Network => this.GetPrimaryKeyString()[(this.GetPrimaryKeyString().IndexOf('/') + 1)..];

    public async Task PublishAsync(TrackerSnapshot snapshot)
    {
        var root = folders.NetworkRoot(Network);
        if (NetworkTrackerFile.ReadVersion(NetworkTrackerFile.PathIn(root)) is { } onDisk && onDisk >= snapshot.Version)
        {
            return;
        }

        await NetworkTrackerFile.PublishAsync(root, snapshot);
    }
}
