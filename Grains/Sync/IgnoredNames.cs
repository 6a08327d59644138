using System.Collections.Concurrent;
using System.Text.RegularExpressions;

namespace OrleansP2P.Sync;

/// <summary>
/// Names in a peer's folder that are never shared and never wake the watcher: editors' temporary and lock files
/// (<c>P2P:IgnorePatterns</c>, patterns separated by <c>;</c>, where <c>*</c> is any run of characters and <c>?</c>
/// one). An editor saving through <c>File3.txt.tmp</c> then renaming it over File3.txt publishes File3.txt only.
/// Every event and every name of a reading is matched, so the matcher is compiled once per pattern set
/// (<see cref="For"/>) and shared by every peer and watcher of the process, never built per activation.
/// </summary>
public sealed class IgnoredNames
{
    public const string DefaultPatterns = "*.swp;*~;.#*;~$*;*.tmp";

    private static readonly ConcurrentDictionary<string, IgnoredNames> Compiled = new(StringComparer.Ordinal);

    private readonly Regex? _match;

    public IgnoredNames(string? patterns)
    {
        var globs = (patterns ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Patterns = [.. globs];
        _match = globs.Length == 0 ? null
            : new Regex("^(?:" + string.Join('|', globs.Select(ToRegex)) + ")$", RegexOptions.CultureInvariant | RegexOptions.Singleline | RegexOptions.Compiled);
    }

    public static IgnoredNames None { get; } = new("");

    /// <summary>The one matcher of <paramref name="patterns"/> (the option's value) in this process.</summary>
    public static IgnoredNames For(string? patterns) => Compiled.GetOrAdd(patterns ?? "", p => new IgnoredNames(p));

    public ImmutableArray<string> Patterns { get; }

    public bool IsIgnored(string name) => _match is not null && _match.IsMatch(name);

    private static string ToRegex(string glob) =>
        Regex.Escape(glob).Replace(@"\*", ".*", StringComparison.Ordinal).Replace(@"\?", ".", StringComparison.Ordinal);
}
