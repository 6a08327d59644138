using System.Text;
using OrleansP2P.Hosting;
using OrleansP2P.Protocol;
using OrleansP2P.TrackerText;

namespace OrleansP2P.Tests.Hosts;

/// <summary>
/// The spec's example network spread over hosts: user1 and user2 on host A, user3 on B, user4 on C. Files are written
/// straight into each peer's folder on its own host's disk and announced by a rescan; helpers read disks as a user would.
/// </summary>
public sealed class HostNetwork(HostCluster hosts, string name)
{
    public static readonly IReadOnlyDictionary<string, string> HomeOf = new Dictionary<string, string>
    {
        ["user1"] = "A", ["user2"] = "A", ["user3"] = "B", ["user4"] = "C",
    };

    public string Name { get; } = name;

    public ITrackerGrain Tracker => hosts.Client.GetTracker(Name);

    public IPeerClientGrain Peer(string user) => hosts.Client.GetPeer(Name, user);

    /// <summary>Where a peer's folder is: under its home host's data root, and nowhere else.</summary>
    public string FolderOf(string user) => FolderOn(HomeOf[user], user);

    public string FolderOn(string host, string user) =>
        Path.Combine(hosts.DataRootOf(host), "networks", Name, "peers", user);

    public string ReadText(string user, string storedName) => File.ReadAllText(Path.Combine(FolderOf(user), storedName));

    public TrackerSnapshot TrackerTxtOf(string user) => TrackerFile.Parse(ReadText(user, FileNames.TrackerFileName));

    public static async Task<HostNetwork> SeedAsync(HostCluster hosts)
    {
        var network = new HostNetwork(hosts, "h" + Guid.NewGuid().ToString("N")[..12]);
        foreach (var (user, host) in HomeOf)
        {
            var reply = await network.Tracker.SignUpAsync(new SignUpRequest(user, DemoNetwork.PasswordOf(user), Host: host));
            Assert.True(reply.Status == P2PStatus.Created, $"{user}: {(int)reply.Status} {reply.Reason}");
            Assert.Equal(network.FolderOf(user), reply.Folder);
        }

        var file2 = Encoding.UTF8.GetBytes(DemoNetwork.File2);
        network.Write("user1", "File1.txt", Encoding.UTF8.GetBytes(DemoNetwork.File1));
        network.Write("user2", FileNames.PartFileName("File2.txt", new PartSpec(1, 2)), Slice(file2, new PartSpec(1, 2)));
        network.Write("user3", FileNames.PartFileName("File2.txt", new PartSpec(2, 2)), Slice(file2, new PartSpec(2, 2)));
        network.Write("user3", "File3.txt", Encoding.UTF8.GetBytes(DemoNetwork.File3));
        foreach (var user in HomeOf.Keys)
        {
            Assert.Equal(P2PStatus.Ok, (await hosts.Client.LogInAsync(network.Name, new LoginRequest(user, DemoNetwork.PasswordOf(user)))).Status);
        }

        return network;
    }

    /// <summary>Asserts that <paramref name="saved"/> succeeded with only <paramref name="peer"/> pending, for a reason containing <paramref name="why"/>, and that its copy is still <paramref name="unchanged"/>.</summary>
    public void AssertOnlyPending(SaveReply saved, string peer, string why, string storedName, string unchanged)
    {
        Assert.Equal(P2PStatus.Ok, saved.Status);
        var pending = Assert.Single(saved.HoldersPending);
        Assert.Equal(peer, pending.Peer);
        Assert.Contains(why, pending.Reason);
        Assert.Equal(unchanged, ReadText(peer, storedName));
    }

    public async Task<SaveReply> SaveTextAsync(string user, string name, string text, long? baseVersion)
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(text));
        return await Peer(user).UploadAndSaveAsync(name, stream, baseVersion, chunkSize: Cluster.TestClusters.ChunkSizeBytes);
    }

    private void Write(string user, string storedName, byte[] content) => File.WriteAllBytes(Path.Combine(FolderOf(user), storedName), content);

    private static byte[] Slice(byte[] content, PartSpec part)
    {
        var (offset, length) = part.RangeIn(content.Length);
        return content.AsSpan((int)offset, (int)length).ToArray();
    }
}
