using System.Security.Cryptography;
using Microsoft.AspNetCore.Http.HttpResults;
using OrleansP2P.Protocol;
using OrleansP2P.WebPortal.Components.Files;

namespace OrleansP2P.WebPortal.Api;

/// <summary>Version history and conflict copies: listing, reading and restoring versions; listing and resolving copies.</summary>
internal static class HistoryApi
{
    public static RouteGroupBuilder MapHistoryApi(this RouteGroupBuilder peer)
    {
        peer.MapGet("/files/{name}/versions", ListVersionsAsync).ProducesProblems(400, 404)
            .WithSummary("The network's recent versions of a file: number, time, size, digest, author, and the peers that keep its bytes.");
        peer.MapGet("/files/{name}/versions/{version:long}", ReadVersionAsync)
            .Produces<Stream>(StatusCodes.Status200OK, "application/octet-stream").ProducesProblems(400, 404, 503)
            .WithSummary("The bytes of one version, from the caller's history or a peer that keeps them.");
        peer.MapPost("/files/{name}/versions/{version:long}/restore", RestoreVersionAsync).ProducesProblems(400, 404, 409, 412, 428, 503, 507)
            .WithSummary("Publish a version's content as the next version at every holder; If-Match: \"<current version>\" is required.");
        peer.MapGet("/conflicts", ListConflictsAsync)
            .WithSummary("The conflict copies in the network: copy, the file it belongs to, author, time, size and holders.");
        peer.MapPost("/conflicts/{name}/resolve", ResolveConflictAsync).ProducesProblems(400, 404, 409, 412, 413, 428, 503, 507)
            .WithSummary("Resolve a conflict copy the caller holds: keep=mine publishes it as the file's next version (If-Match of the file's current version), keep=theirs drops it, keep=merged publishes the request body (UTF-8 text, at most 1 MiB; If-Match) and drops it.");
        return peer;
    }

    private static async Task<Results<Ok<VersionsView>, ProblemHttpResult>> ListVersionsAsync(string name, CurrentPeer me)
    {
        name = P2PApi.NameOf(name);
        var reply = await me.Peer.ListVersionsAsync(name);
        return reply.IsSuccess() ? TypedResults.Ok(VersionsView.Of(name, reply)) : ApiResults.Problem(reply);
    }

    /// <summary>Streams the version from the caller itself when it keeps it, else from the first peer that does, and checks its digest on the way.</summary>
    private static async Task<Results<EmptyHttpResult, ProblemHttpResult>> ReadVersionAsync(string name, long version, HttpContext http, CurrentPeer me)
    {
        name = P2PApi.NameOf(name);
        var list = await me.Peer.ListVersionsAsync(name);
        if (!list.IsSuccess())
        {
            return ApiResults.Problem(list);
        }

        if (list.Versions.FirstOrDefault(v => v.Version.Version == version) is not { } kept)
        {
            return ApiResults.Problem(404, $"Version {version} of {name} is not among the network's recent versions.");
        }

        var keeper = kept.KeptBy.Contains(me.Username) ? me.Username : kept.KeptBy.FirstOrDefault();
        if (keeper is null)
        {
            return ApiResults.Problem(404, $"Nobody reachable keeps the bytes of version {version} of {name} any more.");
        }

        // The first chunk is read before any header is sent, so a keeper that cannot serve it is still a clean problem.
        var file = kept.Version;
        var first = await me.Peer.ReadKeptChunkAsync(keeper, new ChunkRequest(me.Username, list.Key, null, version, 0, (int)Math.Min(PeerGrainExtensions.DefaultChunkSize, Math.Max(1, file.Size))));
        if (first.Status != P2PStatus.Ok)
        {
            return ApiResults.Problem(first);
        }

        http.Response.ContentType = "application/octet-stream";
        http.Response.ContentLength = file.Size;
        http.Response.Headers.ETag = $"\"{version}\"";
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var chunk = first;
        long offset = 0;
        while (true)
        {
            sha.AppendData(chunk.Data);
            await http.Response.Body.WriteAsync(chunk.Data, http.RequestAborted);
            offset += chunk.Data.Length;
            if (offset >= file.Size || chunk.Data.Length == 0)
            {
                break;
            }

            chunk = await me.Peer.ReadKeptChunkAsync(keeper, new ChunkRequest(me.Username, list.Key, null, version, offset, (int)Math.Min(PeerGrainExtensions.DefaultChunkSize, file.Size - offset)));
            if (chunk.Status != P2PStatus.Ok)
            {
                break;
            }
        }

        if (offset != file.Size || Convert.ToHexStringLower(sha.GetHashAndReset()) != file.Sha256)
        {
            // Headers are gone already; cutting the response short is the honest signal left.
            http.Abort();
        }

        return TypedResults.Empty;
    }

