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
