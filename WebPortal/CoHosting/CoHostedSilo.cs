using OrleansP2P.Hosting;
using OrleansP2P.Operations;

namespace OrleansP2P.WebPortal.CoHosting;

/// <summary>
/// The portal's one use of the grains' assembly: with <c>Portal:CoHostSilo=true</c> (the one-command default) it
/// runs a silo configured exactly like the Silo host and the test cluster (<c>AddOrleansP2P</c>). Everything else
/// in the portal (the API, the pages, the session) talks to the cluster through Grains.Interfaces only, as a
/// client-only portal does; <c>PortalAssemblyTests</c> fails when a type of the grains' assembly is used outside
/// this namespace.
/// </summary>
internal static class CoHostedSilo
{
    public static void UseP2PSilo(this WebApplicationBuilder builder)
    {
        builder.UseOrleans(silo => silo
            .UseP2PClustering(builder.Configuration)
            .AddOrleansP2P(builder.Configuration)
            .AddP2PDashboard());

        // The silo's host as the portal's own record, so sign-up can preselect it without the grains' types.
        builder.Services.AddSingleton(services => new LocalSiloHost(services.GetRequiredService<HostIdentity>().Name));
    }
}
