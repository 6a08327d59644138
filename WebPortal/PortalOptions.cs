namespace OrleansP2P.WebPortal;

/// <summary>The <c>Portal</c> configuration section.</summary>
public sealed class PortalOptions
{
    public const string Section = "Portal";

    /// <summary>Run a silo inside the portal process (the one-command default), or connect to Silo processes as a client.</summary>
    public bool CoHostSilo { get; set; } = true;

    /// <summary>The network this portal serves.</summary>
    public string Network { get; set; } = GrainKeys.DefaultNetwork;

    /// <summary>The largest upload the portal accepts, in bytes (413 above it).</summary>
    public long MaxUploadBytes { get; set; } = 256L * 1024 * 1024;
}
