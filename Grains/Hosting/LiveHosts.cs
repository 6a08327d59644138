using Orleans.Runtime.MembershipService.SiloMetadata;

namespace OrleansP2P.Hosting;

/// <summary>Which host each silo belongs to, from silo metadata; and which hosts have a live silo now.</summary>
public sealed class LiveHosts(IClusterMembershipService membership, ISiloMetadataCache metadata)
{
    /// <summary>The host of <paramref name="silo"/>, or null while its metadata is not known here yet.</summary>
    public string? HostOf(SiloAddress silo) =>
        metadata.GetSiloMetadata(silo)?.Metadata is { } values && values.TryGetValue(HostIdentity.MetadataKey, out var host) ? host : null;

    /// <summary>Live (active) silos by host.</summary>
    public IReadOnlyDictionary<string, int> SilosByHost() =>
        membership.CurrentSnapshot.Members.Values
            .Where(m => m.Status == SiloStatus.Active)
            .Select(m => HostOf(m.SiloAddress))
            .OfType<string>()
            .GroupBy(h => h, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);

    public bool IsLive(string host) => SilosByHost().ContainsKey(host);
}
