using OrleansP2P.Protocol;

namespace OrleansP2P.WebPortal.Api;

/// <summary>A file as the API shows it.</summary>
public sealed record FileView(string Key, string Name, long Version, string Sha256, long Size, string Part)
{
    public static FileView Of(FileDescriptor file) => new(file.Key, file.Name, file.Version, file.Sha256, file.Size, file.Layout);
}

public sealed record TrackerRowView(string Key, string Name, string Part, IReadOnlyList<string> Holders)
{
    public static TrackerRowView Of(TrackerRow row) => new(row.Key, row.Name, row.Layout, row.Holders);
}
