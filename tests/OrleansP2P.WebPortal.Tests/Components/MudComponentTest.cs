using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace OrleansP2P.WebPortal.Tests.Components;

/// <summary>
/// A bUnit context able to render MudBlazor 9 components: loose JS interop (MudBlazor calls JS freely),
/// and an asynchronous dispose, because MudBlazor's services are only <see cref="IAsyncDisposable"/>.
/// </summary>
public abstract class MudComponentTest : IAsyncLifetime
{
    protected MudComponentTest()
    {
        Context.JSInterop.Mode = JSRuntimeMode.Loose;
        Context.Services.AddMudServices();
    }

    protected BunitContext Context { get; } = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await Context.DisposeAsync();
}
