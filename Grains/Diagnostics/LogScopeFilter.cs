using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using OrleansP2P.Files;
using OrleansP2P.Peers;
using OrleansP2P.Tracker;

namespace OrleansP2P.Diagnostics;

/// <summary>
/// Every grain call runs in a log scope naming what it is about: <c>Network</c>, and <c>Peer</c> for a peer
/// grain or <c>FileKey</c> for a file grain, plus <c>Host</c> (<c>P2P:Host</c>, else the silo's name). A JSON
/// console log (<c>P2P:LogFormat=Json</c>) carries them as fields, so an operator filters by peer or file.
/// Values are escaped: a peer name is user input.
/// </summary>
internal sealed class LogScopeFilter(ILoggerFactory loggers, IConfiguration configuration, ILocalSiloDetails silo) : IIncomingGrainCallFilter
{
    private readonly ILogger _logger = loggers.CreateLogger("OrleansP2P.Scope");
    private readonly string _host = LogText.Escape(configuration["P2P:Host"] is { Length: > 0 } host ? host : silo.Name);

    public async Task Invoke(IIncomingGrainCallContext context)
    {
        var scope = ScopeOf(context.TargetContext.GrainInstance, context.TargetId);
        if (scope is null)
        {
            await context.Invoke();
            return;
        }

        using (_logger.BeginScope(scope))
        {
            await context.Invoke();
        }
    }

    private LogScope? ScopeOf(object? grain, GrainId id)
    {
        switch (grain)
        {
            case PeerGrain or FileGrain:
                var (network, local) = GrainKeys.Split(id.Key.ToString()!);
                return new LogScope(
                    new("Host", _host),
                    new("Network", LogText.Escape(network)),
                    new(grain is PeerGrain ? "Peer" : "FileKey", LogText.Escape(local)));
            case TrackerGrain:
                return new LogScope(new("Host", _host), new("Network", LogText.Escape(id.Key.ToString())));
            default:
                return null;
        }
    }
}
