using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Microsoft.Extensions.Primitives;

namespace OrleansP2P.WebPortal.Api;

/// <summary>
/// The <c>If-Match</c> of an update: one strong tag naming the version the edit is based on (<c>"3"</c>). A weak
/// tag (<c>W/"3"</c>) cannot name an exact version, so it gets 412; anything else malformed gets 400; a strong
/// tag of a version that is no longer current is a stale update, 409, decided by the network, not here.
/// </summary>
public static class IfMatch
{
    /// <summary>
    /// Reads the header. True with <paramref name="version"/> null when there is none (an unconditional save),
    /// true with the version for a strong tag, false with <paramref name="status"/> and <paramref name="error"/>.
    /// </summary>
    public static bool TryParse(StringValues header, out long? version, out int status, [NotNullWhen(false)] out string? error)
    {
        version = null;
        status = 0;
        error = null;
        if (header.Count == 0)
        {
            return true;
        }

        var text = header.Count == 1 ? header[0]!.Trim() : null;
        if (text is null || text.Contains(','))
        {
            return Fail(400, "If-Match must be exactly one version in quotes, like \"3\".", out status, out error);
        }

        if (text.StartsWith("W/", StringComparison.Ordinal))
        {
            return Fail(412, "If-Match is a weak tag; send the strong tag of the version you edited, like \"3\".", out status, out error);
        }

        if (text.Length < 3 || text[0] != '"' || text[^1] != '"' ||
            !long.TryParse(text.AsSpan(1, text.Length - 2), NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
        {
            return Fail(400, "If-Match must be a version in quotes, like \"3\".", out status, out error);
        }

        version = parsed;
        return true;
    }

    private static bool Fail(int code, string reason, out int status, out string error)
    {
        status = code;
        error = reason;
        return false;
    }
}
