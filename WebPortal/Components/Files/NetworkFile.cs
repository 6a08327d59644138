using System.Collections.Immutable;
using System.Globalization;
using OrleansP2P.Protocol;

namespace OrleansP2P.WebPortal.Components.Files;

/// <summary>
/// One file of the network as the dashboard lists it. Tracker.txt has a row per layout (the whole file, and each
/// part); a person thinks in files, so the rows of one key are gathered here.
/// </summary>
public sealed record NetworkFile(string Key, string Name, ImmutableArray<string> WholeHolders, ImmutableArray<TrackerRow> Parts, long? WholeSize = null)
{
    /// <summary>
    /// The file's size at its current version, as the file grain records it: the whole file's, or, while only parts
    /// are held, the sum of one complete layout's parts; null while neither is known.
    /// </summary>
    public long? Size =>
        WholeSize ?? Parts
            .GroupBy(p => p.Part!.Count)
            .Where(layout => layout.Select(p => p.Part!.Index).Distinct().Count() == layout.Key && layout.All(p => p.Size is not null))
            .Select(layout => (long?)layout.DistinctBy(p => p.Part!.Index).Sum(p => p.Size!.Value))
            .FirstOrDefault();

    /// <summary>"full", "2 parts", or "full + 2 parts" while a whole copy and parts coexist.</summary>
    public string Layout
    {
        get
        {
            var partCount = Parts.IsEmpty ? 0 : Parts.Max(p => p.Part!.Count);
            var parts = partCount switch
            {
                0 => null,
                1 => "1 part",
                _ => string.Create(CultureInfo.InvariantCulture, $"{partCount} parts"),
            };
            return (WholeHolders.IsEmpty, parts) switch
            {
                (false, null) => "full",
                (false, _) => $"full + {parts}",
                (true, _) => parts ?? "",
            };
        }
    }

    /// <summary>Every peer holding something of the file, parts written the way Tracker.txt writes them.</summary>
    public IEnumerable<string> Holders =>
        WholeHolders.Concat(Parts.SelectMany(p => p.Holders.Select(h => $"{h} ({p.Layout})")));

    public bool IsHeldWholeBy(string username) => WholeHolders.Contains(username, StringComparer.Ordinal);

    public static ImmutableArray<NetworkFile> From(TrackerSnapshot snapshot) =>
    [
        .. snapshot.Rows
            .GroupBy(r => r.Key, StringComparer.Ordinal)
            .Select(g => new NetworkFile(
                g.Key,
                g.First().Name,
                g.Where(r => r.Part is null).SelectMany(r => r.Holders).ToImmutableArray(),
                [.. g.Where(r => r.Part is not null).OrderBy(r => r.Part!.Index)],
                g.FirstOrDefault(r => r.Part is null)?.Size))
            .OrderBy(f => f.Name, StringComparer.Ordinal),
    ];
}
