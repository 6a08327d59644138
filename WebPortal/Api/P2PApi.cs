using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using OrleansP2P.Protocol;
using OrleansP2P.WebPortal.Identity;

namespace OrleansP2P.WebPortal.Api;

/// <summary>
/// The HTTP API: the protocol's operations for scripts and other clients, with the protocol's statuses.
/// Every route but login and sign-up acts as the peer the caller logged in as, and only as that peer.
/// </summary>
public static class P2PApi
{
    public static IEndpointRouteBuilder MapP2PApi(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapGroup("/api").WithTags("P2P");

        api.MapPost("/login", LogInAsync).AllowAnonymous()
            .WithSummary("Log in as a peer; sets the session cookie.");
        api.MapPost("/signup", SignUpAsync).AllowAnonymous()
            .WithSummary("Create a new peer with its own folder.");

        var peer = api.MapGroup("").RequireAuthorization();
        peer.MapPost("/logout", LogOutAsync).WithSummary("End the session.");
        peer.MapGet("/tracker", GetTrackerAsync).WithSummary("The tracker table as rows.");
        peer.MapGet("/tracker.txt", GetTrackerTextAsync).WithSummary("The caller's Tracker.txt, exactly as in its folder.");
        peer.MapGet("/peers", ListPeersAsync).WithSummary("Every peer, and who is online.");
        peer.MapGet("/files", ListFilesAsync).WithSummary("The files the caller holds.");
        peer.MapPost("/files/{name}/download", DownloadAsync).WithSummary("Download a file into the caller's folder (assembling parts if need be).");
        peer.MapGet("/files/{name}", ReadFileAsync).WithSummary("The bytes of the caller's copy.");
        peer.MapPut("/files/{name}", SaveFileAsync)
            .WithSummary("Create a file, or update it at every holder; If-Match: \"<version>\" makes it conditional.");

        // An unknown /api route is a JSON 404 like every other API error, never the portal's HTML page.
        routes.MapFallback("/api/{**path}", () => ApiResults.Error(404, "There is no such API route.")).AllowAnonymous().ExcludeFromDescription();
        return routes;
    }

    /// <summary>
    /// The file name of a route. Routing decodes every escape but %2F, so a name sent with an encoded slash
    /// arrives with it still encoded; decoding it here lets the name rules refuse it as the path it is.
    /// </summary>
    private static string NameOf(string routeValue) =>
        routeValue.Replace("%2F", "/", StringComparison.OrdinalIgnoreCase);

