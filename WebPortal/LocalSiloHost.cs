namespace OrleansP2P.WebPortal;

/// <summary>
/// The host of the silo this portal co-hosts: registered only then (a portal that is only a client has none), so
/// sign-up, by page or API, homes a new peer here when no host is asked for.
/// </summary>
public sealed record LocalSiloHost(string Name);
