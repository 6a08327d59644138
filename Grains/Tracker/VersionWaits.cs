namespace OrleansP2P.Tracker;

/// <summary>
/// Waits for versions of the tracker's table, settled in order: one settlement completes (or fails) every wait up
/// to its version at once. Not thread-safe: its owner (<see cref="PublicationRounds"/>, <see cref="Hosting.PublishedWaits"/>)
/// calls it under its own lock and resolves what <see cref="TakeUpTo"/> hands back outside it.
/// </summary>
public sealed class VersionWaits
{
    private readonly SortedDictionary<long, TaskCompletionSource> _waiting = [];

    /// <summary>The highest version waited for, or 0 when nobody waits.</summary>
    public long Highest => _waiting.Count == 0 ? 0 : _waiting.Keys.Max();

    /// <summary>A wait for <paramref name="version"/>, shared with every other wait for the same version.</summary>
    public Task For(long version)
    {
        if (!_waiting.TryGetValue(version, out var done))
        {
            _waiting[version] = done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        return done.Task;
    }

    /// <summary>Removes every wait up to <paramref name="upTo"/>; the caller settles them with <see cref="Settle"/>, outside its lock.</summary>
    public List<TaskCompletionSource> TakeUpTo(long upTo)
    {
        var taken = _waiting.TakeWhile(w => w.Key <= upTo).ToList();
        foreach (var (version, _) in taken)
        {
            _waiting.Remove(version);
        }

        return [.. taken.Select(w => w.Value)];
    }

    /// <summary>Completes <paramref name="waits"/>, or fails them with <paramref name="failure"/>.</summary>
    public static void Settle(IEnumerable<TaskCompletionSource> waits, Exception? failure)
    {
        foreach (var done in waits)
        {
            if (failure is null)
            {
                done.SetResult();
            }
            else
            {
                done.SetException(failure);
            }
        }
    }
}
