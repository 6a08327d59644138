using Microsoft.AspNetCore.Http.HttpResults;
using OrleansP2P.Protocol;

namespace OrleansP2P.WebPortal.Api;

/// <summary>The Transfers panel over HTTP: the caller's running and recent transfers, and cancelling a download.</summary>
internal static class TransfersApi
{
    public static RouteGroupBuilder MapTransfersApi(this RouteGroupBuilder peer)
    {
        peer.MapGet("/transfers", ListTransfersAsync)
            .WithSummary("The caller's downloads, uploads and delivered versions, running or among the 20 latest ended, newest first: bytes, speed, sources and the map of pieces in.");
        peer.MapPost("/transfers/{id}/cancel", CancelTransferAsync).ProducesProblems(404, 409)
            .WithSummary("Stop a running download; the pieces it verified are kept, and the next download of the file fetches only the rest.");
        return peer;
    }

    private static async Task<Ok<TransferView[]>> ListTransfersAsync(CurrentPeer me) =>
        TypedResults.Ok((await me.Peer.ListTransfersAsync()).Select(TransferView.Of).ToArray());

    private static async Task<Results<Ok<CancelView>, ProblemHttpResult>> CancelTransferAsync(string id, CurrentPeer me)
    {
        var reply = await me.Peer.CancelTransferAsync(id);
        return reply.IsSuccess() ? TypedResults.Ok(new CancelView((int)reply.Status, reply.Reason)) : ApiResults.Problem(reply);
    }
}

/// <summary>
/// One transfer. <see cref="Map"/> has a character per cell (<see cref="MapUnit"/>: piece, part or chunk), '1' when it
/// has arrived; <see cref="Arrived"/> counts them.
/// </summary>
public sealed record TransferView(
    string Id, string Kind, string Name, string Outcome, long Bytes, long? Total, long ReusedBytes, double BytesPerSecond,
    IReadOnlyList<string> Sources, int Arrived, string Map, string MapUnit, bool CanCancel, string? Reason, DateTimeOffset Started, DateTimeOffset? Ended)
{
    public static TransferView Of(TransferInfo t) =>
        new(t.Id, t.Kind.ToString().ToLowerInvariant(), t.Name, t.Outcome.ToString().ToLowerInvariant(), t.Bytes, t.Total, t.ReusedBytes,
            Math.Round(t.BytesPerSecond), t.Sources, t.Arrived, string.Concat(t.Map.Select(c => c ? '1' : '0')), t.MapUnit, t.CanCancel, t.Reason, t.Started, t.Ended);
}

public sealed record CancelView(int Status, string Message);
