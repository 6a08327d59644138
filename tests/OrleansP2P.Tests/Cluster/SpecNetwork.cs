using System.Security.Cryptography;
using System.Text;
using OrleansP2P.Hosting;
using OrleansP2P.Protocol;
using OrleansP2P.Storage;
using OrleansP2P.TrackerText;

namespace OrleansP2P.Tests.Cluster;

/// <summary>
/// The spec's example network, fresh for one test: user1 has File1.txt, File2.txt is split between user2
/// (part 1) and user3 (part 2), user3 has File3.txt, user4 has nothing. Helpers read folders and Tracker.txt
/// straight from disk, as a user would.
/// </summary>
public sealed class SpecNetwork
{
    private readonly PeerFolders _folders;

    private SpecNetwork(IGrainFactory grains, PeerFolders folders, string name)
    {
        Grains = grains;
        _folders = folders;
        Name = name;
    }

    public string Name { get; }

    public IGrainFactory Grains { get; }

    public ITrackerGrain Tracker => Grains.GetTracker(Name);

    public static Task<SpecNetwork> SeedAsync(ClusterFixture fixture) =>
        SeedAsync(fixture.Client, fixture.Folders, "t" + Guid.NewGuid().ToString("N")[..12]);

    public static async Task<SpecNetwork> SeedAsync(IGrainFactory grains, PeerFolders folders, string name)
    {
        var network = Attach(grains, folders, name);
        await DemoNetwork.SeedAsync(grains, folders, name);
        return network;
    }

    /// <summary>The same network seen through another cluster (after a restart, say).</summary>
    public static SpecNetwork Attach(IGrainFactory grains, PeerFolders folders, string name) => new(grains, folders, name);

    public IPeerClientGrain Peer(string user) => Grains.GetPeer(Name, user);

    /// <summary>The peer as other peers and file grains see it.</summary>
    public IPeerServerGrain Server(string user) => Grains.GetPeerServer(Name, user);

    public string FolderOf(string user) => _folders.DefaultFolder(Name, user);

    public string PathIn(string user, string storedName) => Path.Combine(FolderOf(user), storedName);

    public string ReadText(string user, string storedName) => File.ReadAllText(PathIn(user, storedName));

    public bool Has(string user, string storedName) => File.Exists(PathIn(user, storedName));

    /// <summary>The shared files in a peer's folder, by name (Tracker.txt and the hidden work area left out).</summary>
    public IReadOnlyList<string> FilesOf(string user) =>
        [.. Directory.EnumerateFiles(FolderOf(user)).Select(Path.GetFileName).OfType<string>()
            .Where(n => n != FileNames.TrackerFileName).Order(StringComparer.Ordinal)];

    public TrackerSnapshot TrackerTxtOf(string user) => TrackerFile.Parse(ReadText(user, FileNames.TrackerFileName));

    public IReadOnlyList<string> PeersOnDisk() =>
        [.. Directory.EnumerateDirectories(Path.GetDirectoryName(FolderOf("user1"))!).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal)];

    /// <summary>The "key name part holders" line for a file in a peer's Tracker.txt, or null if it has none.</summary>
    public string? RowOf(string user, string name, string layout = "full") =>
        TrackerTxtOf(user).Rows.Where(r => r.Name == name && r.Layout == layout)
            .Select(r => $"{r.Key} {r.Name} {r.Layout} {string.Join(',', r.Holders)}")
            .SingleOrDefault();

    public async Task<LoginReply> LogInAsync(string user, string? password = null)
    {
        var reply = await Grains.LogInAsync(Name, new LoginRequest(user, password ?? DemoNetwork.PasswordOf(user)));
        return reply;
    }

    public async Task<SaveReply> SaveTextAsync(string user, string name, string text, long? baseVersion) =>
        await SaveBytesAsync(user, name, Encoding.UTF8.GetBytes(text), baseVersion);

    public async Task<SaveReply> SaveBytesAsync(string user, string name, byte[] content, long? baseVersion)
    {
        using var stream = new MemoryStream(content);
        return await Peer(user).UploadAndSaveAsync(name, stream, baseVersion, chunkSize: ClusterFixture.ChunkSizeBytes);
    }

    /// <summary>Flips the byte at <paramref name="at"/> (from the end if negative) of a stored file behind its peer's back: same size, same time.</summary>
    public void CorruptOnDisk(string user, string storedName, long at)
    {
        var path = PathIn(user, storedName);
        var time = File.GetLastWriteTimeUtc(path);
        var bytes = File.ReadAllBytes(path);
        bytes[at < 0 ? bytes.Length + at : at] ^= 0xFF;
        File.WriteAllBytes(path, bytes);
        File.SetLastWriteTimeUtc(path, time);
    }

    public static string Sha256Of(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}
