using System.Collections.Immutable;
using System.Reflection;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using OrleansP2P.Protocol;
using OrleansP2P.WebPortal.Identity;
using OrleansP2P.WebPortal.Session;

namespace OrleansP2P.WebPortal.Tests.Components;

/// <summary>
/// user3's circuit while the network is busy: five events arrive while one refresh is loading. Each event asks for
/// a refresh; the session runs the one under way, then exactly one more (which sees all five), and tells the pages
/// once — never five loads racing each other and five re-renders.
/// </summary>
public sealed class PeerSessionTests
{
    [Fact]
    public async Task Events_during_a_refresh_merge_into_one_more_refresh_and_one_render()
    {
        var tracker = new GatedTracker();
        await using var session = await StartSessionAsync("user3", tracker);
        tracker.Gated = true;
        var renders = 0;
        session.Changed += () =>
        {
            Interlocked.Increment(ref renders);
            return Task.CompletedTask;
        };

        // The start loaded once. An event's refresh begins loading; five more events arrive meanwhile.
        var first = session.RefreshAsync();
        await tracker.LoadStarted(2);
        var duringTheLoad = Enumerable.Range(0, 5).Select(_ => session.RefreshAsync()).ToList();
        tracker.Version = 2;
        tracker.ReleaseOne();
        await tracker.LoadStarted(3);
        tracker.ReleaseOne();
        await Task.WhenAll([first, .. duringTheLoad]).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(3, tracker.Loads);
        Assert.Equal(1, renders);
        Assert.Equal(2, session.TrackerVersion);

        // Once idle, the next event gets a refresh of its own.
        tracker.Version = 3;
        var next = session.RefreshAsync();
        await tracker.LoadStarted(4);
        tracker.ReleaseOne();
        await next.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal((4, 2, 3L), (tracker.Loads, renders, session.TrackerVersion));
    }

    private static async Task<PeerSession> StartSessionAsync(string username, GatedTracker tracker)
    {
        var peer = new FakePeer(username);
        var grains = DispatchProxy.Create<IGrainFactory, GrainFactoryProxy>();
        ((GrainFactoryProxy)(object)grains).Grains = new Dictionary<Type, object>
        {
            [typeof(IPeerClientGrain)] = peer.Grain,
            [typeof(ITrackerGrain)] = tracker.Grain,
            [typeof(IPresenceGrain)] = new NoPresence(),
        };
        var services = new ServiceCollection()
            .AddSingleton(grains)
            .AddSingleton(Options.Create(new PortalOptions()))
            .BuildServiceProvider();
        var authentication = new FixedAuthentication(PeerClaims.Create(username, "session-1"));
        var session = new PeerSession(authentication, services, grains, NullLogger<PeerSession>.Instance);
        Assert.NotNull(await session.StartAsync());
        return session;
    }

    private sealed class FixedAuthentication(System.Security.Claims.ClaimsPrincipal user) : AuthenticationStateProvider
    {
        public override Task<AuthenticationState> GetAuthenticationStateAsync() => Task.FromResult(new AuthenticationState(user));
    }

    /// <summary>A tracker whose snapshot loads wait until the test lets each one finish, so the test decides what overlaps.</summary>
    private sealed class GatedTracker
    {
        private readonly SemaphoreSlim _released = new(0);
        private readonly SemaphoreSlim _started = new(0);
        private int _loads;

        public GatedTracker()
        {
            Grain = DispatchProxy.Create<ITrackerGrain, TrackerProxy>();
            ((TrackerProxy)(object)Grain).Target = this;
        }

        public ITrackerGrain Grain { get; }

        public long Version { get; set; } = 1;

        public int Loads => Volatile.Read(ref _loads);

        /// <summary>From now on every load waits to be released.</summary>
        public bool Gated { get; set; }

        /// <summary>Waits until load number <paramref name="count"/> has begun.</summary>
        public async Task LoadStarted(int count)
        {
            while (Loads < count)
            {
                Assert.True(await _started.WaitAsync(TimeSpan.FromSeconds(30)), $"load {count} began");
            }
        }

        public void ReleaseOne() => _released.Release();

        public async Task<TrackerSnapshot> GetSnapshotAsync()
        {
            Interlocked.Increment(ref _loads);
            var version = Version;
            if (Gated)
            {
                _started.Release();
                Assert.True(await _released.WaitAsync(TimeSpan.FromSeconds(30)), "the test released the load");
            }

            return new TrackerSnapshot(version, DateTimeOffset.UnixEpoch, [], "test");
        }

        public Task<ImmutableArray<PeerSummary>> ListPeersAsync() => Task.FromResult(ImmutableArray<PeerSummary>.Empty);
    }

    /// <summary>The peer list the session loads beside the table: empty here.</summary>
    private sealed class NoPresence : IPresenceGrain
    {
        public Task<ImmutableArray<OrleansP2P.Hosts.PeerPresence>> ListPeersAsync() => Task.FromResult(ImmutableArray<OrleansP2P.Hosts.PeerPresence>.Empty);
    }

    public class TrackerProxy : DispatchProxy
    {
        internal object Target { get; set; } = null!;

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
        {
            ArgumentNullException.ThrowIfNull(targetMethod);
            var implementation = Target.GetType().GetMethod(targetMethod.Name, [.. targetMethod.GetParameters().Select(p => p.ParameterType)])
                ?? throw new NotSupportedException($"The session called ITrackerGrain.{targetMethod.Name}, which this fake does not serve.");
            return implementation.Invoke(Target, args);
        }
    }

    /// <summary>Hands out the fakes by interface, whatever the key: one user, one tracker.</summary>
    public class GrainFactoryProxy : DispatchProxy
    {
        internal Dictionary<Type, object> Grains { get; set; } = [];

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
        {
            ArgumentNullException.ThrowIfNull(targetMethod);
            if (targetMethod.Name == nameof(IGrainFactory.GetGrain) && targetMethod.IsGenericMethod && Grains.TryGetValue(targetMethod.GetGenericArguments()[0], out var grain))
            {
                return grain;
            }

            throw new NotSupportedException($"The session called IGrainFactory.{targetMethod.Name}, which this fake does not serve.");
        }
    }
}
