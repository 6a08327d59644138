using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using OrleansP2P.WebPortal.Tests.Hosting;

namespace OrleansP2P.WebPortal.Tests.Security;

/// <summary>
/// Requests HttpClient will not send (broken chunked framing, a body cut short, a body at 1 byte/s) over a
/// plain socket, and the portal's answer read back as status line, headers and body.
/// </summary>
public sealed class RawHttp(PortalFactory portal) : IDisposable
{
    private readonly TcpClient _tcp = Connect(portal);

    private NetworkStream? _stream;

    private NetworkStream Stream => _stream ??= _tcp.GetStream();

    /// <summary>The session cookie of a fresh login, for a request header.</summary>
    public static async Task<string> SessionCookieOfAsync(PortalFactory portal, string user)
    {
        using var http = new HttpClient(new HttpClientHandler { UseCookies = false }) { BaseAddress = portal.BaseAddress };
        var reply = await http.PostAsJsonAsync("/api/login", new { username = user, password = $"password{user[^1]}" });
        reply.EnsureSuccessStatusCode();
        return reply.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]).Single(c => c.StartsWith("OrleansP2P=", StringComparison.Ordinal));
    }

    public Task SendAsync(string text) => Stream.WriteAsync(Encoding.ASCII.GetBytes(text)).AsTask();

    public Task SendHeadAsync(string method, string path, string? cookie, params string[] headers)
    {
        var head = new StringBuilder($"{method} {path} HTTP/1.1\r\nHost: {portal.BaseAddress.Authority}\r\n");
        if (cookie is not null)
        {
            head.Append("Cookie: ").Append(cookie).Append("\r\n");
        }

        foreach (var header in headers)
        {
            head.Append(header).Append("\r\n");
        }

        return SendAsync(head.Append("\r\n").ToString());
    }

    /// <summary>Ends the request body early: the client sends nothing more, but still reads the answer.</summary>
    public void StopSending()
    {
        _ = Stream;
        _tcp.Client.Shutdown(SocketShutdown.Send);
    }

    /// <summary>True once the portal has started answering.</summary>
    public bool HasAnswer => _tcp.Available > 0;

    /// <summary>Reads one response (a Content-Length or chunked body, or up to the connection's close).</summary>
    public async Task<(int Status, IReadOnlyDictionary<string, string> Headers, string Body)> ReadResponseAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var buffer = new MemoryStream();
        var chunk = new byte[8192];
        while (true)
        {
            var text = Encoding.UTF8.GetString(buffer.ToArray());
            var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
            if (end >= 0 && TryComplete(text, end) is { } response)
            {
                return response;
            }

            var read = await Stream.ReadAsync(chunk, timeout.Token);
            if (read == 0)
            {
                return end >= 0 ? Parse(text[..end], text[(end + 4)..]) : throw new IOException($"The connection closed without an answer: {text}");
            }

            buffer.Write(chunk, 0, read);
        }
    }

    private static (int, IReadOnlyDictionary<string, string>, string)? TryComplete(string text, int end)
    {
        var (status, headers, _) = Parse(text[..end], "");
        var body = text[(end + 4)..];
        if (headers.TryGetValue("content-length", out var length))
        {
            return body.Length >= int.Parse(length, System.Globalization.CultureInfo.InvariantCulture) ? (status, headers, body) : null;
        }

        if (headers.TryGetValue("transfer-encoding", out var encoding) && encoding.Contains("chunked", StringComparison.OrdinalIgnoreCase))
        {
            return body.EndsWith("0\r\n\r\n", StringComparison.Ordinal) ? (status, headers, Unchunk(body)) : null;
        }

        return null;
    }

    private static (int, IReadOnlyDictionary<string, string>, string) Parse(string head, string body)
    {
        var lines = head.Split("\r\n");
        var status = int.Parse(lines[0].Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
        var headers = lines.Skip(1).Select(l => l.Split(':', 2)).ToDictionary(p => p[0].Trim().ToLowerInvariant(), p => p[1].Trim());
        return (status, headers, body);
    }

    private static string Unchunk(string body)
    {
        var text = new StringBuilder();
        var at = 0;
        while (true)
        {
            var line = body.IndexOf("\r\n", at, StringComparison.Ordinal);
            var size = Convert.ToInt32(body[at..line], 16);
            if (size == 0)
            {
                return text.ToString();
            }

            text.Append(body, line + 2, size);
            at = line + 2 + size + 2;
        }
    }

    private static TcpClient Connect(PortalFactory portal)
    {
        var tcp = new TcpClient();
        tcp.Connect(IPAddress.Loopback, portal.BaseAddress.Port);
        return tcp;
    }

    public void Dispose() => _tcp.Dispose();
}
