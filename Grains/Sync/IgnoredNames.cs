using System.Text.RegularExpressions;

namespace OrleansP2P.Sync;

/// <summary>
/// Names in a peer's folder that are never shared and never wake the watcher: editors' temporary and lock files
/// (<c>P2P:IgnorePatterns</c>, patterns separated by <c>;</c>, where <c>*</c> is any run of characters and <c>?</c>
/// one). An editor saving through <c>File3.txt.tmp</c> then renaming it over File3.txt publishes File3.txt only.
/// </summary>
public sealed class IgnoredNames
{
    public const string DefaultPatterns = "*.swp;*~;.#*;~$*;*.tmp";

    private readonly Regex? _match;

    public IgnoredNames(string? patterns)
    {
        var globs = (patterns ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Patterns = [.. globs];
        _match = globs.Length == 0 ? null
            : new Regex("^(?:" + string.Join('|', globs.Select(ToRegex)) + ")$", RegexOptions.CultureInvariant | RegexOptions.Singleline);
    }

    public static IgnoredNames None { get; } = new("");

    public ImmutableArray<string> Patterns { get; }

    public bool IsIgnored(string name) => _match is not null && _match.IsMatch(name);

    private static string ToRegex(string glob) =>
        Regex.Escape(glob).Replace(@"\*", ".*", StringComparison.Ordinal).Replace(@"\?", ".", StringComparison.Ordinal);
}
