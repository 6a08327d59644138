namespace OrleansP2P.Diagnostics;

/// <summary>The tags the health checks of every process share, whoever registers them (Operations or the silo).</summary>
public static class HealthTags
{
    /// <summary>Checks that <c>/health/ready</c> runs; <c>/health/live</c> runs none.</summary>
    public const string Ready = "ready";
}
