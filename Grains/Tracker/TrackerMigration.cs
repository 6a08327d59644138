using Microsoft.Extensions.Logging;
using OrleansP2P.Protocol;

namespace OrleansP2P.Tracker;

/// <summary>Moves records written by earlier versions of the tracker into today's shape, once, at activation.</summary>
internal static class TrackerMigration
{
    /// <summary>
    /// Trackers written before the shards kept every record in one state. They move shards first, so a crash
    /// midway leaves the legacy copy to move again; adding the same records twice changes nothing. Sessions
    /// were the peers' too: the tracker keeps only who was online.
    /// </summary>
    public static async Task<bool> MoveLegacyRecordsAsync(TrackerState state, TrackerShards shards, ILogger logger, string network)
    {
        if (!state.HasLegacyRecords)
        {
            return false;
        }

        foreach (var peer in state.LegacyPeers)
        {
            var shard = shards.Of(peer);
            shard.Peers = shard.Peers.Add(peer);
        }

        foreach (var peer in state.LegacySessions.Keys)
        {
            var shard = shards.Of(peer);
            shard.Online = shard.Online.Add(peer);
        }

        foreach (var (key, location) in state.LegacyFiles)
        {
            var shard = shards.Of(key);
            shard.Files = shard.Files.SetItem(key, location);
        }

        await shards.WriteAllAsync();
        logger.LogInformation(
            "Tracker of network {Network} moved {Peers} peers, {Sessions} sessions and {Files} files into {Shards} shards",
            LogText.Escape(network), state.LegacyPeers.Count, state.LegacySessions.Count, state.LegacyFiles.Count, TrackerShards.Count);
        state.LegacyPeers = [];
        state.LegacySessions = ImmutableDictionary<string, string>.Empty;
        state.LegacyFiles = ImmutableDictionary<string, FileLocation>.Empty;
        return true;
    }

    /// <summary>Shards written before the peers owned their sessions kept a session id per peer; only who was online stays.</summary>
    public static async Task MoveLegacySessionsAsync(TrackerShards shards)
    {
        if (shards.All.All(s => s.LegacySessions.IsEmpty))
        {
            return;
        }

        foreach (var shard in shards.All)
        {
            shard.Online = shard.Online.Union(shard.LegacySessions.Keys);
            shard.LegacySessions = ImmutableDictionary<string, string>.Empty;
        }

        await shards.WriteAllAsync();
    }
}
