using Microsoft.Extensions.Logging;
using Orleans.Storage;
using OrleansP2P.Protocol;

namespace OrleansP2P.Tracker;

/// <summary>
/// Moves records written by earlier versions of the tracker into the shard grains, once, at activation. Two older
/// layouts exist: everything in the tracker's one state (<see cref="TrackerState"/>'s Legacy fields), and then 64
/// states of the tracker grain itself (<c>tracker-shard-00</c> … <c>-3f</c>). Shard grains are written first and
/// the old copies cleared after, so a crash midway moves the same records again; the shard grain's copy of a file
/// wins (it can only be the same or newer). Sessions were the peers' too: the tracker keeps only who was online.
/// </summary>
internal static class TrackerMigration
{
    public static async Task MoveAsync(TrackerState state, TrackerShards shards, IGrainStorage storage, GrainId tracker, ILogger logger, string network)
    {
        var inGrain = await Task.WhenAll(Enumerable.Range(0, TrackerShards.Count).Select(async i =>
        {
            var old = new GrainState<TrackerShard>(new TrackerShard());
            await storage.ReadStateAsync(InGrainStateName(i), tracker, old);
            return old;
        }));

        var moved = inGrain.Where(s => s.RecordExists).Select(s => s.State ?? new TrackerShard()).Append(new TrackerShard
        {
            Files = state.LegacyFiles,
            Peers = state.LegacyPeers,
            LegacySessions = state.LegacySessions,
        }).Sum(old => Merge(old, shards));

        await shards.WriteAllAsync();
        for (var i = 0; i < inGrain.Length; i++)
        {
            if (inGrain[i].RecordExists)
            {
                await storage.ClearStateAsync(InGrainStateName(i), tracker, inGrain[i]);
            }
        }

        logger.LogInformation("Tracker of network {Network} moved {Records} records into its shard grains", LogText.Escape(network), moved);
        state.LegacyPeers = [];
        state.LegacySessions = ImmutableDictionary<string, string>.Empty;
        state.LegacyFiles = ImmutableDictionary<string, FileLocation>.Empty;
        state.InShardGrains = true;
    }

    internal static string InGrainStateName(int shard) => $"tracker-shard-{shard:x2}";

    private static int Merge(TrackerShard old, TrackerShards shards)
    {
        foreach (var peer in old.Peers)
        {
            var shard = shards.Of(peer);
            shard.Peers = shard.Peers.Add(peer);
        }

        foreach (var peer in old.Online.Union(old.LegacySessions.Keys))
        {
            var shard = shards.Of(peer);
            shard.Online = shard.Online.Add(peer);
        }

        foreach (var (key, location) in old.Files)
        {
            var shard = shards.Of(key);
            if (!shard.Files.ContainsKey(key))
            {
                shard.Files = shard.Files.Add(key, location);
            }
        }

        return old.Peers.Count + old.Files.Count;
    }
}
