using OrleansP2P.Protocol;

namespace OrleansP2P.WebPortal.Api;

/// <summary>A rescan of the caller's folder: by file name, what it announced, published, withdrew and kept as conflict copies.</summary>
public sealed record RescanView(int Status, string Message, IReadOnlyList<string> Announced, IReadOnlyList<string> Published, IReadOnlyList<string> Withdrawn,
    IReadOnlyList<string> Conflicts, IReadOnlyList<string> Problems, IReadOnlyList<FileView> Files)
{
    public static RescanView Of(RescanReply reply) =>
        new((int)reply.Status, reply.Reason, reply.Announced, reply.Published, reply.Withdrawn, reply.Conflicts, reply.Problems, [.. reply.Held.Select(FileView.Of)]);
}

/// <summary>A reply with only a status and a message (a copy removed, say).</summary>
public sealed record MessageView(int Status, string Message);
