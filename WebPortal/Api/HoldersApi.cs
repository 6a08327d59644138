using Microsoft.AspNetCore.Http.HttpResults;
using OrleansP2P.Protocol;

namespace OrleansP2P.WebPortal.Api;

/// <summary>Which holders of a file have its current version and which lag, with why and since when.</summary>
internal static class HoldersApi
{
    public static RouteGroupBuilder MapHoldersApi(this RouteGroupBuilder peer)
    {
        peer.MapGet("/files/{name}/holders", ListHoldersAsync).ProducesProblems(400, 404)
            .WithSummary("A file's holders: how many have its current version, and each lagging one with why (not reachable, delivery pending, retrying) and since when.");
        return peer;
    }

    private static async Task<Results<Ok<HoldersView>, ProblemHttpResult>> ListHoldersAsync(string name, CurrentPeer me)
    {
        var holders = await LoadAsync(me, P2PApi.NameOf(name));
        return holders.View is { } view ? TypedResults.Ok(view) : ApiResults.Problem(holders.Status, holders.Error!);
    }

    /// <summary>The holders of <paramref name="name"/>, or why not (400 a bad name, 404 no such file): for the API and the portal's panel.</summary>
    public static async Task<HoldersLoad> LoadAsync(CurrentPeer me, string name)
    {
        if (!FileNames.TryValidate(name, out var error))
        {
            return new(null, 400, error);
        }

        var holders = me.FileOf(name).ListHoldersAsync();
        var peers = me.Presence.ListPeersAsync();
        await Task.WhenAll(holders, peers);
        return holders.Result.IsSuccess() && holders.Result.Location?.Name == name
            ? new(HoldersView.Of(holders.Result, peers.Result), 200, null)
            : new(null, 404, $"The network has no file named {name}.");
    }
}

/// <summary>A file's holders, or the status and error that say why there are none to show.</summary>
public sealed record HoldersLoad(HoldersView? View, int Status, string? Error);
