using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Hosting;
using OrleansP2P.Hosting;
using OrleansP2P.Operations;

// The Silo host: one Orleans silo running the P2P grains. Clustering and storage come from configuration
// (localhost clustering by default); the web portal can co-host the same silo or connect to this one.
// Its only HTTP port, P2P:HealthPort, serves /health/live, /health/ready and /metrics (docs/operations.md).
var builder = WebApplication.CreateBuilder(new WebApplicationOptions
{
    Args = args,

    // appsettings.json sits beside the binary; the data root stays relative to the working directory.
    ContentRootPath = AppContext.BaseDirectory,
});
builder.UseP2PHealthPort();
builder.UseOrleans(silo => silo
    .UseP2PClustering(builder.Configuration)
    .AddOrleansP2P(builder.Configuration)
    .AddP2PDashboard());
builder.AddP2POperations(hostsSilo: true, serviceName: "orleansp2p-silo");

var app = builder.Build();
app.MapP2POperations();
await app.RunAsync();
