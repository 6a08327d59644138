using OrleansP2P.Protocol;

namespace OrleansP2P.WebPortal.Components.Files;

/// <summary>The copy moved on (or vanished) while it was being read: the editor offers to load it again.</summary>
public sealed class FileChangedException(string name, P2PStatus status)
    : Exception($"{name} changed while it was being read ({(int)status}); load it again.")
{
    public P2PStatus Status { get; } = status;
}
