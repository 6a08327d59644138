using System.Collections.Immutable;
using System.Reflection;
using System.Security.Cryptography;
using OrleansP2P.Protocol;

namespace OrleansP2P.WebPortal.Tests.Components;

/// <summary>
/// A peer that keeps whole files in memory and enforces the protocol's version check on save, so a component
/// can be tested against the replies the real grain gives, without a cluster. <see cref="Grain"/> is the
/// <see cref="IPeerClientGrain"/> to hand to components: calls go to the method of the same name here, and any
/// other call fails the test — so the fake needs no change when the grain interface grows.
/// </summary>
internal sealed class FakePeer
{
    public FakePeer(string username)
    {
        Username = username;
        Grain = DispatchProxy.Create<IPeerClientGrain, PeerGrainProxy>();
        ((PeerGrainProxy)(object)Grain).Target = this;
    }

    public IPeerClientGrain Grain { get; }

    private readonly Dictionary<string, (FileDescriptor File, byte[] Content)> _files = new(StringComparer.Ordinal);
    private readonly Dictionary<string, MemoryStream> _uploads = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string?> _authors = new(StringComparer.Ordinal);

    public string Username { get; }

    public List<SaveRequest> Saves { get; } = [];

    public FileDescriptor Put(string name, string text, string? author = null) => Put(name, System.Text.Encoding.UTF8.GetBytes(text), author);

    /// <summary>Stores a new version, as if <paramref name="author"/> (another peer) had published it.</summary>
    public FileDescriptor Put(string name, byte[] content, string? author = null)
    {
        _authors[name] = author;
        var version = _files.TryGetValue(name, out var old) ? old.File.Version + 1 : 1;
        var file = new FileDescriptor(FileKey.Compute(name), name, version, Convert.ToHexStringLower(SHA256.HashData(content)), content.Length);
        _files[name] = (file, content);
        return file;
    }

    public byte[] ContentOf(string name) => _files[name].Content;

    public Task<ImmutableArray<FileDescriptor>> ListFilesAsync() => Task.FromResult(_files.Values.Select(f => f.File).ToImmutableArray());

    public Task<ChunkReply> ReadChunkAsync(ChunkRequest request)
    {
        var held = _files.Values.FirstOrDefault(f => f.File.Key == request.Key);
        if (held.File is null)
        {
            return Task.FromResult(new ChunkReply(P2PStatus.NotFound, "not held", request.Offset, []));
        }

        if (held.File.Version != request.Version)
        {
            return Task.FromResult(new ChunkReply(P2PStatus.Conflict, "version moved on", request.Offset, []));
        }

        var length = (int)Math.Min(request.Length, held.Content.Length - request.Offset);
        return Task.FromResult(new ChunkReply(P2PStatus.Ok, "OK", request.Offset, held.Content.AsSpan((int)request.Offset, length).ToArray()));
    }

    public Task<Reply> WriteUploadChunkAsync(UploadChunk chunk)
    {
        var upload = _uploads.TryGetValue(chunk.UploadId, out var existing) ? existing : _uploads[chunk.UploadId] = new MemoryStream();
        upload.Write(chunk.Data);
        return Task.FromResult(Reply.Ok());
    }

    public Task<SaveReply> SaveAsync(SaveRequest request)
    {
        Saves.Add(request);
        var content = _uploads.Remove(request.UploadId, out var upload) ? upload.ToArray() : [];
        var exists = _files.TryGetValue(request.Name, out var current);
        if (exists && request.BaseVersion is { } baseVersion && baseVersion != current.File.Version)
        {
            return Task.FromResult(SaveReply.Stale(request.Name, baseVersion, current.File.Version, _authors[request.Name]));
        }

        var saved = Put(request.Name, content);
        return Task.FromResult(new SaveReply(exists ? P2PStatus.Ok : P2PStatus.Created, "OK", saved, exists ? 1 : 0));
    }

    public List<ResolveRequest> Resolves { get; } = [];

    /// <summary>Only the current version of each file, kept by this peer (the history is not modelled).</summary>
    public Task<VersionListReply> ListVersionsAsync(string name)
    {
        if (!_files.TryGetValue(name, out var held))
        {
            return Task.FromResult(VersionListReply.Fail(P2PStatus.NotFound, $"The network has no file named {name}."));
        }

        var version = new FileVersion(held.File.Version, held.File.Sha256, held.File.Size, _authors[name] ?? Username, DateTimeOffset.UnixEpoch);
        return Task.FromResult(new VersionListReply(P2PStatus.Ok, "OK", held.File.Key, held.File.Version, [new KeptVersion(version, [Username])]));
    }

    public Task<ChunkReply> ReadKeptChunkAsync(string keeper, ChunkRequest request) => ReadChunkAsync(request);

    public Task<SaveReply> ResolveConflictAsync(ResolveRequest request)
    {
        Resolves.Add(request);
        return Task.FromResult(new SaveReply(P2PStatus.Ok, $"{request.CopyName} resolved", null, 0));
    }
}
