using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using OrleansP2P.Protocol;

namespace OrleansP2P.Sync;

/// <summary>
/// The names of conflict copies: a local edit the network could not take as the next version is kept beside the
/// file as <c>name.sync-conflict-&lt;yyyyMMdd-HHmmss UTC&gt;-&lt;user&gt;.ext</c> (Syncthing's convention, which users know).
/// The stem is shortened, never the marker, the user or the extension, so the whole name stays a valid shared name
/// (<see cref="FileNames.MaxUtf8Bytes"/> UTF-8 bytes, under the file systems' 255).
/// </summary>
public static partial class ConflictCopies
{
    private const string Marker = ".sync-conflict-";

    public static string NameFor(string name, DateTime utc, string user, Func<string, bool>? taken = null)
    {
        var extension = Path.GetExtension(name);
        if (extension.Length <= 1 || extension.Length == name.Length)
        {
            extension = "";
        }

        var stem = name[..^extension.Length];
        var tag = string.Create(CultureInfo.InvariantCulture, $"{Marker}{utc:yyyyMMdd-HHmmss}-{user}");
        for (var attempt = 1; ; attempt++)
        {
            var suffix = attempt == 1 ? tag + extension : string.Create(CultureInfo.InvariantCulture, $"{tag}-{attempt}{extension}");
            var candidate = Shorten(stem, FileNames.MaxUtf8Bytes - Encoding.UTF8.GetByteCount(suffix)) + suffix;
            if (taken is null || !taken(candidate))
            {
                return candidate;
            }
        }
    }

    /// <summary>True for a conflict copy's name; <paramref name="original"/> is the file it is a copy of.</summary>
    public static bool TryParse(string name, out string? original, out string? user)
    {
        var match = Pattern().Match(name);
        original = match.Success ? match.Groups["stem"].Value + match.Groups["ext"].Value : null;
        user = match.Success ? match.Groups["user"].Value : null;
        return match.Success;
    }

    /// <summary>When the conflict copy <paramref name="name"/> was made (UTC, to the second), or null for another name.</summary>
    public static DateTime? TimeOf(string name) =>
        Pattern().Match(name) is { Success: true } match &&
        DateTime.TryParseExact(match.Groups["time"].Value, "yyyyMMdd-HHmmss", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var utc)
            ? utc
            : null;

    /// <summary>Cuts <paramref name="stem"/> to at most <paramref name="maxBytes"/> UTF-8 bytes, whole characters only.</summary>
    private static string Shorten(string stem, int maxBytes)
    {
        if (Encoding.UTF8.GetByteCount(stem) <= maxBytes)
        {
            return stem;
        }

        var kept = new StringBuilder();
        var bytes = 0;
        var elements = StringInfo.GetTextElementEnumerator(stem);
        while (elements.MoveNext())
        {
            var element = elements.GetTextElement();
            var size = Encoding.UTF8.GetByteCount(element);
            if (bytes + size > maxBytes)
            {
                break;
            }

            kept.Append(element);
            bytes += size;
        }

        // A shared name may not end with white space or a dot.
        return kept.ToString().TrimEnd(' ', '.') is { Length: > 0 } cut ? cut : "file";
    }

    [GeneratedRegex(@"^(?<stem>.+)\.sync-conflict-(?<time>[0-9]{8}-[0-9]{6})-(?<user>[^.]+?)(-[0-9]+)?(?<ext>\.[^.]+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
