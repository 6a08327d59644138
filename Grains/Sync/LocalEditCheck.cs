using System.Runtime.CompilerServices;
using OrleansP2P.Peers;
using OrleansP2P.Storage;

namespace OrleansP2P.Sync;

/// <summary>What a file in a peer's folder is, compared with the peer's own record of it.</summary>
public enum DiskVerdict
{
    /// <summary>The bytes are the recorded version's (same size and time, or same digest).</summary>
    Unchanged,

    /// <summary>The bytes differ from the recorded version: a local edit based on it.</summary>
    Edited,

    /// <summary>The peer has no record of this file under this name (dropped in, or a record lost in a crash).</summary>
    Unrecorded,

    /// <summary>The recorded file is no longer in the folder.</summary>
    Missing,
}

/// <summary>
/// The peer's record against the disk: before an incoming version replaces a file, and whenever the folder is read
/// (login, rescan, the watcher, the start), so an edit nobody has seen is never overwritten and a copy merely behind
/// is never mistaken for an edit. Size and time as recorded mean unchanged without reading the file; otherwise the
/// digest decides, so a file touched but not changed is still unchanged.
/// </summary>
public static class LocalEditCheck
{
    /// <summary>True when the folder shows the size and time recorded when the file was last written or hashed.</summary>
    public static bool LooksUnchanged(HeldFile? record, StoredFile? disk) =>
        record is not null && disk is not null && record.StoredName == disk.StoredName &&
        record.File.Size == disk.Size && record.LastWriteUtc == disk.LastWriteUtc;

    /// <summary>The verdict once the disk's digest is known (<paramref name="diskSha256"/> null: not read, because it looked unchanged).</summary>
    public static DiskVerdict Compare(HeldFile? record, StoredFile? disk, string? diskSha256) =>
        disk is null ? DiskVerdict.Missing
        : record is null || record.StoredName != disk.StoredName ? DiskVerdict.Unrecorded
        : LooksUnchanged(record, disk) || diskSha256 == record.File.Sha256 ? DiskVerdict.Unchanged
        : DiskVerdict.Edited;

    /// <summary>
    /// Reads the folder's copy of <paramref name="storedName"/> and judges it; the digest is computed only when it must
    /// be (then <paramref name="hashes"/>, if given, counts it).
    /// </summary>
    public static async Task<(DiskVerdict Verdict, StoredFile? Disk, string? Sha256)> CheckAsync(PeerFolder folder, HeldFile? record, string storedName, StrongBox<int>? hashes = null)
    {
        var (verdict, disk, sha, _) = await CheckAsync(folder, record, storedName, hashes, pieceSize: null);
        return (verdict, disk, sha);
    }

    /// <summary>
    /// The same; when the copy has to be read and <paramref name="pieceSize"/> is given, that one read also yields its
    /// piece digests (<see cref="PieceDigests.ComputeWithWholeAsync"/>), so a copy about to be published as a new
    /// version is not read a second time for them. <c>Read</c> is null when the file was not read.
    /// </summary>
    public static async Task<(DiskVerdict Verdict, StoredFile? Disk, string? Sha256, FileDigests? Read)> CheckAsync(PeerFolder folder, HeldFile? record, string storedName, StrongBox<int>? hashes, int? pieceSize)
    {
        var disk = folder.Find(storedName);
        if (disk is null || LooksUnchanged(record, disk))
        {
            return (Compare(record, disk, record?.File.Sha256), disk, record?.File.Sha256, null);
        }

        FileDigests? read = null;
        var sha = pieceSize is { } size
            ? (read = await PieceDigests.ComputeWithWholeAsync(folder.PathOf(storedName), size)).Sha256
            : await folder.ComputeSha256Async(storedName);
        if (hashes is not null)
        {
            hashes.Value++;
        }

        return (Compare(record, disk, sha), disk, sha, read);
    }

    /// <summary>
    /// True when the folder no longer shows <paramref name="seen"/> (the reading's stat, taken before the file was
    /// hashed): it was written, replaced or removed while it was read, so what was read may be half-written. A writer
    /// that pauses longer than the watcher's quiet period is read mid-way; if it writes again while the file is hashed
    /// or copied, this says so, and the reading shares nothing of it (the write's own events bring the next reading).
    /// </summary>
    public static bool ChangedSince(PeerFolder folder, StoredFile seen) =>
        folder.Find(seen.StoredName) is not { } now || now.Size != seen.Size || now.LastWriteUtc != seen.LastWriteUtc;
}
