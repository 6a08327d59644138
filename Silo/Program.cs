using Microsoft.Extensions.Hosting;
using OrleansP2P.Hosting;

// The Silo host: one Orleans silo running the P2P grains. Clustering and storage come from configuration
// (localhost clustering by default); the web portal can co-host the same silo or connect to this one.
var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
{
    Args = args,

    // appsettings.json sits beside the binary; the data root stays relative to the working directory.
    ContentRootPath = AppContext.BaseDirectory,
});
builder.UseOrleans(silo => silo
    .UseP2PClustering(builder.Configuration)
    .AddOrleansP2P(builder.Configuration));

await builder.Build().RunAsync();
