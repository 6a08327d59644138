using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace OrleansP2P.WebPortal.Security;

/// <summary>
/// Limits failed logins and sign-ups, never successes, on every way in: <c>POST /api/login</c>,
/// <c>/api/signup</c> and the login and sign-up pages' form posts. Before the attempt the address's
/// <see cref="ILoginThrottleGrain"/> may say wait (429 with Retry-After, no password hashed); after it, a refusal
/// is counted and a success ends the account's run of failures. An API attempt succeeded when it answered 2xx; a
/// form post when it set the session cookie (a refused form re-renders with its error).
/// </summary>
public sealed class LoginThrottling(RequestDelegate next, IGrainFactory grains, IOptions<PortalOptions> portal, ILogger<LoginThrottling> logger)
{
    public async Task InvokeAsync(HttpContext http)
    {
        if (!HttpMethods.IsPost(http.Request.Method) || !SecurityExtensions.IsCredentialsPath(http.Request.Path))
        {
            await next(http);
            return;
        }

        var throttle = grains.GetLoginThrottle(portal.Value.Network, AddressOf(http));
        var username = await ReadUsernameAsync(http) ?? "";
        if (await throttle.CheckAsync(username) is { } wait)
        {
            // Logged by the portal's failure log, at most once a minute per address (a flood of 429s is one line).
            logger.LogDebug("Throttled {Path} for {Username} from {Address} for {Wait}", http.Request.Path.Value, LogText.Escape(username), AddressOf(http), wait);
            await ErrorResponses.WriteAsync(http, StatusCodes.Status429TooManyRequests,
                $"Too many failed attempts from this address; try again in {Math.Ceiling(wait.TotalSeconds)} s.", wait);
            return;
        }

        await next(http);
        var status = http.Response.StatusCode;
        var succeeded = ErrorResponses.IsApi(http)
            ? status is >= 200 and < 300
            : http.Response.Headers.SetCookie.Any(c => c is not null && c.StartsWith(Identity.AuthenticationExtensions.CookieName + "=", StringComparison.Ordinal));
        if (succeeded)
        {
            await throttle.RecordSuccessAsync(username);
        }
        else if (status < 500)
        {
            await throttle.RecordFailureAsync(username);
        }
    }

    private static string AddressOf(HttpContext http) =>
        http.Connection.RemoteIpAddress is { } address
            ? (address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address).ToString()
            : IPAddress.None.ToString();

    /// <summary>The username of the attempt (JSON <c>username</c>, or the form's <c>Input.Username</c>), leaving the body for the handler.</summary>
    private static async Task<string?> ReadUsernameAsync(HttpContext http)
    {
        var request = http.Request;
        try
        {
            if (request.HasFormContentType)
            {
                var form = await request.ReadFormAsync(http.RequestAborted); // cached: the page binds the same form
                return form["Input.Username"].FirstOrDefault();
            }

            if (request.HasJsonContentType())
            {
                request.EnableBuffering(SecurityExtensions.MaxCredentialsBytes);
                using var json = await JsonDocument.ParseAsync(request.Body, cancellationToken: http.RequestAborted);
                request.Body.Position = 0;
                return json.RootElement.ValueKind == JsonValueKind.Object &&
                    json.RootElement.TryGetProperty("username", out var name) && name.ValueKind == JsonValueKind.String
                    ? name.GetString()
                    : null;
            }
        }
        catch (Exception exception) when (exception is JsonException or InvalidDataException)
        {
            // A malformed body: the handler answers 400, which counts as a failure of "no username".
        }

        if (request.Body.CanSeek)
        {
            request.Body.Position = 0;
        }

        return null;
    }
}
