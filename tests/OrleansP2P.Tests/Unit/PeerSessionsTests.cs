using OrleansP2P.Security;

namespace OrleansP2P.Tests.Unit;

public sealed class PeerSessionsTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Two_logins_are_two_sessions_and_ending_one_leaves_the_other()
    {
        var (laptop, phone) = (PeerSessions.NewId(), PeerSessions.NewId());
        var sessions = PeerSessions.Open(PeerSessions.Open(ImmutableDictionary<string, DateTimeOffset>.Empty, laptop, Now), phone, Now);
        Assert.NotEqual(laptop, phone);
        Assert.Equal(2, sessions.Count);

        sessions = PeerSessions.Revoke(sessions, laptop);

        Assert.False(PeerSessions.IsOpen(sessions, laptop));
        Assert.True(PeerSessions.IsOpen(sessions, phone));
    }

    [Fact]
    public void Only_a_fingerprint_of_the_id_is_kept_and_nothing_else_opens_it()
    {
        var id = PeerSessions.NewId();
        var sessions = PeerSessions.Open(ImmutableDictionary<string, DateTimeOffset>.Empty, id, Now);

        Assert.DoesNotContain(id, sessions.Keys);
        Assert.False(PeerSessions.IsOpen(sessions, Assert.Single(sessions.Keys)));
        Assert.False(PeerSessions.IsOpen(sessions, null));
        Assert.False(PeerSessions.IsOpen(sessions, ""));
        Assert.False(PeerSessions.IsOpen(sessions, PeerSessions.NewId()));
        Assert.Equal(64, id.Length);
    }
}
