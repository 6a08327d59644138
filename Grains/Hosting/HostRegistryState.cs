namespace OrleansP2P.Hosting;

[GenerateSerializer, Alias("OrleansP2P.HostRegistryState")]
public sealed class HostRegistryState
{
    /// <summary>Every host a silo has started on.</summary>
    [Id(0)] public ImmutableSortedSet<string> Hosts { get; set; } = ImmutableSortedSet<string>.Empty;

    /// <summary>Network → username → home host (derived from sign-ups; the peer's own home record is authoritative).</summary>
    [Id(1)] public ImmutableDictionary<string, ImmutableDictionary<string, string>> Homes { get; set; } =
        ImmutableDictionary<string, ImmutableDictionary<string, string>>.Empty;

    /// <summary>Host that is down → file grain keys with a delivery waiting for it.</summary>
    [Id(2)] public ImmutableDictionary<string, ImmutableSortedSet<string>> Waiting { get; set; } =
        ImmutableDictionary<string, ImmutableSortedSet<string>>.Empty;
}
