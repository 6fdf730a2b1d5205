using System.Net;
using System.Net.Sockets;

namespace Hub.Tests.Messaging;

/// <summary>A loopback URL nobody listens on: connections are refused at once.</summary>
static class ClosedPort
{
    public static string Url()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return $"http://127.0.0.1:{port}";
    }
}
