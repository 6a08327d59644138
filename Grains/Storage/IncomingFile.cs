using System.Security.Cryptography;
using Microsoft.Win32.SafeHandles;

namespace OrleansP2P.Storage;

/// <summary>
/// A file being received into a peer folder: a temporary file in the folder's work area that takes its real
/// name only when committed. Bytes may arrive at any offset (parts fetched side by side); the SHA-256 of the
/// whole is computed on the way: bytes that arrive in order are hashed as they come, and bytes that arrived
/// early are read back and hashed in the background as soon as everything before them is there, so the digest
/// keeps up with the transfer instead of starting when the last part lands.
/// </summary>
public sealed class IncomingFile : IAsyncDisposable
{
    private const int ReadBackBuffer = 1 << 20;

    /// <summary>A large file is flushed to disk in the background every so many bytes while it arrives.</summary>
    private const long FlushEvery = 32L << 20;

    private readonly PeerFolder _folder;
    private readonly SafeFileHandle _handle;
    /// <summary>Guards the hash frontier between the writer and the background catch-up.</summary>
    private readonly Lock _gate = new();

    /// <summary>Ranges written beyond <see cref="_hashed"/>, start → end; merged when the frontier reaches them.</summary>
    private readonly SortedDictionary<long, long> _ahead = [];

    private IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

    /// <summary>Bytes [0, _hashed) are in <see cref="_hash"/>, unless <see cref="_rehash"/> says the digest must start over.</summary>
    private long _hashed;
    private bool _rehash;

    /// <summary>The end of the range the catch-up is hashing now (at most <see cref="_hashed"/> when it is idle).</summary>
    private long _claimed;

    /// <summary>While true the catch-up owns <see cref="_hash"/> and the writer leaves it alone.</summary>
    private bool _catchingUp;
    private Task _catchUp = Task.CompletedTask;
    private long _length;
    private long _unflushed;
    private Task _flushing = Task.CompletedTask;
    private bool _committed;
    private bool _disposed;

    /// <param name="hashWhole">
    /// False for a file whose pieces are each verified against a piece list: its root already proves the whole, and a
    /// second pass over every byte was the single-source download's bottleneck. <see cref="ComputeSha256Async()"/>
    /// then reads everything back.
    /// </param>
    internal IncomingFile(PeerFolder folder, string tempPath, bool append = false, bool hashWhole = true)
    {
        _folder = folder;
        _rehash = !hashWhole;
        TempPath = tempPath;
        _handle = File.OpenHandle(tempPath, append ? FileMode.OpenOrCreate : FileMode.CreateNew, FileAccess.ReadWrite, FileShare.Read, FileOptions.Asynchronous);

        // An upload continued across calls starts where the last call stopped; its hash is read back at commit.
        _length = append ? RandomAccess.GetLength(_handle) : 0;
    }

    public string TempPath { get; }

    /// <summary>The end of the furthest byte written.</summary>
    public long Length => _length;