    private static async Task<Results<Ok<SaveView>, ProblemHttpResult>> RestoreVersionAsync(string name, long version, HttpContext http, CurrentPeer me)
    {
        name = P2PApi.NameOf(name);
        if (!FileNames.TryValidate(name, out var error))
        {
            return ApiResults.Problem(400, error);
        }

        if (RequiredIfMatch(http) is not { } baseVersion)
        {
            return IfMatchProblem(http);
        }

        var reply = await me.Peer.RestoreVersionAsync(new RestoreRequest(name, version, baseVersion));
        if (!reply.IsSuccess())
        {
            return ApiResults.Problem(reply);
        }

        http.Response.Headers.ETag = $"\"{reply.File!.Version}\"";
        return TypedResults.Ok(SaveView.Of(reply));
    }

    private static async Task<Ok<ConflictView[]>> ListConflictsAsync(CurrentPeer me) =>
        TypedResults.Ok((await me.Peer.ListConflictsAsync()).Select(ConflictView.Of).ToArray());

    private static async Task<Results<Ok<ResolveView>, ProblemHttpResult>> ResolveConflictAsync(string name, string? keep, HttpContext http, CurrentPeer me)
    {
        name = P2PApi.NameOf(name);
        if (keep is not ("mine" or "theirs" or "merged"))
        {
            return ApiResults.Problem(400, "Say which to keep: ?keep=mine publishes the conflict copy as the file's next version, ?keep=theirs keeps the network's version and drops the copy, ?keep=merged publishes the request body instead.");
        }

        long? baseVersion = null;
        if (keep is "mine" or "merged")
        {
            if (RequiredIfMatch(http) is not { } required)
            {
                return IfMatchProblem(http);
            }

            baseVersion = required;
        }

        SaveReply reply;
        if (keep == "merged")
        {
            var (merged, problem) = await ReadMergedTextAsync(http);
            if (problem is not null)
            {
                return problem;
            }

            using var content = new MemoryStream(merged!);
            reply = await me.Peer.UploadAndMergeAsync(name, content, baseVersion!.Value, http.RequestAborted);
        }
        else
        {
            reply = await me.Peer.ResolveConflictAsync(new ResolveRequest(name, keep == "mine", baseVersion));
        }

        if (!reply.IsSuccess())
        {
            return ApiResults.Problem(reply);
        }

        if (reply.File is { } file)
        {
            http.Response.Headers.ETag = $"\"{file.Version}\"";
        }

        return TypedResults.Ok(new ResolveView((int)reply.Status, reply.Reason, name, reply.File?.Name, reply.File?.Version));
    }

    /// <summary>A merge's body: UTF-8 text of at most <see cref="PeerFileText.MaxEditableBytes"/>, the same bound as the portal's merge editor.</summary>
    private static async Task<(byte[]? Text, ProblemHttpResult? Problem)> ReadMergedTextAsync(HttpContext http)
    {
        using var body = new MemoryStream();
        var buffer = new byte[81920];
        int read;
        while ((read = await http.Request.Body.ReadAsync(buffer, http.RequestAborted)) > 0)
        {
            body.Write(buffer, 0, read);
            if (body.Length > PeerFileText.MaxEditableBytes)
            {
                return (null, ApiResults.Problem(413, $"A merged text is at most {PeerFileText.MaxEditableBytes} bytes; resolve a larger file with keep=mine or keep=theirs."));
            }
        }

        var bytes = body.ToArray();
        return PeerFileText.Decode(bytes) is null
            ? (null, ApiResults.Problem(400, "A merged text must be UTF-8 text (no NUL bytes); resolve other files with keep=mine or keep=theirs."))
            : (bytes, null);
    }

    /// <summary>The If-Match version, or null when it is missing or not a strong tag of one version (see <see cref="IfMatchProblem"/>).</summary>
    private static long? RequiredIfMatch(HttpContext http) =>
        IfMatch.TryParse(http.Request.Headers.IfMatch, out var version, out _, out _) ? version : null;

    /// <summary>What is wrong with the If-Match: missing (428), weak (412), malformed (400) — as for PUT, but required here.</summary>
    private static ProblemHttpResult IfMatchProblem(HttpContext http) =>
        IfMatch.TryParse(http.Request.Headers.IfMatch, out _, out var status, out var error)
            ? ApiResults.Problem(428, "Send If-Match with the file's current version in quotes, like \"4\": a restore replaces that version.")
            : ApiResults.Problem(status, error);
}
