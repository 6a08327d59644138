namespace OrleansP2P.Sync;

/// <summary>What one reading of a folder changed, by file name: for the rescan's reply and its log line.</summary>
public sealed class ScanReport
{
    public List<string> Announced { get; } = [];

    public List<string> Published { get; } = [];

    public List<string> Withdrawn { get; } = [];

    /// <summary>Conflict copies made: local edits kept beside the file the network's version replaced.</summary>
    public List<string> Conflicts { get; } = [];

    public List<string> Problems { get; } = [];

    /// <summary>Entries of the folder the reading looked at (a stat each).</summary>
    public int Read { get; init; }

    /// <summary>Files whose content the reading hashed: those whose size or time differ from the peer's record.</summary>
    public System.Runtime.CompilerServices.StrongBox<int> Hashed { get; } = new();

    /// <summary>Keys this reading placed in the folder itself (conflict copies): seen, not gone.</summary>
    public HashSet<string> Made { get; } = new(StringComparer.Ordinal);
}
