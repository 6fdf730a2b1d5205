using Hub.Storage;

[assembly: AssemblyFixture(typeof(Hub.Tests.AzuriteFixture))]

namespace Hub.Tests;

/// <summary>
/// One real Azurite for the whole test run, started by the tests themselves on free ports
/// (or the storage named by HUB_TEST_STORAGE). Tests isolate by using their own shop ids; harnesses that read queues
/// use queues of their own (<see cref="OwnQueues"/>).
/// </summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    LocalAzurite? azurite;

    public StorageClients Clients { get; private set; } = null!;
    public string ConnectionString { get; private set; } = "";

    public async ValueTask InitializeAsync()
    {
        var configured = Environment.GetEnvironmentVariable("HUB_TEST_STORAGE");
        if (string.IsNullOrWhiteSpace(configured))
        {
            azurite = await LocalAzurite.StartAsync();
            configured = azurite.ConnectionString;
        }
        ConnectionString = configured;
        Clients = StorageClients.FromConnectionString(configured);
        await Clients.EnsureCreatedAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (azurite is not null)
        {
            await azurite.DisposeAsync();
        }
    }

    static int counter;

    /// <summary>A shop id no other test uses.</summary>
    public static string NewShopId(string prefix = "t") => $"{prefix}-{Environment.ProcessId % 1000}-{Interlocked.Increment(ref counter)}-{Guid.NewGuid().ToString("N")[..6]}";
}
