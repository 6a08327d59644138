using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;

namespace OrleansP2P.Operations;

/// <summary>
/// A Silo process's own small HTTP port for health checks and metrics: <c>P2P:HealthPort</c> (default
/// <see cref="DefaultPort"/>; every process on one machine needs its own) on <c>P2P:HealthAddress</c> (default
/// loopback; <c>0.0.0.0</c> for a scraper on another machine). It serves nothing else.
/// </summary>
public static class HealthPort
{
    public const int DefaultPort = 8090;

    public static WebApplicationBuilder UseP2PHealthPort(this WebApplicationBuilder builder)
    {
        var port = builder.Configuration.GetValue("P2P:HealthPort", DefaultPort);
        var address = builder.Configuration.GetValue("P2P:HealthAddress", "127.0.0.1")!;
        if (port is < 1 or > 65535)
        {
            throw new InvalidOperationException($"P2P:HealthPort must be 1..65535, not {port}.");
        }

        builder.WebHost.UseUrls(string.Create(CultureInfo.InvariantCulture, $"http://{address}:{port}"));
        return builder;
    }
}
