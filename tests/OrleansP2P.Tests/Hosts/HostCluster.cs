using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;
using Orleans.TestingHost;
using OrleansP2P.Hosting;
using OrleansP2P.Storage;
using OrleansP2P.Tests.Cluster;

namespace OrleansP2P.Tests.Hosts;

/// <summary>
/// Three silos as three hosts, each with a data root of its own (no folder is shared), over one grain store (the
/// SQLite file stands in for the cluster's Redis). Silo_0 is host C: it carries the test cluster's membership
/// table, so the hosts a test kills are A (Silo_1) and B (Silo_2). Membership probes are short, so a killed host
/// is declared dead within seconds. Every folder a silo opens is checked to be on its own host.
/// </summary>
public sealed class HostCluster : IAsyncDisposable
{
    public static readonly string[] Hosts = ["A", "B", "C"];

    private readonly Dictionary<string, string> _hostOfSilo = new() { ["Silo_0"] = "C", ["Silo_1"] = "A", ["Silo_2"] = "B" };

    private string? _nextHost;

    private readonly IDictionary<string, string?> _overrides;

    private HostCluster(string root, IDictionary<string, string?>? overrides)
    {
        Root = root;
        _overrides = overrides ?? new Dictionary<string, string?>();
    }

    /// <summary>Faults the test puts into calls (a frozen peer, a refused start-up sweep); none unless asked.</summary>
    public CallFaults Faults { get; } = new();

    public string Root { get; }

    public InProcessTestCluster Cluster { get; private set; } = null!;

    public IClusterClient Client => Cluster.Client;

    public string DataRootOf(string host) => Path.Combine(Root, host);

    public static async Task<HostCluster> StartAsync(IDictionary<string, string?>? overrides = null)
    {
        var hosts = new HostCluster(TestClusters.NewDataRoot(), overrides);
        var builder = new InProcessTestClusterBuilder(3);
        builder.Options.ServiceId = "orleansp2p";
        builder.ConfigureSilo((options, silo) =>
        {
            // A silo started later (Silo_3, …) is the host the test asked for.
            var host = hosts._hostOfSilo.TryGetValue(options.SiloName, out var known) ? known : hosts._hostOfSilo[options.SiloName] = hosts._nextHost!;
            silo.AddOrleansP2P(hosts.ConfigurationFor(host));
            silo.Services.AddSingleton(hosts.Faults);
            silo.AddIncomingGrainCallFilter<CallFaultFilter>();
            silo.Configure<ClusterMembershipOptions>(o =>
            {
                o.ProbeTimeout = TimeSpan.FromMilliseconds(500);
                o.NumMissedProbesLimit = 2;
                o.NumVotesForDeathDeclaration = 1;
                o.TableRefreshTimeout = TimeSpan.FromSeconds(1);
            });
        });
        hosts.Cluster = builder.Build();
        await hosts.Cluster.DeployAsync();
        return hosts;
    }

    public IConfiguration ConfigurationFor(string host)
    {
        var settings = TestClusters.SettingsFor(DataRootOf(host));
        settings["P2P:Host"] = host;
        settings["P2P:GuardFolders"] = "true";
        settings["P2P:SqliteDirectory"] = Path.Combine(Root, "db");
        foreach (var (key, value) in _overrides)
        {
            settings[key] = value;
        }

        return new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
    }

    public InProcessSiloHandle SiloOf(string host) =>
        Cluster.Silos.Single(s => _hostOfSilo.GetValueOrDefault(s.Name) == host && Cluster.GetActiveSilos().Contains(s));

    public async Task KillAsync(string host) => await Cluster.KillSiloAsync(SiloOf(host));

    /// <summary>Starts a new silo for <paramref name="host"/> on that host's data root.</summary>
    public async Task StartSiloOfAsync(string host)
    {
        _nextHost = host;
        await Cluster.StartAdditionalSiloAsync();
    }

    /// <summary>The test-only guard's findings: every folder path a silo opened that is not on its own host.</summary>
    public static IReadOnlyList<string> FolderViolations => [.. PeerFolders.Violations];

    public async ValueTask DisposeAsync()
    {
        await Cluster.StopAllSilosAsync();
        await Cluster.DisposeAsync();
        TestClusters.DeleteDataRoot(Root);
    }
}
