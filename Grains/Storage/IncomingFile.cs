using System.Security.Cryptography;

namespace OrleansP2P.Storage;

/// <summary>
/// A file being received into a peer folder: bytes are appended to a temporary file in the folder's work
/// area while their SHA-256 is computed on the way, and the file takes its real name only when committed.
/// </summary>
public sealed class IncomingFile : IAsyncDisposable
{
    private readonly PeerFolder _folder;
    private readonly FileStream _stream;
    private IncrementalHash? _hash;
    private bool _committed;

    internal IncomingFile(PeerFolder folder, string tempPath, bool append = false)
    {
        _folder = folder;
        TempPath = tempPath;
        _stream = new FileStream(tempPath, append ? FileMode.Append : FileMode.CreateNew, FileAccess.Write, FileShare.Read, 1 << 16, useAsync: true);

        // An upload is appended to across calls, so its hash is computed once at commit instead.
        _hash = append ? null : IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    }

    public string TempPath { get; }

    public long Length => _stream.Length;

    public async Task AppendAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default)
    {
        await _stream.WriteAsync(data, cancellationToken);
        _hash?.AppendData(data.Span);
    }

    /// <summary>The SHA-256 of everything written so far, as lowercase hex.</summary>
    public async Task<string> ComputeSha256Async(CancellationToken cancellationToken = default)
    {
        await _stream.FlushAsync(cancellationToken);
        if (_hash is not null)
        {
            return Convert.ToHexStringLower(_hash.GetCurrentHash());
        }

        await using var read = new FileStream(TempPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1 << 16, useAsync: true);
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(read, cancellationToken));
    }

    /// <summary>Flushes to disk and renames the temporary file to <paramref name="storedName"/>, replacing any old copy.</summary>
    public async Task CommitAsync(string storedName, CancellationToken cancellationToken = default)
    {
        var target = _folder.PathOf(storedName);
        await _stream.FlushAsync(cancellationToken);
        _stream.Flush(flushToDisk: true);
        await _stream.DisposeAsync();
        File.Move(TempPath, target, overwrite: true);
        _committed = true;
    }

    /// <summary>Drops what was written.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stream.DisposeAsync();
        _hash?.Dispose();
        _hash = null;
        if (!_committed)
        {
            File.Delete(TempPath);
        }
    }

    /// <summary>Closes the file but keeps it, for an upload that continues in a later call.</summary>
    public async ValueTask KeepAsync()
    {
        _committed = true;
        await DisposeAsync();
    }
}
