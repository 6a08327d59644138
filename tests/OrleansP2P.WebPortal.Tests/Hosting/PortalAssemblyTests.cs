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

    /// <summary>
    /// The product's assemblies the portal's code references, and theirs in turn, but not the grains' (which only
    /// the co-hosted silo uses, as the test above holds) nor what only the grains' assembly references.
    /// </summary>
    private static IReadOnlyList<Assembly> ProductAssembliesBeneath(Assembly root)
    {
        var found = new Dictionary<string, Assembly>(StringComparer.Ordinal);
        var next = new Queue<Assembly>([root]);
        while (next.TryDequeue(out var assembly))
        {
            foreach (var name in assembly.GetReferencedAssemblies())
            {
                if (name.Name is { } n && n.StartsWith("OrleansP2P.", StringComparison.Ordinal) && n != Grains.GetName().Name && !found.ContainsKey(n))
                {
                    found[n] = Assembly.Load(name);
                    next.Enqueue(found[n]);
                }
            }
        }

        return [.. found.Values];
    }

    [Fact]
    public void The_portal_uses_no_type_of_the_grains_assembly_outside_its_co_hosted_silo()
    {
        Assert.Empty(TypeUses.Of(Portal, Grains, type => !CoHosting(type)));
    }

    [Fact]
    public void No_assembly_of_the_product_a_client_only_portal_loads_references_the_grains_assembly()
    {
        var loaded = ProductAssembliesBeneath(Portal);

        // The walk reaches what the portal loads in client mode: its operations, clustering, diagnostics, interfaces.
        Assert.Superset(
            new HashSet<string> { "OrleansP2P.Operations", "OrleansP2P.Clustering", "OrleansP2P.Diagnostics", "OrleansP2P.Grains.Interfaces" },
            loaded.Select(a => a.GetName().Name!).ToHashSet());
        Assert.Empty(loaded
            .Where(a => a.GetReferencedAssemblies().Any(r => r.Name == Grains.GetName().Name))
            .Select(a => $"{a.GetName().Name} references {Grains.GetName().Name}"));
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
