using System.Text;
using OrleansP2P.Protocol;
using OrleansP2P.Storage;

namespace OrleansP2P.Hosting;

/// <summary>
/// The spec's example network: user1 has File1.txt; File2.txt is divided into two parts, part 1 at user2
/// and part 2 at user3; user3 also has File3.txt; user4 has nothing yet. Demo passwords are password1..4.
/// </summary>
public static class DemoNetwork
{
    public static readonly IReadOnlyList<string> Users = ["user1", "user2", "user3", "user4"];

    public static string PasswordOf(string user) => $"password{user[^1]}";

    public static readonly string File1 = "File1.txt: the first file of the example, shared by user1.\n";

    public static readonly string File2 =
        "File2.txt: this file is divided into two parts.\n" +
        "Part 1 is held by user2 and part 2 by user3; a peer that wants the whole file downloads both and appends them.\n";

    public static readonly string File3 = "File3.txt: shared by user3. user4 downloads it, edits it, and every copy follows.\n";

    /// <summary>
    /// Signs up user1..user4 (homed on <paramref name="host"/> when given: on a cluster, the first host that seeds),
    /// writes their files into their folders and has each peer announce them. Files go only to peers this call
    /// created: another silo seeding at the same moment owns the rest, on its own host's disk.
    /// </summary>
    public static async Task SeedAsync(IGrainFactory grains, PeerFolders folders, string network = GrainKeys.DefaultNetwork, string? host = null)
    {
        var tracker = grains.GetTracker(network);
        var created = new HashSet<string>(StringComparer.Ordinal);
        foreach (var user in Users)
        {
            var reply = await tracker.SignUpAsync(new SignUpRequest(user, PasswordOf(user), Host: host));
            if (reply.Status is not (P2PStatus.Created or P2PStatus.Conflict))
            {
                throw new InvalidOperationException($"Seeding {user} failed: {(int)reply.Status} {reply.Reason}");
            }

            if (reply.Status == P2PStatus.Created)
            {
                created.Add(user);
            }
        }

        if (created.Count < Users.Count)
        {
            return;
        }

        var file2 = Encoding.UTF8.GetBytes(File2);
        await WriteAsync(folders, grains, network, "user1", "File1.txt", Encoding.UTF8.GetBytes(File1));
        await WriteAsync(folders, grains, network, "user2", FileNames.PartFileName("File2.txt", new PartSpec(1, 2)), Slice(file2, new PartSpec(1, 2)));
        await WriteAsync(folders, grains, network, "user3", FileNames.PartFileName("File2.txt", new PartSpec(2, 2)), Slice(file2, new PartSpec(2, 2)));
        await WriteAsync(folders, grains, network, "user3", "File3.txt", Encoding.UTF8.GetBytes(File3));

        foreach (var user in Users)
        {
            await grains.GetPeer(network, user).RescanAsync();
        }
    }

    private static byte[] Slice(byte[] content, PartSpec part)
    {
        var (offset, length) = part.RangeIn(content.Length);
        return content.AsSpan((int)offset, (int)length).ToArray();
    }

    private static async Task WriteAsync(PeerFolders folders, IGrainFactory grains, string network, string user, string storedName, byte[] content)
    {
        var path = await grains.GetPeer(network, user).GetFolderAsync()
            ?? throw new InvalidOperationException($"{user} has no folder.");
        var folder = folders.Open(path);
        await using var incoming = folder.BeginIncoming();
        await incoming.AppendAsync(content);
        await incoming.CommitAsync(storedName);
    }
}
