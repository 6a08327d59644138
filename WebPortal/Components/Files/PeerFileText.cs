using System.Text;
using OrleansP2P.Protocol;

namespace OrleansP2P.WebPortal.Components.Files;

/// <summary>Reads a whole file the user's own peer holds as text, for the editor; null when it is not text.</summary>
public static class PeerFileText
{
    /// <summary>A browser text area is no place for more than this; bigger files are saved to the computer instead.</summary>
    public const long MaxEditableBytes = 1024 * 1024;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static bool IsEditable(FileDescriptor file) => file.IsWhole && file.Size <= MaxEditableBytes;

    /// <summary>The file's content, or null when it is too big, not valid UTF-8, or binary.</summary>
    public static async Task<string?> ReadAsync(IPeerClientGrain peer, string username, FileDescriptor file, CancellationToken cancellationToken = default)
    {
        if (!IsEditable(file))
        {
            return null;
        }

        using var content = new MemoryStream((int)file.Size);
        var status = await peer.CopyFileToAsync(username, file, content, cancellationToken: cancellationToken);
        if (status != P2PStatus.Ok)
        {
            throw new FileChangedException(file.Name, status);
        }

        return Decode(content.GetBuffer().AsSpan(0, (int)content.Length));
    }

    /// <summary>The bytes as text, or null when they are not valid UTF-8 or hold a NUL (binary).</summary>
    public static string? Decode(ReadOnlySpan<byte> bytes)
    {
        try
        {
            var text = StrictUtf8.GetString(bytes);
            return text.Contains('\0', StringComparison.Ordinal) ? null : text;
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }

    public static byte[] Encode(string text) => StrictUtf8.GetBytes(text);
}
