namespace OrleansP2P.Protocol;

/// <summary>How a peer's Tracker.txt takes new versions, as the peer reports it to the tracker after a push.</summary>
[GenerateSerializer, Alias("OrleansP2P.TrackerFileLink")]
public enum TrackerFileLink
{
    /// <summary>The folder holds its own Tracker.txt (a file, or a hard link to one version): every new version must be pushed.</summary>
    PerVersion = 0,

    /// <summary>Tracker.txt is a symbolic link to the network's current table: it is current the moment the tracker publishes.</summary>
    FollowsNetwork = 1,
}
