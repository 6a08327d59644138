using OrleansP2P.Peers;
using OrleansP2P.Protocol;

namespace OrleansP2P.Tests.Unit;

public sealed class ActivityCounterTests
{
    private static readonly string Key = FileKey.Compute("File1.txt");

    private static ChunkRequest Chunk(string requester, long version = 1, long offset = 0, PartSpec? part = null) => new(requester, Key, part, version, offset, 4);

    private static ChunkReply Ok(int bytes) => new(P2PStatus.Ok, "OK", 0, new byte[bytes]);

    [Fact]
    public void A_file_counts_once_per_requester_and_version_however_many_chunks_and_every_byte_counts()
    {
        var counter = new ActivityCounter();
        counter.Served("user1", Chunk("user3", offset: 0), Ok(4));
        counter.Served("user1", Chunk("user3", offset: 4), Ok(3));
        counter.Served("user1", Chunk("user4"), Ok(4));
        counter.Served("user1", Chunk("user3", version: 2), Ok(4));
        counter.Served("user1", Chunk("user3", part: new PartSpec(1, 2)), Ok(2));

        var news = counter.Take();

        Assert.Equal((4L, 17L), (news.FilesServed, news.BytesServed));
        Assert.False(counter.HasNews);
    }

    [Fact]
    public void Own_reads_a_file_grains_probe_and_refused_chunks_are_not_serving()
    {
        var counter = new ActivityCounter();
        counter.Served("user1", Chunk("user1"), Ok(4));
        counter.Served("user1", Chunk(Key), Ok(1));
        counter.Served("user1", Chunk("user3"), new ChunkReply(P2PStatus.Conflict, "no", 0, []));

        Assert.False(counter.HasNews);
    }

    [Fact]
    public void A_session_check_is_seen_at_most_once_a_minute_a_sign_in_always()
    {
        var counter = new ActivityCounter();
        var t0 = new DateTimeOffset(2026, 12, 7, 18, 0, 0, TimeSpan.Zero);

        Assert.True(counter.Seen(t0, always: false));
        Assert.False(counter.Seen(t0.AddSeconds(30), always: false));
        Assert.True(counter.Seen(t0.AddSeconds(31), always: true));
        Assert.Equal(t0.AddSeconds(31), counter.Take().LastSeen);
        Assert.True(counter.Seen(t0.AddSeconds(92), always: false));
    }

    [Fact]
    public void A_report_that_failed_goes_with_the_next()
    {
        var counter = new ActivityCounter();
        counter.Served("user1", Chunk("user3"), Ok(4));
        var failed = counter.Take();
        counter.Served("user1", Chunk("user4"), Ok(2));

        counter.PutBack(failed);

        Assert.Equal((2L, 6L), (counter.Take() is var news ? (news.FilesServed, news.BytesServed) : default));
    }
}
