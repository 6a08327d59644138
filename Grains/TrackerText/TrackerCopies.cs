using System.Security.Cryptography;
using System.Text;
using OrleansP2P.Storage;

namespace OrleansP2P.TrackerText;

/// <summary>
/// The folders of one host that do not follow the network's table (a file system without symbolic links, or
/// <c>P2P:TrackerFiles = PerVersion</c>), written down in the host's data root as one small file per folder
/// (<c>{network root}/.tracker/copies/{hash of the path}</c>, holding the path). Kept on disk, not in memory, so
/// every process and every restart sees the same list, and a round can bring each copy current without asking
/// the peer grain.
/// </summary>
internal static class TrackerCopies
{
    public const string DirectoryName = "copies";

    public static string DirectoryIn(string networkRoot) => Path.Combine(networkRoot, SharedTrackerFile.DirectoryName, DirectoryName);

    /// <summary>Lists <paramref name="folder"/> as holding a copy of its own (nothing is written when it is listed already).</summary>
    public static async Task AddAsync(string networkRoot, PeerFolder folder)
    {
        var entry = EntryOf(networkRoot, folder);
        if (!File.Exists(entry))
        {
            await AtomicFile.WriteTextAsync(entry, folder.Path);
        }
    }

    /// <summary>The folder follows the table again: it needs no copy.</summary>
    public static void Remove(string networkRoot, PeerFolder folder)
    {
        try
        {
            File.Delete(EntryOf(networkRoot, folder));
        }
        catch (DirectoryNotFoundException)
        {
            // Nothing was ever listed on this host.
        }
    }

    /// <summary>Every listed folder that still exists; entries of folders that are gone are dropped.</summary>
    public static IEnumerable<PeerFolder> List(string networkRoot)
    {
        var directory = DirectoryIn(networkRoot);
        if (!Directory.Exists(directory))
        {
            yield break;
        }

        foreach (var entry in Directory.EnumerateFiles(directory).Where(e => !Path.GetFileName(e).StartsWith('.')))
        {
            var folder = new PeerFolder(File.ReadAllText(entry));
            if (folder.Exists)
            {
                yield return folder;
            }
            else
            {
                File.Delete(entry);
            }
        }
    }

    private static string EntryOf(string networkRoot, PeerFolder folder) =>
        Path.Combine(DirectoryIn(networkRoot), Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Path.GetFullPath(folder.Path))))[..32]);
}
