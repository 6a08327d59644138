using Orleans.Concurrency;
using OrleansP2P.Protocol;

namespace OrleansP2P;

/// <summary>
/// One shared file (keyed by <c>{network}/{hash key}</c>): its name, current version and digest, its holders
/// and parts. It orders updates and fans each new version out to every holder.
/// </summary>
[Alias("OrleansP2P.IFileGrain")]
public interface IFileGrain : IGrainWithStringKey
{
    [Alias("Announce")]
    Task<AnnounceReply> AnnounceAsync(Announcement announcement);

    /// <summary>Replies as an announcement does: 200 with the file's version and the tracker version the change produced.</summary>
    [Alias("Withdraw")]
    Task<AnnounceReply> WithdrawAsync(Withdrawal withdrawal);

    [Alias("Locate")]
    Task<LocateReply> LocateAsync();

    /// <summary>
    /// Who holds the file and which of them lag behind its current version, with why and since when. It interleaves
    /// with a fan-out under way (it only reads), so the winner of an edit watches its pending holders arrive.
    /// </summary>
    [Alias("ListHolders"), AlwaysInterleave]
    Task<HoldersReply> ListHoldersAsync();

    /// <summary>The recent versions of the whole file, oldest first: digest, size, author and time of each.</summary>
    [Alias("ListVersions")]
    Task<ImmutableArray<FileVersion>> ListVersionsAsync();

    /// <summary>Records the new version, then has every other holder apply it before replying.</summary>
    [Alias("PublishUpdate"), ResponseTimeout("00:30:00")]
    Task<PublishReply> PublishUpdateAsync(PublishRequest request);

    /// <summary>Tries again to bring every holder still pending to the current version; returns how many remain pending.</summary>
    [Alias("ResumeDeliveries"), ResponseTimeout("00:30:00")]
    Task<int> ResumeDeliveriesAsync();
}
