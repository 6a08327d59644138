using OrleansP2P.Protocol;
using OrleansP2P.WebPortal.Components.Files;

namespace OrleansP2P.WebPortal.Components.Pages;

/// <summary>The one message each dashboard action ends with, in plain words.</summary>
public static class DashboardMessages
{
    public static string Of(NetworkFile file, DownloadReply? reply) => reply switch
    {
        null => $"{file.Name} is already on its way.",
        { Status: P2PStatus.Ok, ServedBy.Length: > 0 } => $"Got a copy of {file.Name} from {string.Join(" and ", reply.ServedBy)}.",
        { Status: P2PStatus.Ok } => reply.Reason,
        { Status: P2PStatus.NotFound } => $"No peer has {file.Name}.",
        _ => $"{(int)reply.Status} · {reply.Reason}",
    };

    public static string Of(SaveReply reply) =>
        $"Saved {reply.File!.Name} as version {reply.File.Version}; {reply.HoldersUpdated} other holder(s) updated.";

    public static string Of(RescanReply? reply) => reply is null
        ? "Not logged in."
        : reply.Problems.IsEmpty
            ? $"Rescanned your folder: {reply.Held.Length} file(s) shared."
            : $"Rescanned your folder: {reply.Held.Length} file(s) shared; {string.Join(" ", reply.Problems)}";
}
