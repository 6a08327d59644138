using OrleansP2P.Hosts;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
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
    /// <summary>
    /// The API's JSON (camelCase, statuses as numbers, nulls left out) and its problem details. Typed results
    /// and DTO records let the OpenAPI document describe every response body.
    /// </summary>
    public static IServiceCollection AddP2PApi(this IServiceCollection services)
    {
        services.Configure<JsonOptions>(options => options.SerializerOptions.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull);
        services.AddProblemDetails();
        services.AddOpenApi();
        return services;
    }

    public static IEndpointRouteBuilder MapP2PApi(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapGroup("/api").WithTags("P2P").AddEndpointFilter<OfflineFilter>();

        api.MapPost("/login", LogInAsync).AllowAnonymous()
            .ProducesProblems(400, 401)
            .WithSummary("Log in as a peer; sets the session cookie.");
        api.MapPost("/token", IssueTokenAsync).AllowAnonymous()
            .Produces<AccessTokenResponse>(StatusCodes.Status200OK).ProducesProblems(400, 401)
            .WithSummary("Log in as a peer for a script: a bearer token of this login's own session (send it as Authorization: Bearer <accessToken>).");
        api.MapPost("/signup", SignUpAsync).AllowAnonymous()
            .ProducesProblems(400, 409)
            .WithSummary("Create a new peer with its own folder.");

        var peer = api.MapGroup("").RequireAuthorization().ProducesProblems(401);
        peer.MapPost("/logout", LogOutAsync).WithSummary("End the session.");
        peer.MapGet("/tracker", GetTrackerAsync).WithSummary("The tracker table as rows.");
        peer.MapGet("/tracker.txt", GetTrackerTextAsync)
            .Produces<string>(StatusCodes.Status200OK, "text/plain").ProducesProblems(404)
            .WithSummary("The caller's Tracker.txt, exactly as in its folder.");
        api.MapGet("/hosts", ListHostsAsync).AllowAnonymous().WithSummary("Every host, whether it is up, and how many peers it is home to.");
        peer.MapGet("/peers", ListPeersAsync).WithSummary("Every peer with its home host, whether it is reachable, whether it is signed in, when it was last seen signed in, and the files and bytes it served.");
        peer.MapGet("/files", ListFilesAsync).WithSummary("The files the caller holds.");
        peer.MapPost("/files/{name}/download", DownloadAsync).ProducesProblems(400, 404)
            .WithSummary("Download a file into the caller's folder (assembling parts if need be).");
        peer.MapGet("/files/{name}", ReadFileAsync)
            .Produces<Stream>(StatusCodes.Status200OK, "application/octet-stream").ProducesProblems(400, 404)
            .WithSummary("The bytes of the caller's copy.");
        peer.MapPut("/files/{name}", SaveFileAsync)
            .ProducesProblems(400, 409, 413)
            .WithSummary("Create a file, or update it at every holder; If-Match: \"<version>\" makes it conditional.");
        peer.MapDelete("/files/{name}", RemoveFileAsync).ProducesProblems(400, 404, 409, 503)
            .WithSummary("Remove the caller's copy (kept in its history) and stop sharing it; other holders keep theirs.");
        peer.MapHistoryApi();
        peer.MapTransfersApi();
        peer.MapHoldersApi();
        peer.MapPost("/rescan", RescanAsync).ProducesProblems(503)
            .WithSummary("Read the caller's folder again: what was announced, published, withdrawn and kept as conflict copies.");

        // An unknown /api route is a problem 404 like every other API error, never the portal's HTML page.
        routes.MapFallback("/api/{**path}", () => ApiResults.Problem(404, "There is no such API route.")).AllowAnonymous().ExcludeFromDescription();
        return routes;
    }

    /// <summary>
    /// The file name of a route. Routing decodes every escape but %2F, so a name sent with an encoded slash
    /// arrives with it still encoded; decoding it here lets the name rules refuse it as the path it is.
    /// </summary>
    internal static string NameOf(string routeValue) =>
        routeValue.Replace("%2F", "/", StringComparison.OrdinalIgnoreCase);

    private static async Task<Results<Ok<LoginView>, ProblemHttpResult>> LogInAsync(HttpContext http, IGrainFactory grains, IOptions<PortalOptions> portal)
    {
        if (await ReadCredentialsAsync(http) is not { Username: { } username, Password: { } password })
        {
            return ApiResults.Problem(400, "Send JSON {\"username\": \"...\", \"password\": \"...\"}.");
        }

        var reply = await PortalSignIn.LogInAsync(http, username, password);
        if (reply.Status != P2PStatus.Ok)
        {
            return ApiResults.Problem(reply);
        }

        return TypedResults.Ok(new LoginView(200, reply.Username, reply.TrackerVersion));
    }

    /// <summary>A login for a script: the token carries a session of its own, which logout (with the token) revokes.</summary>
    private static async Task<Results<SignInHttpResult, ProblemHttpResult>> IssueTokenAsync(HttpContext http, IGrainFactory grains, IOptions<PortalOptions> portal)
    {
        if (await ReadCredentialsAsync(http) is not { Username: { } username, Password: { } password })
        {
            return ApiResults.Problem(400, "Send JSON {\"username\": \"...\", \"password\": \"...\"}.");
        }

        var reply = await grains.LogInAsync(portal.Value.Network, new LoginRequest(username, password));
        return reply.Status != P2PStatus.Ok
            ? ApiResults.Problem(reply)
            : TypedResults.SignIn(PeerClaims.Create(reply.Username, reply.SessionId!, AuthenticationExtensions.TokenScheme), authenticationScheme: AuthenticationExtensions.TokenScheme);
    }

    private static async Task<Results<Created<SignUpView>, ProblemHttpResult>> SignUpAsync(HttpContext http, IGrainFactory grains, IOptions<PortalOptions> portal)
    {
        if (await ReadCredentialsAsync(http) is not { Username: { } username, Password: { } password } credentials)
        {
            return ApiResults.Problem(400, "Send JSON {\"username\": \"...\", \"password\": \"...\"}.");
        }

        // No host asked for: the co-hosted silo's host, or (a portal that is only a client) the tracker's choice.
        var host = credentials.Host ?? http.RequestServices.GetService<LocalSiloHost>()?.Name;
        var reply = await grains.GetTracker(portal.Value.Network).SignUpAsync(new SignUpRequest(username, password, Host: host));
        return reply.IsSuccess()
            ? TypedResults.Created((string?)null, new SignUpView((int)reply.Status, reply.Username))
            : ApiResults.Problem(reply);
    }

    private static async Task<Ok<LogoutView>> LogOutAsync(HttpContext http, CurrentPeer me)
    {
        await PortalSignIn.LogOutAsync(http);
        return TypedResults.Ok(new LogoutView(200));
    }

    private static async Task<Ok<TrackerView>> GetTrackerAsync(CurrentPeer me) =>
        TypedResults.Ok(TrackerView.Of(await me.Tracker.GetSnapshotAsync()));

    private static async Task<Results<ContentHttpResult, ProblemHttpResult>> GetTrackerTextAsync(CurrentPeer me) =>
        await me.Peer.ReadTrackerTextAsync() is { } text
            ? TypedResults.Text(text, "text/plain; charset=utf-8")
            : ApiResults.Problem(404, $"{me.Username} has no Tracker.txt yet.");

    private static async Task<Ok<HostView[]>> ListHostsAsync(IGrainFactory grains) =>
        TypedResults.Ok((await grains.GetHostRegistry().ListHostsAsync()).Select(h => new HostView(h.Name, h.Live ? "up" : "down", h.Silos, h.Peers)).ToArray());

    private static async Task<Ok<PeerView[]>> ListPeersAsync(CurrentPeer me) =>
        TypedResults.Ok((await me.Presence.ListPeersAsync()).Select(PeerView.Of).ToArray());

    private static async Task<Ok<FileView[]>> ListFilesAsync(CurrentPeer me) =>
        TypedResults.Ok((await me.Peer.ListFilesAsync()).Select(FileView.Of).ToArray());

    private static async Task<Results<Ok<DownloadView>, ProblemHttpResult>> DownloadAsync(string name, CurrentPeer me)
    {
        var reply = await me.Peer.DownloadAsync(new DownloadRequest(NameOf(name)));
        return reply.IsSuccess() ? TypedResults.Ok(DownloadView.Of(reply)) : ApiResults.Problem(reply);
    }

    private static async Task<Results<EmptyHttpResult, ProblemHttpResult>> ReadFileAsync(string name, HttpContext http, CurrentPeer me)
    {
        name = NameOf(name);
        if (!FileNames.TryValidate(name, out var error))
        {
            return ApiResults.Problem(400, error);
        }

        var file = (await me.Peer.ListFilesAsync()).FirstOrDefault(f => f.Name == name && f.IsWhole);
        if (file is null)
        {
            return ApiResults.Problem(404, $"{me.Username} does not hold {name}.");
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

        return TypedResults.Empty;
    }

    private static async Task<Results<Ok<SaveView>, Created<SaveView>, ProblemHttpResult>> SaveFileAsync(string name, HttpContext http, CurrentPeer me, IOptions<PortalOptions> portal)
    {
        name = NameOf(name);
        if (!FileNames.TryValidate(name, out var error))
        {
            return ApiResults.Problem(400, error);
        }

        var limit = portal.Value.MaxUploadBytes;
        if (http.Request.ContentLength > limit)
        {
            return ApiResults.Problem(413, $"The file is larger than the limit of {limit} bytes.");
        }

        if (!IfMatch.TryParse(http.Request.Headers.IfMatch, out var baseVersion, out var ifMatchStatus, out var ifMatchError))
        {
            return ApiResults.Problem(ifMatchStatus, ifMatchError);
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
            return ApiResults.Problem(413, $"The file is larger than the limit of {limit} bytes.");
        }

        if (!reply.IsSuccess())
        {
            return ApiResults.Problem(reply);
        }

        http.Response.Headers.ETag = $"\"{reply.File!.Version}\"";
        return reply.Status == P2PStatus.Created
            ? TypedResults.Created($"/api/files/{Uri.EscapeDataString(name)}", SaveView.Of(reply))
            : TypedResults.Ok(SaveView.Of(reply));
    }

    private static async Task<Results<Ok<MessageView>, ProblemHttpResult>> RemoveFileAsync(string name, CurrentPeer me)
    {
        var reply = await me.Peer.RemoveFileAsync(NameOf(name));
        return reply.IsSuccess() ? TypedResults.Ok(new MessageView((int)reply.Status, reply.Reason)) : ApiResults.Problem(reply);
    }

    private static async Task<Results<Ok<RescanView>, ProblemHttpResult>> RescanAsync(CurrentPeer me)
    {
        var reply = await me.Peer.RescanAsync();
        return reply.IsSuccess() ? TypedResults.Ok(RescanView.Of(reply)) : ApiResults.Problem(reply);
    }

    private static async Task<Credentials?> ReadCredentialsAsync(HttpContext http)
    {
        if (!http.Request.HasJsonContentType())
        {
            return null;
        }

        try
        {
            return await http.Request.ReadFromJsonAsync<Credentials>(http.RequestAborted);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
