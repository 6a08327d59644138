using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Diagnostics;
using MudBlazor.Services;
using OrleansP2P.Hosting;
using OrleansP2P.Operations;
using OrleansP2P.WebPortal;
using OrleansP2P.WebPortal.Api;
using OrleansP2P.WebPortal.CoHosting;
using OrleansP2P.WebPortal.Components;
using OrleansP2P.WebPortal.Identity;
using OrleansP2P.WebPortal.Session;
using OrleansP2P.WebPortal.Security;

var builder = WebApplication.CreateBuilder(args);

// One command runs everything: by default the portal co-hosts a silo configured exactly like the Silo host
// and the test cluster. With Portal:CoHostSilo=false it is a client of separately started Silo processes.
var portal = builder.Configuration.GetSection(PortalOptions.Section).Get<PortalOptions>() ?? new PortalOptions();
builder.Services.Configure<PortalOptions>(builder.Configuration.GetSection(PortalOptions.Section));
if (portal.CoHostSilo)
{
    builder.UseP2PSilo();
}
else
{
    builder.UseOrleansClient(client => client.UseP2PClustering(builder.Configuration).AddP2PDashboard());
}

builder.WebHost.ConfigureKestrel(kestrel => kestrel.AddServerHeader = false);
builder.AddP2POperations(hostsSilo: portal.CoHostSilo, serviceName: "orleansp2p-portal");

builder.Services.AddP2PAuthentication();
builder.Services.AddMudServices();
builder.Services.AddScoped<PeerSession>();
builder.Services.AddRazorComponents().AddInteractiveServerComponents();
builder.Services.AddP2PApi();

var app = builder.Build();

if (!app.Environment.IsDevelopment())
{
    app.UseExceptionHandler("/error", createScopeForErrors: true);
}

app.UseP2POperations();
app.UsePortalSecurity();
// A page that does not exist gets the portal's styled page with status 404, also on a full page load. It is
// re-executed on the app's own pipeline (not a UseWhen branch, whose re-execution never reaches routing);
// /api answers keep their JSON problems.
app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
app.Use((context, next) =>
{
    if (context.Request.Path.StartsWithSegments("/api") && context.Features.Get<IStatusCodePagesFeature>() is { } pages)
    {
        pages.Enabled = false;
    }

    return next(context);
});
app.UseAuthentication();
app.UseP2PSessions();
app.UseP2PLogScopes();
app.MapP2PDashboard();
app.UseAuthorization();
app.UseAntiforgery();

app.MapStaticAssets();
app.MapOpenApi();
app.MapP2POperations();
app.MapP2PApi();
app.MapAccountEndpoints();
app.MapRazorComponents<App>().AddInteractiveServerRenderMode();

app.Run();

/// <summary>The entry point, visible to the tests' WebApplicationFactory.</summary>
public partial class Program;
