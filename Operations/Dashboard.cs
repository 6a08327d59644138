using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Orleans.Dashboard;

namespace OrleansP2P.Operations;

/// <summary>
/// The Orleans dashboard at <c>/dashboard</c>, for the accounts listed in <c>P2P:Admins</c> only. Its traces
/// (live call traces, which can carry arguments such as password hashes and session ids) are off. Every silo
/// runs the dashboard's silo part, so a portal that is only a client can still show the cluster; the benchmark
/// silos do not call this and run without it.
/// </summary>
public static class Dashboard
{
    public const string Path = "/dashboard";

    public static ISiloBuilder AddP2PDashboard(this ISiloBuilder silo) => silo.AddDashboard(o => o.HideTrace = true);

    public static IClientBuilder AddP2PDashboard(this IClientBuilder client) => client.AddDashboard(o => o.HideTrace = true);

    /// <summary>The admins named in <c>P2P:Admins</c>: a list (<c>P2P:Admins:0</c>, …) or one comma-separated value.</summary>
    public static IReadOnlySet<string> AdminsIn(IConfiguration configuration)
    {
        var section = configuration.GetSection("P2P:Admins");
        var names = section.Value is { } joined
            ? joined.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            : section.GetChildren().Select(c => c.Value?.Trim()).OfType<string>().Where(v => v.Length > 0);
        return names.ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>
    /// Maps the dashboard behind a gate: nobody logged in is sent to the login page, a logged-in peer that is
    /// not an admin gets 403, an admin gets the dashboard. Call after UseAuthentication.
    /// </summary>
    public static WebApplication MapP2PDashboard(this WebApplication app)
    {
        var admins = AdminsIn(app.Configuration);
        app.UseWhen(context => context.Request.Path.StartsWithSegments(Path), gate => gate.Use(async (context, next) =>
        {
            if (context.User.Identity?.IsAuthenticated != true)
            {
                context.Response.Redirect($"/login?ReturnUrl={Uri.EscapeDataString(Path)}");
                return;
            }

            if (context.User.FindFirst(ClaimTypes.Name)?.Value is not { } name || !admins.Contains(name))
            {
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
                context.Response.ContentType = "text/plain; charset=utf-8";
                await context.Response.WriteAsync("The dashboard is for the accounts listed in P2P:Admins.");
                return;
            }

            await next(context);
        }));
        // The dashboard's own API is not the product's: it stays out of the OpenAPI document.
        app.MapOrleansDashboard(routePrefix: Path).ExcludeFromDescription();
        return app;
    }
}
