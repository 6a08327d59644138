using OrleansP2P.Protocol;
using OrleansP2P.Storage;

namespace OrleansP2P.Tracker;

/// <summary>
/// The tracker's records in memory, split as the 64 <see cref="ITrackerShardGrain"/>s keep them. A file key or
/// username always lands in the same shard (FNV-1a of its text). The tracker changes a shard here, then asks for a
/// write of the names it touched: each shard has at most one write in flight, and names touched meanwhile share the
/// next one, which sends their values as they are then (so writes never arrive out of order in effect).
/// </summary>
internal sealed class TrackerShards
{
    public const int Count = 64;

    private readonly TrackerShard[] _shards = [.. Enumerable.Range(0, Count).Select(_ => new TrackerShard())];
    private readonly ShardWriter[] _writers;

    public TrackerShards(IGrainFactory grains, string network)
    {
        _writers = [.. Enumerable.Range(0, Count).Select(i => new ShardWriter(grains.GetTrackerShard(network, i), _shards[i]))];
        Grains = grains;
        Network = network;
    }

    private IGrainFactory Grains { get; }

    private string Network { get; }

    public IEnumerable<TrackerShard> All => _shards;

    /// <summary>The shard that holds <paramref name="keyOrUsername"/>.</summary>
    public TrackerShard Of(string keyOrUsername) => _shards[IndexOf(keyOrUsername)];

    public IEnumerable<string> Peers => _shards.SelectMany(s => s.Peers);

    public int PeerCount => _shards.Sum(s => s.Peers.Count);

    public int OnlineCount => _shards.Sum(s => s.Online.Count);

    public FileLocation? LocationOf(string key) => Of(key).Files.GetValueOrDefault(key);

    public bool HasPeer(string username) => Of(username).Peers.Contains(username);

    public bool IsOnline(string username) => Of(username).Online.Contains(username);

    public Task AddPeerAsync(string username)
    {
        var shard = Of(username);
        shard.Peers = shard.Peers.Add(username);
        return WritePeerAsync(username);
    }

    /// <summary>Records whether a known peer is online; false (and nothing to write) when that is already so.</summary>
    public bool SetOnline(string username, bool online)
    {
        var shard = Of(username);
        if (!shard.Peers.Contains(username) || shard.Online.Contains(username) == online)
        {
            return false;
        }

        shard.Online = online ? shard.Online.Add(username) : shard.Online.Remove(username);
        return true;
    }

    /// <summary>Records a file grain's report (a file nobody holds is dropped); returns the report it replaces.</summary>
    public FileLocation? SetLocation(FileLocation location)
    {
        var shard = Of(location.Key);
        var known = shard.Files.GetValueOrDefault(location.Key);
        shard.Files = location.WholeHolders.IsEmpty && location.Parts.All(p => p.Holders.IsEmpty)
            ? shard.Files.Remove(location.Key)
            : shard.Files.SetItem(location.Key, location);
        return known;
    }

    /// <summary>Reads every shard grain (at activation), side by side.</summary>
    public async Task LoadAsync()
    {
        var records = await Task.WhenAll(Enumerable.Range(0, Count).Select(i => Grains.GetTrackerShard(Network, i).LoadAsync()));
        for (var i = 0; i < Count; i++)
        {
            _shards[i].Files = records[i].Files;
            _shards[i].Peers = records[i].Peers;
            _shards[i].Online = records[i].Online;
        }
    }

    /// <summary>Writes the file <paramref name="key"/>'s record as it is in memory now.</summary>
    public Task WriteFileAsync(string key) => _writers[IndexOf(key)].WriteAsync(files: [key], peers: []);

    /// <summary>Writes the peer <paramref name="username"/>'s record (member, online) as it is in memory now.</summary>
    public Task WritePeerAsync(string username) => _writers[IndexOf(username)].WriteAsync(files: [], peers: [username]);

    /// <summary>Writes every record of every shard (after a migration moved old records in).</summary>
    public Task WriteAllAsync() =>
        Task.WhenAll(_shards.Select((s, i) => _writers[i].WriteAsync(s.Files.Keys, s.Peers)));

    internal static int IndexOf(string text) => (int)(Fnv1a.Of(text) % Count);

    /// <summary>One shard's writes, one in flight at a time; a failed write keeps its names for the next.</summary>
    private sealed class ShardWriter(ITrackerShardGrain grain, TrackerShard shard)
    {
        private readonly HashSet<string> _files = new(StringComparer.Ordinal);
        private readonly HashSet<string> _peers = new(StringComparer.Ordinal);
        private Task _running = Task.CompletedTask;
        private Task? _queued;

        public Task WriteAsync(IEnumerable<string> files, IEnumerable<string> peers)
        {
            _files.UnionWith(files);
            _peers.UnionWith(peers);
            if (_queued is { } queued)
            {
                return queued;
            }

            return _running.IsCompleted ? _running = FlushAsync() : _queued = FlushAfterAsync(_running);
        }

        private async Task FlushAfterAsync(Task previous)
        {
            try
            {
                await previous;
            }
            catch
            {
                // Its callers saw the failure; this write carries its names again, with newer values.
            }

            _queued = null;
            _running = FlushAsync();
            await _running;
        }

        private async Task FlushAsync()
        {
            string[] files = [.. _files];
            string[] peers = [.. _peers];
            _files.Clear();
            _peers.Clear();
            var changes = new TrackerShardChanges(
                files.Where(shard.Files.ContainsKey).ToImmutableDictionary(k => k, k => shard.Files[k]),
                [.. files.Where(k => !shard.Files.ContainsKey(k))],
                [.. peers.Where(shard.Peers.Contains)],
                peers.Where(shard.Peers.Contains).ToImmutableDictionary(p => p, shard.Online.Contains));
            try
            {
                await grain.ApplyAsync(changes);
            }
            catch
            {
                _files.UnionWith(files);
                _peers.UnionWith(peers);
                throw;
            }
        }
    }
}
