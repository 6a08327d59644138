using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansP2P.Hosting;
using OrleansP2P.Protocol;
using OrleansP2P.Storage;

namespace OrleansP2P.Sync;

/// <summary>
/// The folder watchers of one host (see <see cref="FolderWatchGrain"/>, which decides on which of its silos they run).
/// On Linux every <see cref="FileSystemWatcher"/> takes an inotify instance of its own, and a user has 128 of them,
/// so folders are not watched one by one: one recursive watcher covers every peer folder under the data root
/// (<c>peers/</c>, and <c>networks/</c> for the other networks), and only a folder set elsewhere (<c>P2P:PeerFolders</c>,
/// a folder chosen at sign-up) gets a watcher of its own. An event on a name that could be shared (not hidden, not
/// Tracker.txt, not ignored) directly in a watched folder queues that folder with the name; once it has been quiet for
/// <c>P2P:WatchQuietPeriod</c> the peer grain is woken to read those names alone
/// (<see cref="IPeerServerGrain.SyncNamesAsync"/>), so a change costs the same however many files the folder holds,
/// and watching keeps no grain active. An overflow of the event queue loses events of every folder at once: each is
/// queued for a rescan of the whole folder (<see cref="IPeerServerGrain.SyncFolderAsync"/>), read a few at a time;
/// every <c>P2P:RescanInterval</c> all are, for file systems that give no events. A rescan of a folder that looks as it
/// did after its last whole reading (names, sizes, times) and left nothing to retry wakes no peer. Changes go before
/// rescans (<see cref="FolderWatchQueue"/>).
/// </summary>
public sealed class FolderWatchers(
    IGrainFactory grains,
    PeerFolders folders,
    HostIdentity host,
    IOptions<P2POptions> options,
    ILogger<FolderWatchers> logger) : ILifecycleParticipant<ISiloLifecycle>, IDisposable
{
    private const int ChangesAtOnce = 8;
    private const int RescansAtOnce = 2;

    private readonly P2POptions _options = options.Value;
    private readonly FolderWatchQueue _queue = new(options.Value.WatchQuietPeriod, ChangesAtOnce, RescansAtOnce);
    private readonly IgnoredNames _ignored = IgnoredNames.For(options.Value.IgnorePatterns);

    /// <summary>Watched folders by peer key, and the same by folder path (what an event names).</summary>
    private readonly ConcurrentDictionary<string, Watched> _watched = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _keyOfPath = new(StringComparer.Ordinal);

    /// <summary>The watchers, by the directory each watches.</summary>
    private readonly ConcurrentDictionary<string, FileSystemWatcher> _roots = new(StringComparer.Ordinal);
    private readonly Lock _rootsLock = new();

    /// <summary>Tests only: paths whose events are dropped, as an overflow of the kernel's queue drops them.</summary>
    private readonly ConcurrentDictionary<string, bool> _lost = new(StringComparer.Ordinal);

    private readonly SemaphoreSlim _wake = new(0);
    private readonly CancellationTokenSource _stopping = new();
    private volatile bool _attached;

    /// <summary>How the latest reading of a peer's folder ended (null: not read yet, or not watched on this silo).</summary>
    public RescanReply? LatestReadingOf(string network, string username) =>
        _watched.TryGetValue(GrainKeys.Peer(network, username), out var watched) ? watched.Latest : null;

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(FolderWatchers), ServiceLifecycleStage.Active, StartAsync, StopAsync);

    private Task StartAsync(CancellationToken cancellationToken)
    {
        if (_options.WatchFolders)
        {
            _ = Task.Run(DispatchAsync, CancellationToken.None);
            _ = Task.Run(RescanPeriodicallyAsync, CancellationToken.None);
        }

        return Task.CompletedTask;
    }

    private Task StopAsync(CancellationToken cancellationToken)
    {
        _stopping.Cancel();
        Detach();
        return Task.CompletedTask;
    }

    /// <summary>This silo watches its host's folders (the host's watcher grain lives here).</summary>
    internal void Attach() => _attached = true;

    /// <summary>This silo stops watching (the host's watcher grain left it, or the silo stops).</summary>
    internal void Detach()
    {
        _attached = false;
        _watched.Clear();
        _keyOfPath.Clear();
        lock (_rootsLock)
        {
            foreach (var watcher in _roots.Values)
            {
                watcher.Dispose();
            }

            _roots.Clear();
        }
    }

    /// <summary>Watches <paramref name="folder"/> (a moved folder under its new path) and reads it once.</summary>
    internal void Watch(WatchedFolder folder)
    {
        var key = GrainKeys.Peer(folder.Network, folder.Username);
        var path = Path.GetFullPath(folder.Path);
        if (_watched.TryGetValue(key, out var existing) && existing.Folder == folder && _roots.ContainsKey(RootOf(path)))
        {
            return;
        }

        if (existing is not null)
        {
            _keyOfPath.TryRemove(Path.GetFullPath(existing.Folder.Path), out _);
        }

        _watched[key] = new Watched(folder);
        _keyOfPath[path] = key;
        EnsureRoot(RootOf(path));
        _queue.Rescan(key);
        _wake.Release();
    }

    /// <summary>The directory whose watcher covers <paramref name="folder"/>: the data root's peers/ or networks/, else the folder itself.</summary>
    private string RootOf(string folder)
    {
        var dataRoot = _options.FullDataRoot;
        foreach (var root in new[] { Path.Combine(dataRoot, "peers"), Path.Combine(dataRoot, "networks") })
        {
            if (folder.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            {
                return root;
            }
        }

        return folder;
    }

    private void EnsureRoot(string root)
    {
        lock (_rootsLock)
        {
            if (_roots.ContainsKey(root))
            {
                return;
            }

            try
            {
                var watcher = new FileSystemWatcher(folders.Open(root).Path)
                {
                    // Peer folders lie one (peers/user) or three (networks/name/peers/user) levels down.
                    IncludeSubdirectories = !_keyOfPath.ContainsKey(root),
                    NotifyFilter = NotifyFilters.FileName | NotifyFilters.LastWrite | NotifyFilters.Size,
                    InternalBufferSize = 64 * 1024,
                };
                watcher.Created += (_, e) => OnEvent(e.FullPath);
                watcher.Changed += (_, e) => OnEvent(e.FullPath);
                watcher.Deleted += (_, e) => OnEvent(e.FullPath);
                watcher.Renamed += (_, e) =>
                {
                    OnEvent(e.OldFullPath);
                    OnEvent(e.FullPath);
                };
                watcher.Error += (_, e) => OnError(root, e.GetException());
                watcher.EnableRaisingEvents = true;
                _roots[root] = watcher;
            }
            catch (Exception exception) when (exception is ArgumentException or IOException or UnauthorizedAccessException or InvalidOperationException)
            {
                // A folder that is gone (a disk not mounted) makes its peer unreachable; the periodic rescan tries again.
                logger.LogWarning("{Root} cannot be watched now: {Reason}", LogText.Escape(root), LogText.Escape(exception.Message));
            }
        }
    }

    private void OnEvent(string fullPath)
    {
        var name = Path.GetFileName(fullPath);
        if (Path.GetDirectoryName(fullPath) is { } folder && _keyOfPath.TryGetValue(folder, out var key) &&
            PeerFolder.IsCandidate(name, _ignored) && !_lost.ContainsKey(fullPath))
        {
            _queue.Changed(key, DateTimeOffset.UtcNow, name);
            _wake.Release();
        }
    }

    /// <summary>Tests: events of <paramref name="fullPaths"/> never arrive from now on (what an overflow loses).</summary>
    internal void LoseEventsOf(IEnumerable<string> fullPaths)
    {
        foreach (var path in fullPaths)
        {
            _lost[Path.GetFullPath(path)] = true;
        }
    }

    /// <summary>Tests: the kernel's event queue overflowed for every watcher of this silo.</summary>
    internal void Overflow()
    {
        foreach (var root in _roots.Keys)
        {
            OnError(root, new InternalBufferOverflowException());
        }
    }

    private void OnError(string root, Exception exception)
    {
        if (exception is InternalBufferOverflowException)
        {
            logger.LogWarning("The folder watcher of {Root} lost events (overflow); its folders are read again", LogText.Escape(root));
        }
        else
        {
            logger.LogWarning(exception, "The folder watcher of {Root} failed; it is made again at the next rescan", LogText.Escape(root));
            lock (_rootsLock)
            {
                if (_roots.TryRemove(root, out var broken))
                {
                    broken.Dispose();
                }
            }
        }

        foreach (var (path, key) in _keyOfPath)
        {
            if (RootOf(path) == root)
            {
                _queue.Rescan(key);
            }
        }

        _wake.Release();
    }

    private async Task DispatchAsync()
    {
        try
        {
            while (!_stopping.IsCancellationRequested)
            {
                while (_queue.TryTake(DateTimeOffset.UtcNow) is { } work)
                {
                    _ = ReadAsync(work);
                }

                await _wake.WaitAsync(_queue.WaitBeforeNext(DateTimeOffset.UtcNow) ?? Timeout.InfiniteTimeSpan, _stopping.Token);
            }
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
        }
        catch (Exception exception)
        {
            logger.LogError(exception, "The folder watchers of host {Host} stopped", LogText.Escape(host.Name));
        }
    }

    private async Task ReadAsync(FolderWork work)
    {
        try
        {
            if (!_watched.TryGetValue(work.Folder, out var watched))
            {
                return;
            }

            // A change reads only the names its events named: no listing, and the next rescan reads the whole folder.
            // Otherwise taken before the reading, so anything that changes during it differs at the next rescan.
            var listing = work.IsWhole ? Listing(watched.Folder) : null;
            if (!work.IsChange && !watched.Retry && watched.Listing is { } known && listing is not null && known.SequenceEqual(listing))
            {
                return;
            }

            try
            {
                var peer = grains.GetPeerServer(watched.Folder.Network, watched.Folder.Username);
                var reply = work.Names is { } names ? await peer.SyncNamesAsync([.. names]) : await peer.SyncFolderAsync();
                watched.Latest = reply;
                watched.Listing = listing;
                watched.Retry = reply.Status != P2PStatus.Ok || reply.Problems.Length > 0;
            }
            catch (Exception exception)
            {
                watched.Retry = true;
                logger.LogWarning(exception, "{Username}'s folder could not be read after a change; the next rescan tries again", LogText.Escape(watched.Folder.Username));
            }
        }
        finally
        {
            _queue.Done(work.Folder);
            _wake.Release();
        }
    }

    private List<StoredFile>? Listing(WatchedFolder folder)
    {
        try
        {
            return [.. folders.Open(folder.Path).Scan(_ignored).OrderBy(s => s.StoredName, StringComparer.Ordinal)];
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            return null;
        }
    }

    private async Task RescanPeriodicallyAsync()
    {
        using var timer = new PeriodicTimer(_options.RescanInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(_stopping.Token))
            {
                try
                {
                    // Brings the host's watcher back on a live silo soon after its silo went down.
                    await grains.GetGrain<IFolderWatchGrain>(FolderWatchGrain.KeyOf(host.Name)).KeepWatchingAsync();
                }
                catch (Exception exception)
                {
                    logger.LogWarning(exception, "The folder watcher of host {Host} did not answer", LogText.Escape(host.Name));
                }

                if (!_attached)
                {
                    continue;
                }

                foreach (var (path, key) in _keyOfPath)
                {
                    EnsureRoot(RootOf(path));
                    _queue.Rescan(key);
                }

                _wake.Release();
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    public void Dispose()
    {
        // The token is not disposed: a reading finishing during shutdown may still look at it.
        _stopping.Cancel();
        Detach();
    }

    private sealed class Watched(WatchedFolder folder)
    {
        public WatchedFolder Folder { get; } = folder;

        public List<StoredFile>? Listing { get; set; }

        public volatile bool Retry;

        public RescanReply? Latest { get; set; }
    }
}
