using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace OrleansP2P.Protocol;

/// <summary>
/// Which names a shared file may have, and how a part of a file is named on disk
/// (<c>File2.txt.part1of2</c>). A name is a single path segment: never a path, never a trick.
/// </summary>
public static partial class FileNames
{
    public const int MaxLength = 200;

    /// <summary>
    /// File systems limit a name to 255 bytes (ext4, XFS, btrfs count UTF-8 bytes), and a part's stored name adds up
    /// to 15 (<c>.part9999of9999</c>), so a shared name is at most 240 bytes in UTF-8, whatever its characters.
    /// </summary>
    public const int MaxUtf8Bytes = 240;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The tracker table every peer folder holds; never a shared file itself.</summary>
    public const string TrackerFileName = "Tracker.txt";

    private static readonly char[] Forbidden = ['/', '\\', ':', '*', '?', '"', '<', '>', '|'];

    /// <summary>Checks a shared file name; on failure <paramref name="error"/> says why, for a 400 reply.</summary>
    public static bool TryValidate(string? name, [NotNullWhen(false)] out string? error)
    {
        error = name switch
        {
            null or "" => "The file name is empty.",
            { Length: > MaxLength } => $"The file name is longer than {MaxLength} characters.",
            _ when name != name.Trim() => "The file name starts or ends with white space.",
            _ when name.Any(char.IsControl) => "The file name contains a control character (tab, newline, …).",
            _ when Utf8Length(name) is not { } bytes => "The file name is not valid Unicode (it has a lone surrogate).",
            _ when Utf8Length(name) > MaxUtf8Bytes => $"The file name is {Utf8Length(name)} bytes in UTF-8; file systems allow at most {MaxUtf8Bytes} for a shared name (255 with a part's suffix).",
            _ when FirstInvisible(name) is { } hidden => $"The file name contains U+{(int)hidden:X4}, an invisible or direction-changing character (bidi controls, zero-width characters, line and paragraph separators, and white space other than a plain space are refused: two names that look the same must be the same).",
            _ when name.IndexOfAny(Forbidden) >= 0 => "The file name contains a path separator or a reserved character (/ \\ : * ? \" < > |).",
            _ when name.StartsWith('.') => "The file name starts with '.' (hidden names and '..' are not shared).",
            _ when name.EndsWith('.') => "The file name ends with '.'.",
            _ when string.Equals(name, TrackerFileName, StringComparison.OrdinalIgnoreCase) => "Tracker.txt is the tracker table, not a shared file.",
            _ when PartPattern().IsMatch(name) => "The file name looks like a part of a file (name.partIofN).",
            _ when !name.IsNormalized(NormalizationForm.FormC) => "The file name is not in Unicode normal form C.",
            _ => null,
        };
        return error is null;
    }

    public static bool IsValid(string? name) => TryValidate(name, out _);

    private static int? Utf8Length(string name)
    {
        try
        {
            return StrictUtf8.GetByteCount(name);
        }
        catch (EncoderFallbackException)
        {
            return null;
        }
    }

    /// <summary>
    /// The first character a reader cannot see or that changes how the rest is shown: format characters (bidi
    /// controls U+202A–U+202E and U+2066–U+2069, zero-width U+200B–U+200D, U+2060, U+FEFF, soft hyphen), the line and
    /// paragraph separators U+2028/U+2029 (they split a Tracker.txt row for Unicode-aware readers), and white
    /// space other than U+0020.
    /// </summary>
    private static char? FirstInvisible(string name)
    {
        foreach (var c in name)
        {
            var category = char.GetUnicodeCategory(c);
            if (category is UnicodeCategory.Format or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator ||
                (category is UnicodeCategory.SpaceSeparator && c != ' ') || c is '\u3164' or '\u115F' or '\u1160' or '\uFFA0')
            {
                return c;
            }
        }

        return null;
    }

    /// <summary>The on-disk name of part <paramref name="part"/> of <paramref name="name"/>.</summary>
    public static string PartFileName(string name, PartSpec part) =>
        string.Create(CultureInfo.InvariantCulture, $"{name}.part{part.Index}of{part.Count}");

    /// <summary>Reads a name on disk as a whole file or as a part of one.</summary>
    public static bool TryParseStored(string storedName, [NotNullWhen(true)] out string? name, out PartSpec? part)
    {
        part = null;
        var match = PartPattern().Match(storedName);
        if (match.Success)
        {
            name = match.Groups["name"].Value;
            if (!int.TryParse(match.Groups["i"].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out var index) ||
                !int.TryParse(match.Groups["n"].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out var count))
            {
                name = null;
                return false;
            }

            part = new PartSpec(index, count);
            if (!part.IsValid || !IsValid(name))
            {
                name = null;
                part = null;
                return false;
            }

            return true;
        }

        name = IsValid(storedName) ? storedName : null;
        return name is not null;
    }

    [GeneratedRegex(@"^(?<name>.+)\.part(?<i>[0-9]{1,4})of(?<n>[0-9]{1,4})$", RegexOptions.CultureInvariant)]
    private static partial Regex PartPattern();
}
