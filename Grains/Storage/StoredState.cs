using Orleans.Storage;

namespace OrleansP2P.Storage;

/// <summary>
/// One named state of a grain, read and written through its storage provider directly: for a grain whose data is
/// split into several small states (see <see cref="Peers.PeerTable"/>), so a change writes only the part it touched.
/// </summary>
internal sealed class StoredState<TState>(IGrainStorage storage, string stateName, GrainId grain) : IPersistentState<TState>
    where TState : new()
{
    private readonly GrainState<TState> _state = new(new TState());

    public TState State
    {
        get => _state.State ??= new TState();
        set => _state.State = value;
    }

    public string? Etag => _state.ETag;

    public bool RecordExists => _state.RecordExists;

    public async Task ReadStateAsync()
    {
        await storage.ReadStateAsync(stateName, grain, _state);
        _state.State ??= new TState();
    }

    public Task WriteStateAsync() => storage.WriteStateAsync(stateName, grain, _state);

    public Task ClearStateAsync() => storage.ClearStateAsync(stateName, grain, _state);
}
