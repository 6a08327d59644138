using OrleansP2P.WebPortal.Tests.Hosting;

namespace OrleansP2P.WebPortal.Tests.Browser;

/// <summary>One seeded portal shared by the tests of a class whose stories do not disturb each other.</summary>
public sealed class PortalFixture : IAsyncLifetime
{
    public PortalFactory Portal { get; private set; } = null!;

    public async Task InitializeAsync() => Portal = await new PortalFactory().StartAsync();

    public async Task DisposeAsync() => await Portal.DisposeAsync();
}
