namespace OrleansP2P.Hosting;

/// <summary>
/// The host this silo runs on: a machine with its own disk (its data root), named by <c>P2P:Host</c> or the
/// root's marker. Carried in silo metadata under <see cref="MetadataKey"/>, since Orleans' own host name is
/// always the machine's.
/// </summary>
public sealed record HostIdentity(string Name)
{
    public const string MetadataKey = "p2p-host";
}
