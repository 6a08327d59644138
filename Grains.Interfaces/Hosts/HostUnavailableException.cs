namespace OrleansP2P.Hosts;

/// <summary>
/// A peer's home host has no live silo, so the peer cannot run anywhere: placement refuses it rather than
/// activate it on another host's disk. Thrown by the placement director, it fails the call at once, on clients
/// and grains alike; callers treat it as "offline" (503), never as a fault.
/// </summary>
[GenerateSerializer, Alias("OrleansP2P.HostUnavailableException")]
public sealed class HostUnavailableException : Exception
{
    public HostUnavailableException()
    {
    }

    public HostUnavailableException(string message)
        : base(message)
    {
    }

    public HostUnavailableException(string message, Exception inner)
        : base(message, inner)
    {
    }

    public HostUnavailableException(string peer, string host)
        : base($"{peer} is offline: host {host} is down.")
    {
        Peer = peer;
        Host = host;
    }

    [Id(0)] public string Peer { get; init; } = "";

    [Id(1)] public string Host { get; init; } = "";
}
