using System.Reflection;

namespace OrleansP2P.WebPortal.Tests.Hosting;

/// <summary>
/// Only co-hosting a silo needs the grains' assembly: a portal that is only a client (the API, the pages, the
/// session, the start-up code) talks to the cluster through Grains.Interfaces alone. The co-hosted silo is set up
/// in one place, <c>OrleansP2P.WebPortal.CoHosting</c>.
/// </summary>
public sealed class PortalAssemblyTests
{
    private static readonly Assembly Portal = typeof(Program).Assembly;

    private static readonly Assembly Grains = Assembly.Load("OrleansP2P.Grains");

    private static bool CoHosting(Type type) => type.Namespace == "OrleansP2P.WebPortal.CoHosting";

    [Fact]
    public void The_portal_uses_no_type_of_the_grains_assembly_outside_its_co_hosted_silo()
    {
        Assert.Empty(TypeUses.Of(Portal, Grains, type => !CoHosting(type)));
    }

    [Fact]
    public void The_co_hosted_silo_is_configured_by_the_one_silo_configuration_of_the_grains_assembly()
    {
        // Also shows the scan sees a use when there is one: the co-hosted silo calls AddOrleansP2P.
        Assert.Contains(
            "OrleansP2P.WebPortal.CoHosting.CoHostedSilo uses OrleansP2P.Hosting.SiloBuilderExtensions.AddOrleansP2P",
            TypeUses.Of(Portal, Grains, CoHosting));
    }
}
