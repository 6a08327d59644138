namespace OrleansP2P.Hosting;

public static class StorageNames
{
    /// <summary>The grain storage every P2P grain keeps its metadata in (never file content).</summary>
    public const string Metadata = "p2p";
}
