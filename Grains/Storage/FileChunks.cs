using Microsoft.Win32.SafeHandles;

namespace OrleansP2P.Storage;

/// <summary>
/// The one chunk read of the work: up to <c>length</c> bytes at <c>offset</c> of an open handle, fewer only at the
/// end of the file. Folder copies and durable outgoing copies are served by it alike.
/// </summary>
internal static class FileChunks
{
    public static async Task<byte[]> ReadAsync(SafeFileHandle handle, long offset, int length, CancellationToken cancellationToken)
    {
        var buffer = new byte[(int)Math.Max(0, Math.Min(length, RandomAccess.GetLength(handle) - offset))];
        var read = 0;
        while (read < buffer.Length)
        {
            var n = await RandomAccess.ReadAsync(handle, buffer.AsMemory(read), offset + read, cancellationToken);
            if (n == 0)
            {
                break;
            }

            read += n;
        }

        return read == buffer.Length ? buffer : buffer[..read];
    }
}
