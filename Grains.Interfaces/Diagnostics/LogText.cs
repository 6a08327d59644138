using System.Globalization;
using System.Text;

namespace OrleansP2P.Diagnostics;

/// <summary>
/// Makes a user-supplied value safe to put in a log line, in any log format: a newline in a username must not
/// forge a second line, a bidi override must not reorder what a reader sees, and a 1 MB name must not be logged
/// whole. Every value that came from a request (usernames, file names, reasons quoting them) goes through
/// <see cref="Escape"/> before it reaches a logger.
/// </summary>
public static class LogText
{
    /// <summary>What a truncated value ends with, before the count of characters left off.</summary>
    public const string TruncationMarker = "…[+";

    /// <summary>
    /// The value with control characters (C0, DEL, C1), line and paragraph separators (U+2028, U+2029), bidi
    /// controls, zero-width characters, lone surrogates and the backslash written as escapes (<c>\n</c>,
    /// <c>\r</c>, <c>\t</c>, <c>\\</c>, <c>\u202E</c>), and cut after <paramref name="max"/> characters of the
    /// original with a marker saying how many were left off (<c>…[+999872 chars]</c>). Null is <c>(null)</c>.
    /// </summary>
    public static string Escape(string? value, int max = 128)
    {
        if (value is null)
        {
            return "(null)";
        }

        ArgumentOutOfRangeException.ThrowIfNegative(max);
        var length = Math.Min(value.Length, max);
        if (length < value.Length && length > 0 && char.IsHighSurrogate(value[length - 1]) && char.IsLowSurrogate(value[length]))
        {
            length--; // never split a surrogate pair: the half would be escaped as if it were lone
        }

        if (length == value.Length && !NeedsEscape(value))
        {
            return value;
        }

        var text = new StringBuilder(length + 16);
        for (var i = 0; i < length; i++)
        {
            var c = value[i];
            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                text.Append(c).Append(value[++i]);
                continue;
            }

            switch (c)
            {
                case '\\': text.Append(@"\\"); break;
                case '\n': text.Append(@"\n"); break;
                case '\r': text.Append(@"\r"); break;
                case '\t': text.Append(@"\t"); break;
                default:
                    if (IsUnsafe(c))
                    {
                        text.Append(@"\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        text.Append(c);
                    }

                    break;
            }
        }

        if (length < value.Length)
        {
            text.Append(TruncationMarker).Append((value.Length - length).ToString(CultureInfo.InvariantCulture)).Append(" chars]");
        }

        return text.ToString();
    }

    private static bool NeedsEscape(string value)
    {
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                i++;
                continue;
            }

            if (c == '\\' || IsUnsafe(c))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Characters that end a line, reorder text or hide themselves when a log is read.</summary>
    private static bool IsUnsafe(char c) =>
        char.IsControl(c) // C0, DEL and C1 (NEL U+0085 ends a line too)
        || char.IsSurrogate(c) // a lone half: the pair case is handled before
        || c is '\u2028' or '\u2029' // line and paragraph separators
        || c is '\u061C' or '\u200E' or '\u200F' // Arabic letter mark, LRM, RLM
        || c is >= '\u202A' and <= '\u202E' // LRE, RLE, PDF, LRO, RLO
        || c is >= '\u2066' and <= '\u2069' // LRI, RLI, FSI, PDI
        || c is '\u200B' or '\u200C' or '\u200D' or '\u2060' or '\uFEFF'; // zero-width space, (non-)joiner, word joiner, BOM
}
