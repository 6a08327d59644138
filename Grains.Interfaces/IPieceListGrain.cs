using OrleansP2P.Protocol;

namespace OrleansP2P;

/// <summary>
/// The piece digests of one shared file's recent versions (keyed like its file grain, <c>{network}/{hash key}</c>),
/// by root. Kept apart from the file grain and the tracker, which carry only the root: a list is read only by a
/// transfer that needs it, and files of a single piece have none.
/// </summary>
[Alias("OrleansP2P.IPieceListGrain")]
public interface IPieceListGrain : IGrainWithStringKey
{
    /// <summary>Keeps <paramref name="pieces"/> if its digests hash to its root; false (nothing kept) if they do not.</summary>
    [Alias("Record")]
    Task<bool> RecordAsync(PieceList pieces);

    /// <summary>The list whose root is <paramref name="root"/>, or null when none is kept.</summary>
    [Alias("Find")]
    Task<PieceList?> FindAsync(string root);
}
