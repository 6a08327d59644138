using OrleansP2P.Protocol;

namespace OrleansP2P.Sync;

/// <summary>
/// The conflict copies of a network, read from its tracker table: a conflict copy is an ordinary network file whose name
/// says it is one, so it is listed while some peer holds it, and it leaves the list when its last holder removes it
/// or resolves it.
/// </summary>
public static class ConflictList
{
    public static ImmutableArray<ConflictCopy> From(TrackerSnapshot snapshot) =>
        [.. snapshot.Rows
            .Where(r => r.Part is null && r.Holders.Length > 0)
            .Select(r => ConflictCopies.TryParse(r.Name, out var original, out var author) && ConflictCopies.TimeOf(r.Name) is { } time
                ? new ConflictCopy(r.Name, original!, author!, new DateTimeOffset(time, TimeSpan.Zero), r.Size, r.Holders)
                : null)
            .OfType<ConflictCopy>()
            .OrderBy(c => c.Original, StringComparer.Ordinal)
            .ThenBy(c => c.Time)
            .ThenBy(c => c.Name, StringComparer.Ordinal)];
}