    public Task AppendAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default) =>
        WriteAtAsync(_length, data, cancellationToken);

    /// <summary>Writes <paramref name="data"/> at <paramref name="offset"/>, overwriting what was there; several writes may run at once.</summary>
    public async Task WriteAtAsync(long offset, ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);

        // The write runs on the thread pool while this thread hashes the same bytes.
        var write = RandomAccess.WriteAsync(_handle, data, offset, cancellationToken);
        var hashed = false;
        lock (_gate)
        {
            if (offset < Math.Max(_hashed, _claimed))
            {
                // Hashed bytes are being replaced (a bad part fetched again): the digest starts over at commit.
                _rehash = true;
            }
            else if (offset == _hashed && !_catchingUp && !_rehash)
            {
                _hash.AppendData(data.Span);
                _hashed += data.Length;
                hashed = true;
            }
        }

        await write;

        // Writes may run side by side (a piece transfer writes each piece from the thread pool as it passes).
        lock (_gate)
        {
            _length = Math.Max(_length, offset + data.Length);
            if (!hashed)
            {
                NoteWrittenAhead(offset, offset + data.Length);
            }

            StartCatchUpIfDue();
            _unflushed += data.Length;
            if (_unflushed >= FlushEvery && _flushing.IsCompleted)
            {
                // Hand the disk what arrived so far now, so the flush at commit finds little left to write.
                _unflushed = 0;
                _flushing = Task.Run(() => RandomAccess.FlushToDisk(_handle), CancellationToken.None);
            }
        }
    }

    /// <summary>The SHA-256 of everything written so far, as lowercase hex; bytes not yet hashed are read back.</summary>
    public async Task<string> ComputeSha256Async(CancellationToken cancellationToken = default)
    {
        await _catchUp;
        lock (_gate)
        {
            if (_rehash)
            {
                _hash.Dispose();
                _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
                _hashed = _claimed = 0;
                _rehash = false;
            }

            _ahead.Clear();
        }

        _hashed = await HashRangeAsync(_hash, _hashed, _length - _hashed, cancellationToken);
        return Convert.ToHexStringLower(_hash.GetCurrentHash());
    }

    /// <summary>The SHA-256 of one range of the file, read back from disk (to find which part was bad).</summary>
    public async Task<string> ComputeSha256Async(long offset, long length, CancellationToken cancellationToken = default)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        await HashRangeAsync(hash, offset, length, cancellationToken);
        return Convert.ToHexStringLower(hash.GetCurrentHash());
    }

    /// <summary>Flushes to disk and renames the temporary file to <paramref name="storedName"/>, replacing any old copy.</summary>
    public async Task CommitAsync(string storedName, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var target = _folder.PathOf(storedName);

        // Durable before it is visible: a crash leaves the old copy or the new one, never a torn file.
        await _catchUp;
        await _flushing;
        RandomAccess.FlushToDisk(_handle);
        _handle.Dispose();
        File.Move(TempPath, target, overwrite: true);
        _committed = true;
    }

    /// <summary>Drops what was written.</summary>
    public async ValueTask DisposeAsync()
    {
        if (!_disposed)
        {
            _disposed = true;
            await _catchUp;
            await _flushing.ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            _handle.Dispose();
            _hash.Dispose();
            if (!_committed)
            {
                File.Delete(TempPath);
            }
        }
    }

    /// <summary>Closes the file but keeps it, for an upload that continues in a later call.</summary>
    public async ValueTask KeepAsync()
    {
        _committed = true;
        await DisposeAsync();
    }

    /// <summary>Records bytes written beyond the frontier; called under <see cref="_gate"/>.</summary>
    private void NoteWrittenAhead(long start, long end)
    {
        start = Math.Max(start, _hashed);
        if (end > start)
        {
            _ahead[start] = Math.Max(end, _ahead.GetValueOrDefault(start));
        }
    }

    /// <summary>Starts hashing in the background once the frontier has reached bytes written ahead of it; called under <see cref="_gate"/>.</summary>
    private void StartCatchUpIfDue()
    {
        if (!_catchingUp && !_rehash && _ahead.Count > 0 && _ahead.First().Key <= _hashed)
        {
            _catchingUp = true;
            _catchUp = Task.Run(CatchUpAsync);
        }
    }

    private async Task CatchUpAsync()
    {
        while (true)
        {
            long from, to;
            lock (_gate)
            {
                to = _hashed;
                while (!_rehash && _ahead.Count > 0 && _ahead.First() is var (start, end) && start <= to)
                {
                    _ahead.Remove(start);
                    to = Math.Max(to, end);
                }

                if (to == _hashed)
                {
                    _catchingUp = false;
                    return;
                }

                from = _hashed;
                _claimed = to;
            }

            try
            {
                await HashRangeAsync(_hash, from, to - from, CancellationToken.None);
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                // The digest is recomputed from the start when it is asked for; that is where an error belongs.
                lock (_gate)
                {
                    _rehash = true;
                    _catchingUp = false;
                    return;
                }
            }

            lock (_gate)
            {
                _hashed = to;
            }
        }
    }

    private async Task<long> HashRangeAsync(IncrementalHash hash, long offset, long length, CancellationToken cancellationToken)
    {
        var buffer = new byte[(int)Math.Min(ReadBackBuffer, Math.Max(length, 1))];
        var end = offset + length;
        while (offset < end)
        {
            var read = await RandomAccess.ReadAsync(_handle, buffer.AsMemory(0, (int)Math.Min(buffer.Length, end - offset)), offset, cancellationToken);
            if (read == 0)
            {
                throw new IOException($"{TempPath} ends at {offset}, before {end}.");
            }

            hash.AppendData(buffer, 0, read);
            offset += read;
        }

        return offset;
    }
}
