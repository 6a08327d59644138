using Microsoft.Extensions.Logging;
using OrleansP2P.Hosting;
using OrleansP2P.Hosts;
using OrleansP2P.Protocol;

namespace OrleansP2P.Files;

/// <summary>The file grain's deliveries: every pending holder brought to the current version, retried until it is.</summary>
public sealed partial class FileGrain
{
    public async Task<int> ResumeDeliveriesAsync()
    {
        if (state.State.Pending.IsEmpty)
        {
            await ReleaseSourceAsync();
            return 0;
        }

        // Resumed deliveries pull (no content inline): first make sure someone reachable can serve the version.
        await EnsureServableAsync();
        var (delivered, _) = await DeliverPendingAsync();
        if (delivered > 0)
        {
            await ReportAsync($"{Location!.Name} version {Location.Version} reached {delivered} more holder(s)");
        }

        if (state.State.Pending.IsEmpty)
        {
            await ReleaseSourceAsync();
        }

        return state.State.Pending.Count;
    }

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // A delivery cut short by a crash resumes as soon as the grain is back.
        Metrics.ReportPending(this.GetPrimaryKeyString(), state.State.Pending.Count);
        if (!state.State.Pending.IsEmpty)
        {
            ScheduleRetry(TimeSpan.Zero);
        }

        return base.OnActivateAsync(cancellationToken);
    }

    /// <summary>
    /// Has every pending holder bring its copy (or part) to the current version, all at once. A holder that cannot
    /// take it stays pending, with the reason: one whose host is down waits for a silo of that host to join (the
    /// host registry wakes this grain; no timer polls a dead host); one busy with the file takes it as soon as it is
    /// free (it calls back); any other failure is tried again by a timer. After a restart, activation resumes.
    /// </summary>
    /// <param name="content">A small file's new content, sent along so holders need not pull it (first delivery only).</param>
    private async Task<(int Delivered, ImmutableArray<PendingHolder> Waiting)> DeliverPendingAsync(byte[]? content = null)
    {
        var location = Location!;
        var source = state.State.Source ?? location.WholeHolders.FirstOrDefault(h => !state.State.Pending.Contains(h));
        var pending = state.State.Pending;
        if (pending.IsEmpty || source is null || location.Sha256 is null || location.Size is null)
        {
            return (0, [.. pending.Select(WhyPending)]);
        }

        var update = new VersionUpdate(Key, location.Name, location.Version, location.Sha256, location.Size.Value, source, content) { Pieces = location.Pieces };
        var replies = await Task.WhenAll(pending.Select(async holder =>
        {
            try
            {
                return (holder, reply: await GrainFactory.GetPeerServer(Network, holder).ApplyUpdateAsync(update).WaitAsync(options.Value.DeliveryDeadline), downHost: (string?)null);
            }
            catch (TimeoutException)
            {
                var late = $"{holder} did not apply it within {options.Value.DeliveryDeadline.TotalSeconds:0.#} s; it is tried again.";
                logger.LogInformation("{Reason} (version {Version} of {Name})", LogText.Escape(late), update.Version, LogText.Escape(update.Name));
                return (holder, reply: new ApplyReply(P2PStatus.ServiceUnavailable, late, null), downHost: (string?)null);
            }
            catch (Exception exception) when (Offline.Describe(exception, holder) is { } offline)
            {
                logger.LogInformation("{Holder} is offline for version {Version} of {Name}: {Reason}", LogText.Escape(holder), update.Version, LogText.Escape(update.Name), LogText.Escape(offline));
                return (holder, reply: new ApplyReply(P2PStatus.ServiceUnavailable, offline, null), downHost: Offline.DownHostOf(exception));
            }
            catch (Exception exception)
            {
                logger.LogWarning(exception, "{Holder} could not apply version {Version} of {Name}; it stays pending", LogText.Escape(holder), update.Version, LogText.Escape(update.Name));
                return (holder, reply: new ApplyReply(P2PStatus.ServiceUnavailable, $"{holder} could not apply it: {exception.Message}", null), downHost: (string?)null);
            }
        }));

        // A holder that answers 404 no longer has the file: it is dropped rather than retried forever.
        var done = replies.Where(r => r.reply.Status is P2PStatus.Ok or P2PStatus.NotFound).Select(r => r.holder).ToHashSet();
        var gone = replies.Where(r => r.reply.Status == P2PStatus.NotFound).Select(r => r.holder).ToHashSet();
        var partsStored = replies.Where(r => r.reply is { Status: P2PStatus.Ok, Stored.Part: not null }).Select(r => r.reply.Stored!).ToList();
        state.State.Location = location with
        {
            WholeHolders = [.. location.WholeHolders.Where(h => !gone.Contains(h))],
            Parts = [.. location.Parts.Select(p => p with
            {
                Holders = [.. p.Holders.Where(h => !gone.Contains(h))],
                Sha256 = partsStored.FirstOrDefault(s => s.Part == p.Part)?.Sha256 ?? p.Sha256,
                Size = partsStored.FirstOrDefault(s => s.Part == p.Part)?.Size ?? p.Size,
            })],
        };
        state.State.Pending = state.State.Pending.Except(done);
        var now = DateTimeOffset.UtcNow;
        state.State.PendingWhy = replies.Where(r => !done.Contains(r.holder)).ToImmutableDictionary(
            r => r.holder,
            r => new PendingHolder(r.holder, r.reply.Reason, state.State.PendingWhy.GetValueOrDefault(r.holder)?.Since ?? now));
        await state.WriteStateAsync();
        Metrics.ReportPending(this.GetPrimaryKeyString(), state.State.Pending.Count);

        var failed = replies.Where(r => !done.Contains(r.holder)).ToList();
        foreach (var host in failed.Select(r => r.downHost).OfType<string>().Distinct())
        {
            await GrainFactory.GetHostRegistry().WaitForHostAsync(host, this.GetPrimaryKeyString());
        }

        // A busy holder calls back when it is free; a down host's silo joining wakes this grain. Anything else: a timer.
        if (failed.Any(r => r.downHost is null && !IsBusy(r.reply)))
        {
            ScheduleRetry(options.Value.DeliveryRetryInterval);
        }

        return (done.Count - gone.Count, [.. state.State.Pending.Select(WhyPending)]);
    }

    private static bool IsBusy(ApplyReply reply) => reply is { Status: P2PStatus.ServiceUnavailable, Busy: true };

    private PendingHolder WhyPending(string holder) =>
        state.State.PendingWhy.GetValueOrDefault(holder) ?? new PendingHolder(holder, $"{holder} has not applied it yet.", DateTimeOffset.UtcNow);

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        Metrics.ReportPending(this.GetPrimaryKeyString(), 0);
        return base.OnDeactivateAsync(reason, cancellationToken);
    }

    private void ScheduleRetry(TimeSpan dueTime)
    {
        _retry?.Dispose();
        _retry = this.RegisterGrainTimer(async () =>
        {
            _retry?.Dispose();
            _retry = null;
            await ResumeDeliveriesAsync();
        }, new GrainTimerCreationOptions { DueTime = dueTime, Period = Timeout.InfiniteTimeSpan, KeepAlive = true });
    }
}
