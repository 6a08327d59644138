namespace OrleansP2P;

/// <summary>
/// The folder watcher of one host (key <c>host:{host}/folders</c>, placed on a silo of that host, always active):
/// the silo it lives on watches every folder of the peers homed on the host, so one host watches each folder once
/// however many silos it runs. If that silo goes, the next call activates it on another silo of the host, which
/// asks the host's peers for their folders again.
/// </summary>
[Alias("OrleansP2P.IFolderWatchGrain")]
public interface IFolderWatchGrain : IGrainWithStringKey
{
    /// <summary>A peer of this host (signed up, or activated) names its folder; watching starts before this returns.</summary>
    [Alias("Watch")]
    Task WatchAsync(WatchedFolder folder);

    /// <summary>Called by every silo of the host now and then, so the watcher is back soon after its silo went down.</summary>
    [Alias("KeepWatching")]
    Task KeepWatchingAsync();
}

/// <summary>A peer's folder on its home host.</summary>
[GenerateSerializer, Immutable, Alias("OrleansP2P.WatchedFolder")]
public sealed record WatchedFolder(
    [property: Id(0)] string Network,
    [property: Id(1)] string Username,
    [property: Id(2)] string Path);
