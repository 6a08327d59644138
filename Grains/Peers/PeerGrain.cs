using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;
using OrleansP2P.Hosting;
using OrleansP2P.Protocol;
using OrleansP2P.Security;
using OrleansP2P.Storage;
using OrleansP2P.TrackerText;

namespace OrleansP2P.Peers;

/// <summary>
/// A peer: server and client at once. Reentrant, because while it downloads (client) other peers keep asking
/// it for chunks (server), and a file grain it announced to pushes the new Tracker.txt back to it. Its table
/// changes only between awaits, and state writes go through one serial writer.
/// </summary>
[Reentrant]
public sealed partial class PeerGrain(
    [PersistentState("peer", StorageNames.Metadata)] IPersistentState<PeerState> state,
    PeerFolders folders,
    PeerPasswords passwords,
    IOptions<P2POptions> options,
    ILogger<PeerGrain> logger) : Grain, IPeerGrain
{
    private readonly SerialStateWriter<PeerState> _writer = new(state);
    private readonly P2POptions _options = options.Value;
    private long _trackerVersion = -1;

    /// <summary>Keys with a download, save or update under way, so two never write the same file at once.</summary>
    private readonly HashSet<string> _busy = new(StringComparer.Ordinal);

    /// <summary>Content this peer is publishing but has not yet made its own version: holders pull it from here.</summary>
    private readonly Dictionary<string, Func<long, int, Task<byte[]>>> _outgoing = new(StringComparer.Ordinal);

    private string Network => GrainKeys.Split(this.GetPrimaryKeyString()).Network;

    private string Username => GrainKeys.Split(this.GetPrimaryKeyString()).Local;

    private PeerFolder Folder => folders.Open(state.State.Folder ?? folders.DefaultFolder(Network, Username));

    private ImmutableDictionary<string, HeldFile> Table => state.State.Table;

    // ---------------------------------------------------------------- set up by the tracker

    public async Task<SignUpReply> RegisterAsync(SignUpRequest request)
    {
        if (state.State.IsRegistered)
        {
            return new SignUpReply(P2PStatus.Conflict, $"The username '{Username}' is taken.", Username, null);
        }

        var path = folders.Resolve(Network, Username, request.Folder);
        try
        {
            folders.Open(path).EnsureCreated();
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return new SignUpReply(P2PStatus.BadRequest, $"The folder {path} cannot be created: {exception.Message}", Username, null);
        }

        state.State.PasswordHash = passwords.Hash(Username, request.Password);
        state.State.Folder = path;
        await _writer.WriteAsync();
        return new SignUpReply(P2PStatus.Created, $"Peer {Username} created.", Username, path);
    }

    public Task<bool> VerifyPasswordAsync(string password) =>
        Task.FromResult(state.State.PasswordHash is { } hash && passwords.Verify(Username, hash, password));

    public async Task<RescanReply> StartSessionAsync(string sessionId)
    {
        state.State.SessionId = sessionId;
        await _writer.WriteAsync();
        return await RescanAsync();
    }

    public async Task EndSessionAsync()
    {
        state.State.SessionId = null;
        await _writer.WriteAsync();
    }

    public async Task<TrackerFileLink> SyncTrackerAsync(TrackerSnapshot snapshot)
    {
        if (!state.State.IsRegistered)
        {
            return TrackerFileLink.PerVersion;
        }

        var folder = Folder;
        if (_options.TrackerFiles == TrackerFileLink.FollowsNetwork &&
            await NetworkTrackerFile.TryFollowAsync(folder, folders.NetworkRoot(Network), snapshot))
        {
            return TrackerFileLink.FollowsNetwork;
        }

        // Versions only move forward. The version written is kept in memory, not in grain state: a push costs
        // one link (or file) and no database write, and after a reactivation the next push simply writes again.
        if (snapshot.Version > _trackerVersion || (snapshot.Version == _trackerVersion && !folder.HasTracker) ||
            NetworkTrackerFile.IsFollowedBy(folder, folders.NetworkRoot(Network)))
        {
            _trackerVersion = snapshot.Version;
            await SharedTrackerFile.WriteAsync(folder, folders.NetworkRoot(Network), snapshot);
        }

        return TrackerFileLink.PerVersion;
    }

    // ---------------------------------------------------------------- server side

    public async Task<FileReply> RequestFileAsync(FileRequest request)
    {
        if (!FileKey.IsWellFormed(request.Key))
        {
            return new FileReply(P2PStatus.BadRequest, $"'{request.Key}' is not a file key.", null);
        }

        // A file dropped into the folder since the last scan is shared as soon as someone asks for it.
        if (!Table.ContainsKey(request.Key) && state.State.IsRegistered && Folder.Scan().Any(s => FileKey.Compute(s.Name) == request.Key))
        {
            await ScanAsync();
        }

        if (!Table.TryGetValue(request.Key, out var held) || held.File.Part != request.Part || Folder.Find(held.StoredName) is null)
        {
            var what = request.Part is null ? $"the whole file {request.Key}" : $"part {request.Part} of {request.Key}";
            return new FileReply(P2PStatus.NotFound, $"{Username} does not have {what}.", null);
        }

        return new FileReply(P2PStatus.Ok, "OK", held.File);
    }

    public async Task<ChunkReply> ReadChunkAsync(ChunkRequest request)
    {
        if (request.Offset < 0 || request.Length is <= 0 or > ChunkRequest.MaxLength)
        {
            return new ChunkReply(P2PStatus.BadRequest, $"A chunk is 1 to {ChunkRequest.MaxLength} bytes at a non-negative offset.", request.Offset, []);
        }

        if (!Table.TryGetValue(request.Key, out var held) || held.File.Part != request.Part)
        {
            return new ChunkReply(P2PStatus.NotFound, $"{Username} does not have {request.Key}.", request.Offset, []);
        }

        if (request.Version > held.File.Version && _outgoing.TryGetValue(request.Key, out var publishing))
        {
            return new ChunkReply(P2PStatus.Ok, "OK", request.Offset, await publishing(request.Offset, request.Length));
        }

        if (request.Version != held.File.Version)
        {
            return new ChunkReply(P2PStatus.Conflict, $"{Username} has version {held.File.Version} of {held.File.Name}, not {request.Version}.", request.Offset, []);
        }

        try
        {
            return new ChunkReply(P2PStatus.Ok, "OK", request.Offset, await Folder.ReadChunkAsync(held.StoredName, request.Offset, request.Length));
        }
        catch (FileNotFoundException)
        {
            return new ChunkReply(P2PStatus.NotFound, $"{held.StoredName} is gone from {Username}'s folder.", request.Offset, []);
        }
    }

    public Task<ImmutableArray<FileDescriptor>> ListFilesAsync() =>
        Task.FromResult(Table.Values.Select(h => h.File).OrderBy(f => f.Name, StringComparer.Ordinal).ToImmutableArray());

    public Task<string?> GetFolderAsync() => Task.FromResult(state.State.IsRegistered ? Folder.Path : null);

    public Task<string?> ReadTrackerTextAsync() => Task.FromResult(state.State.IsRegistered ? Folder.ReadTracker() : null);

    // ---------------------------------------------------------------- helpers

    private IFileGrain FileGrainOf(string key) => GrainFactory.GetFile(Network, key);

    /// <summary>
    /// File grains report changes to the tracker without waiting for the push to every folder; a peer that
    /// changed the network waits here before it replies, so its caller finds every Tracker.txt current.
    /// </summary>
    private Task TrackerPublishedAsync() => GrainFactory.GetTracker(Network).AwaitPublishedAsync();

    private bool IsLoggedIn => state.State.SessionId is not null;

    private string? RefuseClient()
    {
        if (!state.State.IsRegistered)
        {
            return $"There is no peer named {Username}.";
        }

        return IsLoggedIn ? null : $"{Username} is not logged in.";
    }

    private async Task RememberAsync(FileDescriptor file, string storedName)
    {
        var info = Folder.Find(storedName);
        state.State.Table = state.State.Table.SetItem(file.Key, new HeldFile(file, storedName, info?.LastWriteUtc ?? DateTime.UtcNow));
        await _writer.WriteAsync();
    }

    private async Task ForgetAsync(string key)
    {
        state.State.Table = state.State.Table.Remove(key);
        await _writer.WriteAsync();
    }
}
