namespace OrleansP2P.Bench.Scenarios;

/// <summary>The most trivial grain method there is: the engine's own ceiling, against which every other figure is read.</summary>
[Alias("OrleansP2P.Bench.IPingGrain")]
public interface IPingGrain : IGrainWithIntegerKey
{
    [Alias("Ping")]
    Task<int> PingAsync(int value);
}

public sealed class PingGrain : Grain, IPingGrain
{
    public Task<int> PingAsync(int value) => Task.FromResult(value + 1);
}
