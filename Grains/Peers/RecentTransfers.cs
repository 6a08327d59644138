using OrleansP2P.Protocol;

namespace OrleansP2P.Peers;

/// <summary>
/// A peer's transfers for its Transfers panel: every running one and the <see cref="KeptEnded"/> latest ended ones.
/// Kept by the peer's activation, in memory: a reload or another tab of the portal sees the same list; a restart of
/// the peer's host forgets it (a download's verified pieces stay on disk, and the next download resumes them).
/// </summary>
internal sealed class RecentTransfers
{
    public const int KeptEnded = 20;

    private readonly Lock _lock = new();
    private readonly List<TransferRecord> _records = [];
    private long _next;

    public TransferRecord Start(TransferKind kind, string name, ITransferObserver? observer = null, bool canCancel = false)
    {
        lock (_lock)
        {
            var record = new TransferRecord($"{DateTimeOffset.UtcNow.ToUnixTimeMilliseconds():x}-{++_next}", kind, name, observer, canCancel);
            _records.Add(record);
            var ended = _records.Where(r => !r.IsRunning).ToList();
            foreach (var old in ended.Take(Math.Max(0, ended.Count - KeptEnded)))
            {
                _records.Remove(old);
            }

            return record;
        }
    }

    public TransferRecord? Find(string id)
    {
        lock (_lock)
        {
            return _records.Find(r => r.Id == id);
        }
    }

    /// <summary>Newest first.</summary>
    public ImmutableArray<TransferInfo> List()
    {
        lock (_lock)
        {
            return [.. Enumerable.Reverse(_records).Select(r => r.Snapshot())];
        }
    }
}