    private static async Task<IResult> LogInAsync(HttpContext http, IGrainFactory grains, IOptions<PortalOptions> portal)
    {
        if (await ReadCredentialsAsync(http) is not { Username: { } username, Password: { } password })
        {
            return ApiResults.Error(400, "Send JSON {\"username\": \"...\", \"password\": \"...\"}.");
        }

        var reply = await grains.GetTracker(portal.Value.Network).LogInAsync(new LoginRequest(username, password));
        if (reply.Status != P2PStatus.Ok)
        {
            return ApiResults.Error(reply);
        }

        await http.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, PeerClaims.Create(reply.Username, reply.SessionId!));
        return Results.Json(new { status = 200, username = reply.Username, trackerVersion = reply.TrackerVersion }, ApiJson.Options);
    }

    private static async Task<IResult> SignUpAsync(HttpContext http, IGrainFactory grains, IOptions<PortalOptions> portal)
    {
        if (await ReadCredentialsAsync(http) is not { Username: { } username, Password: { } password })
        {
            return ApiResults.Error(400, "Send JSON {\"username\": \"...\", \"password\": \"...\"}.");
        }

        var reply = await grains.GetTracker(portal.Value.Network).SignUpAsync(new SignUpRequest(username, password));
        return ApiResults.From(reply, r => new { status = (int)r.Status, username = r.Username });
    }

    private static async Task<IResult> LogOutAsync(HttpContext http, CurrentPeer me)
    {
        await me.Tracker.LogOutAsync(me.Username);
        await http.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        return Results.Json(new { status = 200 }, ApiJson.Options);
    }

    private static async Task<IResult> GetTrackerAsync(CurrentPeer me)
    {
        var snapshot = await me.Tracker.GetSnapshotAsync();
        return Results.Json(new { version = snapshot.Version, updatedUtc = snapshot.UpdatedUtc, rows = snapshot.Rows.Select(TrackerRowView.Of) }, ApiJson.Options);
    }

    private static async Task<IResult> GetTrackerTextAsync(CurrentPeer me) =>
        await me.Peer.ReadTrackerTextAsync() is { } text
            ? Results.Text(text, "text/plain; charset=utf-8")
            : ApiResults.Error(404, $"{me.Username} has no Tracker.txt yet.");

    private static async Task<IResult> ListPeersAsync(CurrentPeer me) =>
        Results.Json((await me.Tracker.ListPeersAsync()).Select(p => new { username = p.Username, online = p.Online }), ApiJson.Options);

    private static async Task<IResult> ListFilesAsync(CurrentPeer me) =>
        Results.Json((await me.Peer.ListFilesAsync()).Select(FileView.Of), ApiJson.Options);

    private static async Task<IResult> DownloadAsync(string name, CurrentPeer me)
    {
        var reply = await me.Peer.DownloadAsync(new DownloadRequest(NameOf(name)));
        return ApiResults.From(reply, r => new
        {
            status = (int)r.Status,
            message = r.Reason,
            key = r.File!.Key,
            name = r.File.Name,
            version = r.File.Version,
            sha256 = r.File.Sha256,
            size = r.File.Size,
            servedBy = r.ServedBy,
        });
    }

    private static async Task<IResult> ReadFileAsync(string name, HttpContext http, CurrentPeer me)
    {
        name = NameOf(name);
        if (!FileNames.TryValidate(name, out var error))
        {
            return ApiResults.Error(400, error);
        }

        var file = (await me.Peer.ListFilesAsync()).FirstOrDefault(f => f.Name == name && f.IsWhole);
        if (file is null)
        {
            return ApiResults.Error(404, $"{me.Username} does not hold {name}.");
        }

        http.Response.ContentType = "application/octet-stream";
        http.Response.ContentLength = file.Size;
        http.Response.Headers.ETag = $"\"{file.Version}\"";
        var status = await me.Peer.CopyFileToAsync(me.Username, file, http.Response.Body, cancellationToken: http.RequestAborted);
        if (status != P2PStatus.Ok)
        {
            // Headers are gone already; cutting the response short is the honest signal left.
            http.Abort();
        }

        return Results.Empty;
    }

    private static async Task<IResult> SaveFileAsync(string name, HttpContext http, CurrentPeer me, IOptions<PortalOptions> portal)
    {
        name = NameOf(name);
        if (!FileNames.TryValidate(name, out var error))
        {
            return ApiResults.Error(400, error);
        }

        var limit = portal.Value.MaxUploadBytes;
        if (http.Request.ContentLength > limit)
        {
            return ApiResults.Error(413, $"The file is larger than the limit of {limit} bytes.");
        }

        long? baseVersion = null;
        if (http.Request.Headers.IfMatch.Count > 0)
        {
            if (!EntityTagHeaderValue.TryParse(http.Request.Headers.IfMatch.ToString(), out var tag) ||
                !long.TryParse(tag.Tag.AsSpan().Trim('"'), NumberStyles.None, CultureInfo.InvariantCulture, out var version))
            {
                return ApiResults.Error(400, "If-Match must be a version in quotes, like \"3\".");
            }

            baseVersion = version;
        }

        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodyLimit)
        {
            bodyLimit.MaxRequestBodySize = limit;
        }

        SaveReply reply;
        try
        {
            reply = await me.Peer.UploadAndSaveAsync(name, http.Request.Body, baseVersion, cancellationToken: http.RequestAborted);
        }
        catch (BadHttpRequestException exception) when (exception.StatusCode == 413)
        {
            return ApiResults.Error(413, $"The file is larger than the limit of {limit} bytes.");
        }

        if (reply.IsSuccess())
        {
            http.Response.Headers.ETag = $"\"{reply.File!.Version}\"";
        }

        return ApiResults.From(reply, r => new
        {
            status = (int)r.Status,
            message = r.Reason,
            key = r.File!.Key,
            name = r.File.Name,
            version = r.File.Version,
            sha256 = r.File.Sha256,
            size = r.File.Size,
            holdersUpdated = r.HoldersUpdated,
        });
    }

    private static async Task<Credentials?> ReadCredentialsAsync(HttpContext http)
    {
        if (!http.Request.HasJsonContentType())
        {
            return null;
        }

        try
        {
            return await http.Request.ReadFromJsonAsync<Credentials>(ApiJson.Options, http.RequestAborted);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
