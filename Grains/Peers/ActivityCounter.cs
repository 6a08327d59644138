using OrleansP2P.Hosts;
using OrleansP2P.Protocol;

namespace OrleansP2P.Peers;

/// <summary>
/// A peer's activity since its last report to the network's <see cref="IPeerActivityGrain"/>: the last time it
/// was seen signed in, and what it served. A file (or part) counts once per requester and version while this
/// activation remembers it (the last <see cref="Remembered"/> transfers): a download fetched chunk by chunk, or
/// piece by piece from several sources, counts once for each source that served some of it.
/// </summary>
internal sealed class ActivityCounter
{
    public const int Remembered = 256;

    /// <summary>Signed-in peers are seen again at most this often by their session checks.</summary>
    public static readonly TimeSpan SeenInterval = TimeSpan.FromMinutes(1);

    private readonly HashSet<string> _transfers = new(StringComparer.Ordinal);
    private readonly Queue<string> _order = new();
    private DateTimeOffset? _seen;
    private DateTimeOffset _lastSeenReported = DateTimeOffset.MinValue;
    private long _files;
    private long _bytes;

    public bool HasNews => _seen is not null || _files > 0 || _bytes > 0;

    /// <summary>A chunk served to <see cref="ChunkRequest.Requester"/>; neither a peer's reads of its own copies nor a file grain's probe (its requester is the key) is serving.</summary>
    public void Served(string me, ChunkRequest request, ChunkReply reply)
    {
        if (reply.Status != P2PStatus.Ok || request.Requester == me || request.Requester == request.Key || !Usernames.IsValid(request.Requester))
        {
            return;
        }

        _bytes += reply.Data.Length;
        var transfer = $"{request.Requester}\n{request.Key}\n{request.Version}\n{request.Part}";
        if (_transfers.Add(transfer))
        {
            _files++;
            _order.Enqueue(transfer);
            if (_order.Count > Remembered)
            {
                _transfers.Remove(_order.Dequeue());
            }
        }
    }

    /// <summary>The peer is signed in at <paramref name="now"/>; false when a report of it is not due yet.</summary>
    public bool Seen(DateTimeOffset now, bool always)
    {
        if (!always && now - _lastSeenReported < SeenInterval)
        {
            return false;
        }

        _seen = now;
        _lastSeenReported = now;
        return true;
    }

    /// <summary>What to report, and counts from zero again.</summary>
    public PeerActivity Take()
    {
        var news = new PeerActivity(_seen, _files, _bytes);
        (_seen, _files, _bytes) = (null, 0, 0);
        return news;
    }

    /// <summary>A report that failed: its counts go out with the next one.</summary>
    public void PutBack(PeerActivity news)
    {
        _seen = _seen is { } seen && (news.LastSeen is null || news.LastSeen < seen) ? seen : news.LastSeen ?? _seen;
        _files += news.FilesServed;
        _bytes += news.BytesServed;
    }
}
