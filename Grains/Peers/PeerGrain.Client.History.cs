using Microsoft.Extensions.Logging;
using OrleansP2P.Protocol;

namespace OrleansP2P.Peers;

/// <summary>The client side of the history: removing a copy (it is kept in the history). Versions: PeerGrain.Client.Versions.cs.</summary>
public sealed partial class PeerGrain
{
    /// <summary>
    /// "user1 stops sharing File1.txt": its copy leaves the folder for the history, and user1 is withdrawn as a holder.
    /// A peer stops sharing; it never deletes other people's files.
    /// </summary>
    public async Task<Reply> RemoveFileAsync(string name)
    {
        if (await FileCallProblemAsync(name) is { } problem)
        {
            return problem;
        }

        var key = FileKey.Compute(name);
        if (!Table.TryGetValue(key, out var held) || held.File.Name != name)
        {
            return Reply.Fail(P2PStatus.NotFound, $"{Username} does not hold {name}.");
        }

        if (!_busy.Add(key))
        {
            return Reply.Fail(P2PStatus.Conflict, $"{Username} is transferring {name}; try again when it is done.");
        }

        try
        {
            if (Folder.Find(held.StoredName) is not null)
            {
                History.Keep(held.StoredName, key, held.File.Version, held.File.Part);
            }

            await ForgetAsync(key);
            var withdrawn = await FileGrainOf(key).WithdrawAsync(new Withdrawal(Username, held.File.Part));
            await TrackerPublishedAsync(withdrawn.TrackerVersion);
            logger.LogInformation("{Username} removed its copy of {Name} (version {Version}, kept in its history)", LogText.Escape(Username), LogText.Escape(name), held.File.Version);
            return Reply.Ok($"{name} is removed from {Username}'s folder (kept in its history) and no longer shared by {Username}; other holders keep theirs.");
        }
        finally
        {
            Release(key);
        }
    }

    /// <summary>
    /// Why a client call about the file <paramref name="name"/> is refused before it starts, or null: a name the rules
    /// refuse (400), a peer not logged in (401), a folder not reachable (503).
    /// </summary>
    private async Task<Reply?> FileCallProblemAsync(string name) =>
        !FileNames.TryValidate(name, out var nameError) ? Reply.Fail(P2PStatus.BadRequest, nameError)
        : RefuseClient() is { } refusal ? Reply.Fail(P2PStatus.Unauthorized, refusal)
        : await FolderProblemAsync() is { } unreachable ? Reply.Fail(P2PStatus.ServiceUnavailable, unreachable)
        : null;
}
