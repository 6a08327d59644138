namespace OrleansP2P.Storage;

/// <summary>
/// What a reading of a peer's folder asks the disk: the whole listing, or one entry at a time. <see cref="PeerFolder"/>
/// on disk; tests count the calls, to show a reading after one change looks at that one name.
/// </summary>
public interface IFolderEntries
{
    /// <summary>Every shared file in the folder (see <see cref="PeerFolder.Scan"/>).</summary>
    IReadOnlyList<StoredFile> Scan(Sync.IgnoredNames? ignored);

    /// <summary>Every name in the folder that is not shared because it is not a valid file name.</summary>
    IReadOnlyList<string> FindUnsharableNames(Sync.IgnoredNames? ignored);

    /// <summary>The shared file stored under <paramref name="storedName"/>, or null (gone, or not a valid name).</summary>
    StoredFile? Find(string storedName);

    /// <summary>True when the folder has a file named <paramref name="storedName"/>, valid or not.</summary>
    bool Contains(string storedName);
}
