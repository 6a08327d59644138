using Microsoft.Extensions.Logging;
using OrleansP2P.Protocol;

namespace OrleansP2P.Peers;

/// <summary>The publisher's side of a fan-out: its durable outgoing copies (<see cref="Storage.OutgoingContent"/>), until no holder is pending.</summary>
public sealed partial class PeerGrain
{
    public async Task ReleaseOutgoingAsync(VersionUpdate current)
    {
        if (!state.State.IsRegistered || !Folder.Exists)
        {
            return;
        }

        var outgoing = Folder.Outgoing;
        if (Table.TryGetValue(current.Key, out var held) && held.File.Part is null && held.File.Version < current.Version &&
            outgoing.Has(current.Key, current.Version) && _busy.Add(current.Key))
        {
            try
            {
                await AdoptOutgoingAsync(held, current);
            }
            finally
            {
                Release(current.Key);
            }
        }

        // A save under way meanwhile commits its own upload; the copies up to this version are nobody's business now.
        outgoing.DeleteUpTo(current.Key, current.Version);
    }

    /// <summary>The version this peer published is the file's current one, but its record still names an older one: the outgoing copy becomes its copy.</summary>
    private async Task AdoptOutgoingAsync(HeldFile held, VersionUpdate current)
    {
        await using var incoming = Folder.BeginIncoming();
        await using (var source = File.OpenRead(Folder.Outgoing.PathOf(current.Key, current.Version)))
        {
            var buffer = new byte[1 << 20];
            int read;
            while ((read = await source.ReadAsync(buffer)) > 0)
            {
                await incoming.AppendAsync(buffer.AsMemory(0, read));
            }
        }

        if (await incoming.ComputeSha256Async() != current.Sha256)
        {
            logger.LogWarning("{Username}'s outgoing copy of version {Version} of {Name} does not match its digest; it is dropped", LogText.Escape(Username), current.Version, LogText.Escape(current.Name));
            return;
        }

        await incoming.CommitAsync(held.StoredName);
        await RememberAsync(held.File with { Version = current.Version, Sha256 = current.Sha256, Size = current.Size, Pieces = current.Pieces }, held.StoredName);
        logger.LogInformation("{Username} took its outgoing copy of version {Version} of {Name} as its own", LogText.Escape(Username), current.Version, LogText.Escape(current.Name));
    }

    /// <summary>
    /// At start, for every file this peer still has outgoing copies of: the versions the network has moved past go
    /// (their pending holders get the newer one); the current one's file grain carries on, delivering to whoever is
    /// pending and then releasing the copy. Not awaited: the file grain calls back into this peer, still activating.
    /// </summary>
    private void ResumeOutgoing()
    {
        foreach (var key in Folder.Outgoing.List().Select(o => o.Key).Distinct())
        {
            ResumeOutgoingAsync(key).ContinueWith(
                t => logger.LogWarning(t.Exception, "{Username} could not resume the fan-out of {Key}", LogText.Escape(Username), key),
                CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Current);
        }
    }

    private async Task ResumeOutgoingAsync(string key)
    {
        var current = (await FileGrainOf(key).LocateAsync()).Location?.Version ?? long.MaxValue;
        Folder.Outgoing.DeleteUpTo(key, current - 1);
        if (Folder.Outgoing.Has(key, current))
        {
            await FileGrainOf(key).ResumeDeliveriesAsync();
        }
    }
}
