namespace OrleansP2P.Sync;

/// <summary>What the watcher reads next: a folder that changed, or one read for a periodic or overflow rescan.</summary>
public sealed record FolderWork(string Folder, bool IsChange);

/// <summary>
/// The watcher's queue, as arithmetic on times the caller passes in (no clock, no I/O). A change is read once its
/// folder has been quiet for the quiet period: every event pushes that moment back, so a burst (an editor's temp
/// file and rename, a file written in pieces) is read once, when it is done. A change that arrives while its folder
/// is being read is read again after. Changes come before rescans and have slots of their own: hundreds of folders
/// waiting for a periodic or overflow rescan never delay a folder someone just edited. A rescan of a folder with a
/// change pending is dropped (the change reads the whole folder); one of a folder being read waits for it.
/// </summary>
public sealed class FolderWatchQueue(TimeSpan quietPeriod, int changesAtOnce, int rescansAtOnce)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, DateTimeOffset> _due = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DateTimeOffset> _changedWhileRead = new(StringComparer.Ordinal);
    private readonly Dictionary<string, bool> _reading = new(StringComparer.Ordinal);
    private readonly Queue<string> _rescans = new();
    private readonly HashSet<string> _rescanQueued = new(StringComparer.Ordinal);
    private int _changesReading;
    private int _rescansReading;

    /// <summary>Something happened in <paramref name="folder"/> at <paramref name="now"/>.</summary>
    public void Changed(string folder, DateTimeOffset now)
    {
        lock (_lock)
        {
            (_reading.ContainsKey(folder) ? _changedWhileRead : _due)[folder] = now + quietPeriod;
        }
    }

    /// <summary>Read <paramref name="folder"/> when a rescan slot is free (periodic, or after an event overflow).</summary>
    public void Rescan(string folder)
    {
        lock (_lock)
        {
            if (_rescanQueued.Add(folder))
            {
                _rescans.Enqueue(folder);
            }
        }
    }

    /// <summary>The next folder to read at <paramref name="now"/>, or null; the caller reports <see cref="Done"/>.</summary>
    public FolderWork? TryTake(DateTimeOffset now)
    {
        lock (_lock)
        {
            if (_changesReading < changesAtOnce && EarliestDue() is { } next && next.Due <= now)
            {
                _due.Remove(next.Folder);
                _reading[next.Folder] = true;
                _changesReading++;
                return new FolderWork(next.Folder, IsChange: true);
            }

            for (var left = _rescans.Count; left > 0 && _rescansReading < rescansAtOnce; left--)
            {
                var folder = _rescans.Dequeue();
                if (_reading.ContainsKey(folder))
                {
                    _rescans.Enqueue(folder);
                    continue;
                }

                _rescanQueued.Remove(folder);
                if (_due.ContainsKey(folder))
                {
                    continue;
                }

                _reading[folder] = false;
                _rescansReading++;
                return new FolderWork(folder, IsChange: false);
            }

            return null;
        }
    }

    /// <summary>
    /// How long to wait before <see cref="TryTake"/> may have something, when nothing else happens: the time to the
    /// next quiet change, or null when only an event, a rescan request or a finished reading can bring work.
    /// </summary>
    public TimeSpan? WaitBeforeNext(DateTimeOffset now)
    {
        lock (_lock)
        {
            return _changesReading < changesAtOnce && EarliestDue() is { } next
                ? next.Due > now ? next.Due - now : TimeSpan.Zero
                : null;
        }
    }

    /// <summary>The reading of <paramref name="folder"/> ended; a change seen meanwhile is due again.</summary>
    public void Done(string folder)
    {
        lock (_lock)
        {
            if (!_reading.Remove(folder, out var change))
            {
                return;
            }

            if (change)
            {
                _changesReading--;
            }
            else
            {
                _rescansReading--;
            }

            if (_changedWhileRead.Remove(folder, out var due))
            {
                _due[folder] = due;
            }
        }
    }

    private (string Folder, DateTimeOffset Due)? EarliestDue()
    {
        (string Folder, DateTimeOffset Due)? earliest = null;
        foreach (var (folder, due) in _due)
        {
            if (earliest is null || due < earliest.Value.Due)
            {
                earliest = (folder, due);
            }
        }

        return earliest;
    }
}
