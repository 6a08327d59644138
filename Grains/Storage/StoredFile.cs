using OrleansP2P.Protocol;

namespace OrleansP2P.Storage;

/// <summary>A file found in a peer folder: a whole shared file, or one part of one.</summary>
public sealed record StoredFile(string StoredName, string Name, PartSpec? Part, long Size, DateTime LastWriteUtc);
