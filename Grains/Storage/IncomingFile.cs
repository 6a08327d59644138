using System.Security.Cryptography;
using Microsoft.Win32.SafeHandles;

namespace OrleansP2P.Storage;

/// <summary>
/// A file being received into a peer folder: a temporary file in the folder's work area that takes its real
/// name only when committed. Bytes may arrive at any offset (parts fetched side by side); the SHA-256 of the
/// whole is computed on the way for bytes that arrive in order, and read back from the file for the rest.
/// </summary>
public sealed class IncomingFile : IAsyncDisposable
{
    private const int ReadBackBuffer = 1 << 20;

    /// <summary>A large file is flushed to disk in the background every so many bytes while it arrives.</summary>
    private const long FlushEvery = 32L << 20;

    private readonly PeerFolder _folder;
    private readonly SafeFileHandle _handle;
    private IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

    /// <summary>Bytes [0, _hashed) are in <see cref="_hash"/>.</summary>
    private long _hashed;
    private long _length;
    private long _unflushed;
    private Task _flushing = Task.CompletedTask;
    private bool _committed;
    private bool _disposed;

    internal IncomingFile(PeerFolder folder, string tempPath, bool append = false)
    {
        _folder = folder;
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

    /// <summary>Writes <paramref name="data"/> at <paramref name="offset"/>, overwriting what was there.</summary>
    public async Task WriteAtAsync(long offset, ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);

        // The write runs on the thread pool while this thread hashes the same bytes.
        var write = RandomAccess.WriteAsync(_handle, data, offset, cancellationToken);
        if (offset == _hashed)
        {
            _hash.AppendData(data.Span);
            _hashed += data.Length;
        }
        else if (offset < _hashed)
        {
            // Hashed bytes are being replaced (a bad part fetched again): the digest starts over at commit.
            _hash.Dispose();
            _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            _hashed = 0;
        }

        await write;
        _length = Math.Max(_length, offset + data.Length);
        _unflushed += data.Length;
        if (_unflushed >= FlushEvery && _flushing.IsCompleted)
        {
            // Hand the disk what arrived so far now, so the flush at commit finds little left to write.
            _unflushed = 0;
            _flushing = Task.Run(() => RandomAccess.FlushToDisk(_handle), CancellationToken.None);
        }
    }

    /// <summary>The SHA-256 of everything written so far, as lowercase hex; bytes not yet hashed are read back.</summary>
    public async Task<string> ComputeSha256Async(CancellationToken cancellationToken = default)
    {
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
