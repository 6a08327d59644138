namespace OrleansP2P.WebPortal.Components.Live;

/// <summary>
/// Receives one download's progress reports from the peer grain. Reports are one-way and may arrive after the
/// download returned, so the callback must tolerate late calls; disposing frees the object reference.
/// </summary>
public sealed class TransferWatch : ITransferObserver, IDisposable
{
    private readonly IGrainFactory _grains;
    private readonly Func<string, long, long, Task> _onProgress;

    public TransferWatch(IGrainFactory grains, Func<string, long, long, Task> onProgress)
    {
        _grains = grains;
        _onProgress = onProgress;
        Reference = grains.CreateObjectReference<ITransferObserver>(this);
    }

    /// <summary>What goes into the <see cref="Protocol.DownloadRequest"/>.</summary>
    public ITransferObserver Reference { get; }

    public Task OnProgressAsync(string name, long received, long total) => _onProgress(name, received, total);

    public void Dispose() => _grains.DeleteObjectReference<ITransferObserver>(Reference);
}
