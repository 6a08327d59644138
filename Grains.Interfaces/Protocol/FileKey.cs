using System.Security.Cryptography;
using System.Text;

namespace OrleansP2P.Protocol;

/// <summary>
/// The peer's hash function: a file name becomes the key of its row in every peer's table and in Tracker.txt.
/// The key is the first 16 lowercase hex digits of SHA-256 over the UTF-8 bytes of the NFC-normalised name
/// (case kept), so every process on every machine computes the same key — unlike <see cref="string.GetHashCode()"/>.
/// </summary>
public static class FileKey
{
    public const int Length = 16;

    public static string Compute(string fileName)
    {
        ArgumentNullException.ThrowIfNull(fileName);
        if (!CanNormalize)
        {
            // In .NET's globalization-invariant mode Normalize() leaves non-ASCII text as it is, so this process
            // would compute other keys than its peers: refuse rather than disagree silently.
            throw new PlatformNotSupportedException("Unicode normalization is unavailable (globalization-invariant mode); file keys cannot be computed. Install ICU (libicu) and unset DOTNET_SYSTEM_GLOBALIZATION_INVARIANT.");
        }

        var normalized = fileName.Normalize(NormalizationForm.FormC);
        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(normalized), digest);
        return Convert.ToHexStringLower(digest[..(Length / 2)]);
    }

    private static readonly bool CanNormalize = "e\u0301".Normalize(NormalizationForm.FormC) == "\u00e9";

    public static bool IsWellFormed(string? key) =>
        key is { Length: Length } && key.All(c => c is >= '0' and <= '9' or >= 'a' and <= 'f');
}
