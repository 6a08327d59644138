namespace OrleansP2P.Sync;

/// <summary>
/// What the watcher reads next: a folder that changed, or one read for a periodic or overflow rescan.
/// <paramref name="Names"/> are the entries its events named, the only ones a change reads; null reads the whole folder.
/// </summary>
public sealed record FolderWork(string Folder, bool IsChange, IReadOnlySet<string>? Names = null)
{
    public bool IsWhole => Names is null;
}

/// <summary>
/// The watcher's queue, as arithmetic on times the caller passes in (no clock, no I/O). A change is read once its
/// folder has been quiet for the quiet period: every event pushes that moment back, so a burst (an editor's temp
/// file and rename, a file written in pieces) is read once, when it is done. A change collects the names its events
/// named, so its reading looks at those alone, not at the whole folder (which grows with the network); past
/// <see cref="MaxNames"/> names, or with an event that named none, it reads the whole folder. A change that arrives
/// while its folder is being read is read again after. Changes come before rescans and have slots of their own:
/// hundreds of folders waiting for a periodic or overflow rescan never delay a folder someone just edited. A rescan
/// of a folder with a change pending turns that change into a reading of the whole folder; one of a folder being
/// read waits for it.
/// </summary>
public sealed class FolderWatchQueue(TimeSpan quietPeriod, int changesAtOnce, int rescansAtOnce)
{
    /// <summary>More names than this in one change (a folder copied in at once) are read as the whole folder.</summary>
    public const int MaxNames = 256;

    private readonly Lock _lock = new();
    private readonly Dictionary<string, Pending> _due = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Pending> _changedWhileRead = new(StringComparer.Ordinal);
    private readonly Dictionary<string, bool> _reading = new(StringComparer.Ordinal);
    private readonly Queue<string> _rescans = new();
    private readonly HashSet<string> _rescanQueued = new(StringComparer.Ordinal);
    private int _changesReading;
    private int _rescansReading;

    /// <summary>Something happened to <paramref name="name"/> in <paramref name="folder"/> at <paramref name="now"/> (null: to something unnamed).</summary>
    public void Changed(string folder, DateTimeOffset now, string? name = null)
    {
        lock (_lock)
        {
            var pending = _reading.ContainsKey(folder) ? _changedWhileRead : _due;
            if (!pending.TryGetValue(folder, out var change))
            {
                pending[folder] = change = new Pending();
            }

            change.Due = now + quietPeriod;
            change.Add(name);
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
            if (_changesReading < changesAtOnce && EarliestDue() is { } next && next.Change.Due <= now)
            {
                _due.Remove(next.Folder);
                _reading[next.Folder] = true;
                _changesReading++;
                return new FolderWork(next.Folder, IsChange: true, next.Change.Names);
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
                if (_due.TryGetValue(folder, out var change))
                {
                    // Events may have been lost: the pending change reads everything, in a change slot, once quiet.
                    change.Add(null);
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
                ? next.Change.Due > now ? next.Change.Due - now : TimeSpan.Zero
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

            if (_changedWhileRead.Remove(folder, out var pending))
            {
                _due[folder] = pending;
            }
        }
    }

    private (string Folder, Pending Change)? EarliestDue()
    {
        (string Folder, Pending Change)? earliest = null;
        foreach (var (folder, change) in _due)
        {
            if (earliest is null || change.Due < earliest.Value.Change.Due)
            {
                earliest = (folder, change);
            }
        }

        return earliest;
    }

    /// <summary>A change waiting for its quiet moment: when, and the names its events named (null: the whole folder).</summary>
    private sealed class Pending
    {
        public DateTimeOffset Due { get; set; }

        public HashSet<string>? Names { get; private set; } = new(StringComparer.Ordinal);

        public void Add(string? name)
        {
            if (name is null || (Names is { Count: >= MaxNames } && !Names.Contains(name)))
            {
                Names = null;
            }
            else
            {
                Names?.Add(name);
            }
        }
    }
}
