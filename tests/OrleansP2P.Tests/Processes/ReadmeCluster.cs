using System.Text;
using System.Text.RegularExpressions;

namespace OrleansP2P.Tests.Processes;

/// <summary>
/// README's "A cluster of hosts" commands, read from README.md itself, so the test runs what a reader types: the
/// Redis server's arguments, and for each process its environment, its project and its arguments. Only the places
/// change: <c>$PWD</c> becomes the test's folder, and every port README names becomes a free one.
/// </summary>
public sealed partial class ReadmeCluster
{
    private const string Section = "## A cluster of hosts";

    private ReadmeCluster(IReadOnlyList<string> redisArguments, IReadOnlyList<Command> commands)
    {
        RedisArguments = redisArguments;
        Commands = commands;
    }

    /// <summary>redis-server's arguments, as README gives them.</summary>
    public IReadOnlyList<string> RedisArguments { get; }

    /// <summary>The value README gives redis-server's <paramref name="option"/> (<c>--port</c>, <c>--dir</c>).</summary>
    public string RedisOption(string option) =>
        RedisArguments.SkipWhile(a => a != option).Skip(1).FirstOrDefault() ?? throw new InvalidOperationException($"README's redis-server has no {option}.");

    /// <summary>The <c>dotnet run</c> commands, in README's order.</summary>
    public IReadOnlyList<Command> Commands { get; }

    /// <summary>The one command whose environment sets <c>P2P__Host</c> to <paramref name="host"/>.</summary>
    public Command SiloOf(string host) => Commands.Single(c => c.Project == "Silo" && c.Environment.GetValueOrDefault("P2P__Host") == host);

    public Command Portal => Commands.Single(c => c.Project == "WebPortal");

    /// <summary>One process: <c>K=V … dotnet run --project P -- args</c> after its block's <c>export</c> lines.</summary>
    public sealed record Command(IReadOnlyDictionary<string, string> Environment, string Project, IReadOnlyList<string> Arguments)
    {
        public string? Argument(string name) =>
            Arguments.Select(a => a.Split('=', 2)).Where(p => p.Length == 2 && p[0] == name).Select(p => p[1]).SingleOrDefault();
    }

    public static ReadmeCluster Read(string readmePath, string workDirectory, Func<int> freePort)
    {
        var text = File.ReadAllText(readmePath);
        var start = text.IndexOf(Section, StringComparison.Ordinal);
        Assert.True(start >= 0, $"README.md has a section '{Section}'.");
        var end = text.IndexOf("\n## ", start + Section.Length, StringComparison.Ordinal);
        var section = text[start..(end < 0 ? text.Length : end)];

        // Every port README names, each mapped to a free one, the same everywhere it appears.
        var ports = new Dictionary<string, string>();
        section = PortPattern().Replace(section, m =>
        {
            var port = m.Groups["port"].Value;
            if (!ports.TryGetValue(port, out var free))
            {
                ports[port] = free = freePort().ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            return m.Value[..^port.Length] + free;
        });
        section = section.Replace("$PWD", workDirectory, StringComparison.Ordinal);

        IReadOnlyList<string>? redis = null;
        var commands = new List<Command>();
        foreach (Match block in BlockPattern().Matches(section))
        {
            var environment = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var line in block.Groups["body"].Value.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                var words = Words(line);
                if (words.IndexOf("redis-server") is var r and >= 0)
                {
                    redis = words[(r + 1)..];
                    continue;
                }

                if (words is ["export", .. var exports])
                {
                    foreach (var assignment in exports)
                    {
                        var (key, value) = Assignment(assignment);
                        environment[key] = value;
                    }

                    continue;
                }

                var own = new Dictionary<string, string>(environment, StringComparer.Ordinal);
                var at = 0;
                for (; at < words.Count && words[at].Contains('=', StringComparison.Ordinal) && !words[at].StartsWith('-'); at++)
                {
                    var (key, value) = Assignment(words[at]);
                    own[key] = value;
                }

                Assert.True(words.Count > at + 3 && words[at] == "dotnet" && words[at + 1] == "run" && words[at + 2] == "--project",
                    $"README's cluster line '{line}' is 'K=V … dotnet run --project P -- args'.");
                var project = words[at + 3];
                var dashes = words.IndexOf("--", at + 4);
                commands.Add(new Command(own, project, dashes < 0 ? [] : words[(dashes + 1)..]));
            }
        }

        Assert.NotNull(redis);
        return new ReadmeCluster(redis, commands);
    }

    private static (string Key, string Value) Assignment(string word)
    {
        var parts = word.Split('=', 2);
        Assert.True(parts.Length == 2, $"'{word}' is K=V.");
        return (parts[0], parts[1]);
    }

    /// <summary>Shell words: split on blanks, with "double" and 'single' quotes (enough for README's lines).</summary>
    private static List<string> Words(string line)
    {
        var words = new List<string>();
        var word = new StringBuilder();
        var inWord = false;
        char? quote = null;
        foreach (var c in line)
        {
            if (quote is { } q)
            {
                if (c == q)
                {
                    quote = null;
                }
                else
                {
                    word.Append(c);
                }
            }
            else if (c is '"' or '\'')
            {
                quote = c;
                inWord = true;
            }
            else if (char.IsWhiteSpace(c) || c == '&')
            {
                if (inWord)
                {
                    words.Add(word.ToString());
                    word.Clear();
                    inWord = false;
                }
            }
            else
            {
                word.Append(c);
                inWord = true;
            }
        }

        if (inWord)
        {
            words.Add(word.ToString());
        }

        return words;
    }

    [GeneratedRegex(@"```\s*\n(?<body>.*?)```", RegexOptions.Singleline)]
    private static partial Regex BlockPattern();

    [GeneratedRegex(@"(?:Port=|--port |127\.0\.0\.1:)(?<port>\d{2,5})")]
    private static partial Regex PortPattern();
}
