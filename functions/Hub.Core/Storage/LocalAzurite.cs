using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Hub.Storage;

/// <summary>
/// Starts the Azurite emulator pinned in package.json (node_modules/.bin/azurite) on free loopback
/// ports, for the demo, the tests and the benchmarks. Always with <c>--skipApiVersionCheck</c> (the
/// Queues SDK is newer than Azurite's API baseline); in memory unless a folder is given.
/// </summary>
public sealed class LocalAzurite : IAsyncDisposable
{
    const string Account = StorageClients.DevelopmentAccount;
    readonly Process process;

    public string ConnectionString { get; }

    LocalAzurite(Process process, int blob, int queue, int table)
    {
        this.process = process;
        ConnectionString =
            $"DefaultEndpointsProtocol=http;AccountName={Account};AccountKey={StorageClients.DevelopmentKey};" +
            $"BlobEndpoint=http://127.0.0.1:{blob}/{Account};QueueEndpoint=http://127.0.0.1:{queue}/{Account};" +
            $"TableEndpoint=http://127.0.0.1:{table}/{Account};";
    }

    public static async Task<LocalAzurite> StartAsync(string? dataFolder = null, CancellationToken cancellationToken = default)
    {
        var executable = FindExecutable() ?? throw new InvalidOperationException(
            "Azurite is not installed: run `npm ci` (or `npm install`) in the repository root; package.json pins azurite@3.35.0.");
        var (blob, queue, table) = (FreePort(), FreePort(), FreePort());
        var args = new List<string>
        {
            "--silent", "--skipApiVersionCheck", "--loose", "--disableProductStyleUrl",
            "--blobHost", "127.0.0.1", "--blobPort", blob.ToString(),
            "--queueHost", "127.0.0.1", "--queuePort", queue.ToString(),
            "--tableHost", "127.0.0.1", "--tablePort", table.ToString(),
        };
        if (dataFolder is null)
        {
            args.Add("--inMemoryPersistence");
        }
        else
        {
            Directory.CreateDirectory(dataFolder);
            args.AddRange(["--location", dataFolder]);
        }
        var start = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        args.ForEach(start.ArgumentList.Add);
        var process = Process.Start(start) ?? throw new InvalidOperationException("Azurite did not start.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var deadline = DateTime.UtcNow.AddSeconds(60);
        foreach (var port in new[] { blob, queue, table })
        {
            while (!await AcceptsAsync(port, cancellationToken))
            {
                if (process.HasExited || DateTime.UtcNow > deadline)
                {
                    throw new InvalidOperationException($"Azurite did not open port {port} within 60 s (exit code {(process.HasExited ? process.ExitCode : "none")}).");
                }
                await Task.Delay(100, cancellationToken);
            }
        }
        return new LocalAzurite(process, blob, queue, table);
    }

    static async Task<bool> AcceptsAsync(int port, CancellationToken cancellationToken)
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, port, cancellationToken);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>node_modules/.bin/azurite in this folder or any parent (the repository root).</summary>
    static string? FindExecutable()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "node_modules", ".bin", "azurite");
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }
        return null;
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
        process.Dispose();
    }
}
