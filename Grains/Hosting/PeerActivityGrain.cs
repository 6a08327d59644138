using OrleansP2P.Hosts;
using OrleansP2P.Storage;

namespace OrleansP2P.Hosting;

[GenerateSerializer, Alias("OrleansP2P.PeerActivityState")]
public sealed class PeerActivityState
{
    [Id(0)] public ImmutableDictionary<string, PeerActivity> Peers { get; set; } = ImmutableDictionary<string, PeerActivity>.Empty;
}

/// <summary>
/// The network's last-seen and served records (see <see cref="IPeerActivityGrain"/>). Reentrant: reports of many
/// peers share a write (<see cref="SerialStateWriter{TState}"/>), and a list never waits behind one.
/// </summary>
[Orleans.Concurrency.Reentrant]
public sealed class PeerActivityGrain(
    [PersistentState("activity", StorageNames.Metadata)] IPersistentState<PeerActivityState> state) : Grain, IPeerActivityGrain
{
    private readonly SerialStateWriter<PeerActivityState> _writer = new(state);

    public Task RecordAsync(string username, PeerActivity change)
    {
        if (!Protocol.Usernames.IsValid(username) || change.FilesServed < 0 || change.BytesServed < 0)
        {
            throw new ArgumentException($"Not a peer's activity: {username} {change}.");
        }

        var peers = state.State.Peers;
        state.State.Peers = peers.SetItem(username, (peers.GetValueOrDefault(username) ?? PeerActivity.None).Add(change));
        return _writer.WriteAsync();
    }

    public Task<ImmutableDictionary<string, PeerActivity>> ListAsync() => Task.FromResult(state.State.Peers);
}
