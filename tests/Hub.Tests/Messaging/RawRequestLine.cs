using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Hub.Tests.Messaging;

/// <summary>
/// A loopback listener that reads the first request's request line exactly as it came over the wire (WireMock shows
/// paths already decoded), then drops the connection.
/// </summary>
sealed class RawRequestLine : IDisposable
{
    readonly TcpListener listener = new(IPAddress.Loopback, 0);

    public RawRequestLine()
    {
        listener.Start();
        Line = ReadAsync();
    }

    public string Url => $"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}";

    /// <summary>For example <c>POST /bot1:A/sendMessage HTTP/1.1</c>.</summary>
    public Task<string> Line { get; }

    async Task<string> ReadAsync()
    {
        using var client = await listener.AcceptTcpClientAsync();
        var buffer = new byte[8192];
        var read = await client.GetStream().ReadAsync(buffer);
        return Encoding.ASCII.GetString(buffer, 0, read).Split("\r\n")[0];
    }

    public void Dispose() => listener.Stop();
}
