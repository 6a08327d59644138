using Microsoft.Extensions.Logging;
using OrleansP2P.Hosts;
using OrleansP2P.Protocol;

namespace OrleansP2P.Files;

/// <summary>
/// Where pending holders pull the current version from, and what happens to the publisher's outgoing copy
/// (<c>.p2p/out-*.dat</c>): kept while any holder is pending, released when none is.
/// </summary>
public sealed partial class FileGrain
{
    /// <summary>
    /// Before a resumed delivery: the source (the publisher, from its durable outgoing copy) or else any whole holder
    /// that has the current version must serve it; each is asked for its first byte. If one whose host is down might,
    /// the delivery waits for it as usual. If nobody can, the version is lost, and the file is not left wedged: the
    /// next version restores the content of the one before, which its holders have, so every copy agrees again and
    /// the next edit goes through. The reason stays on the file (<see cref="LocateAsync"/>).
    /// </summary>
    private async Task EnsureServableAsync()
    {
        // A restore is applied by holders that have its content, without a pull: nobody serves it by its number.
        if (state.State.Lost is not null)
        {
            return;
        }

        var location = Location!;
        var why = new List<string>();
        var offline = false;
        foreach (var candidate in new[] { state.State.Source }.Concat(location.WholeHolders).OfType<string>().Distinct())
        {
            try
            {
                var probe = await GrainFactory.GetPeerServer(Network, candidate).ReadChunkAsync(new ChunkRequest(Key, Key, null, location.Version, 0, 1));
                if (probe.Status == P2PStatus.Ok)
                {
                    if (candidate != state.State.Source)
                    {
                        state.State.Source = candidate;
                        await state.WriteStateAsync();
                    }

                    return;
                }

                why.Add(probe.Reason);
            }
            catch (Exception exception)
            {
                // Offline, or failing for now: it may have the version, so nothing is declared lost on its account.
                offline = true;
                why.Add(Offline.Describe(exception, candidate) ?? exception.Message);
            }
        }

        if (offline || state.State.Versions.LastOrDefault(v => v.Version < location.Version) is not { } previous)
        {
            return;
        }

        var version = location.Version + 1;
        state.State.Lost = $"No reachable holder can serve version {location.Version} of {location.Name} ({string.Join("; ", why)}); it was lost, and version {version} restores version {previous.Version}'s content, which its holders have.";
        state.State.Location = location with { Version = version, Sha256 = previous.Sha256, Size = previous.Size, Pieces = previous.Pieces };
        state.State.RecordVersion(previous.Author, DateTimeOffset.UtcNow);
        state.State.Pending = [.. location.WholeHolders.Concat(location.Parts.SelectMany(p => p.Holders))];
        state.State.PendingWhy = state.State.PendingWhy.Clear();
        state.State.Source = location.WholeHolders.FirstOrDefault();
        await state.WriteStateAsync();
        logger.LogWarning("{Lost}", LogText.Escape(state.State.Lost, 1024));
        await ReportAsync($"{location.Name} version {location.Version} was lost; version {version} restores the one before");
    }

    /// <summary>No holder is pending: the source's outgoing copies of this file are released (it may adopt the current one).</summary>
    private async Task ReleaseSourceAsync()
    {
        if (state.State.Source is not { } source || Location is not { Sha256: { } sha, Size: { } size } location)
        {
            return;
        }

        try
        {
            await GrainFactory.GetPeerServer(Network, source).ReleaseOutgoingAsync(new VersionUpdate(Key, location.Name, location.Version, sha, size, source) { Pieces = location.Pieces });
        }
        catch (Exception exception)
        {
            // Its copy stays until its next start, which asks again.
            logger.LogInformation("{Source} could not release its outgoing copy of {Name}: {Reason}", LogText.Escape(source), LogText.Escape(location.Name), LogText.Escape(exception.Message));
        }
    }

    /// <summary>A new version supersedes the one another publisher was still handing out: its copy is of no use to anyone now.</summary>
    private void ReleaseSupersededSource(string? previousSource, string publisher)
    {
        if (previousSource is null || previousSource == publisher || Location is not { Sha256: { } sha, Size: { } size } location)
        {
            return;
        }

        // Not awaited: the previous source may be pending for this very version, and this grain takes turns.
        _ = GrainFactory.GetPeerServer(Network, previousSource)
            .ReleaseOutgoingAsync(new VersionUpdate(Key, location.Name, location.Version, sha, size, previousSource))
            .ContinueWith(t => t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
    }
}
