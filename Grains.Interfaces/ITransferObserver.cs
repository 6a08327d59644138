using Orleans.Concurrency;
namespace OrleansP2P;

/// <summary>Whoever waits for a long download: told how many bytes have arrived so far.</summary>
[Alias("OrleansP2P.ITransferObserver")]
public interface ITransferObserver : IGrainObserver
{
    [Alias("OnProgress"), OneWay]
    Task OnProgressAsync(string name, long received, long total);
}
