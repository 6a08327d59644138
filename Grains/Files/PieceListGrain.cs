using OrleansP2P.Hosting;
using OrleansP2P.Protocol;
using OrleansP2P.Storage;

namespace OrleansP2P.Files;

/// <summary>
/// The piece lists of one file's recent versions, by root. A list is taken only if its digests hash to its root,
/// so whoever records it cannot make a transfer accept other bytes than the root names.
/// </summary>
public sealed class PieceListGrain(
    [PersistentState("pieces", StorageNames.Metadata)] IPersistentState<PieceListState> state) : Grain, IPieceListGrain
{
    public async Task<bool> RecordAsync(PieceList pieces)
    {
        if (!PieceDigests.IsConsistent(pieces))
        {
            return false;
        }

        if (state.State.Lists.Any(l => l.Layout == pieces.Layout))
        {
            return true;
        }

        var lists = state.State.Lists.Add(pieces);
        state.State.Lists = lists.Count > PieceListState.Recent ? lists.RemoveRange(0, lists.Count - PieceListState.Recent) : lists;
        await state.WriteStateAsync();
        return true;
    }

    public Task<PieceList?> FindAsync(string root) =>
        Task.FromResult(state.State.Lists.LastOrDefault(l => l.Layout.Root == root));
}

[GenerateSerializer, Alias("OrleansP2P.PieceListState")]
public sealed class PieceListState
{
    /// <summary>
    /// How many versions' lists are kept, oldest first: the current one, and those a holder still behind or a partial
    /// download of the version before may ask for.
    /// </summary>
    public const int Recent = 4;

    [Id(0)] public ImmutableList<PieceList> Lists { get; set; } = ImmutableList<PieceList>.Empty;
}
