using System.Globalization;

namespace OrleansP2P.WebPortal.Tests.Operations;

/// <summary>Reads values out of a Prometheus text exposition: a metric's value summed over its series.</summary>
internal sealed class PrometheusText(string text)
{
    public string Text { get; } = text;

    /// <summary>The sum of every sample of <paramref name="name"/> (any labels) whose labels contain <paramref name="label"/>; 0 when absent.</summary>
    public double Sum(string name, string? label = null)
    {
        var sum = 0.0;
        foreach (var line in Text.Split('\n'))
        {
            if (line.StartsWith('#') || !line.StartsWith(name, StringComparison.Ordinal) || line.Length <= name.Length || line[name.Length] is not ('{' or ' '))
            {
                continue;
            }

            if (label is not null && !line.Contains(label, StringComparison.Ordinal))
            {
                continue;
            }

            var labelsEnd = line.LastIndexOf('}');
            var rest = line[(labelsEnd < 0 ? name.Length : labelsEnd + 1)..].Trim().Split(' ');
            sum += double.Parse(rest[0], CultureInfo.InvariantCulture);
        }

        return sum;
    }

    public bool Has(string name) => Text.Split('\n').Any(l => !l.StartsWith('#') && l.StartsWith(name, StringComparison.Ordinal));
}
