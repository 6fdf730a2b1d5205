using System.Globalization;
using System.Text.Json;
using Azure.Storage.Queues.Models;
using Hub.Customers;
using Hub.Shops;
using Hub.Shops.Sync;
using Hub.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Hub.Tests.Shops.Sync;

/// <summary>
/// A platform held in memory, for the engine's own rules (cursor, resume, stale pages, waits). Each platform's real
/// HTTP client is tested against its WireMock peer in its own folder. Items are customers ordered by their update
/// time; the cursor is the offset of the next one, so a finished run's cursor makes the next run read only newer items.
/// </summary>
sealed class ScriptedPlatform : IPullSource
{
    public const string Name = "scripted";
    public readonly List<CustomerRecord> Customers = [];
    public int PageSize { get; set; } = 10;
    public readonly List<string?> Cursors = [];
    /// <summary>Throws instead of answering the next call (then answers normally).</summary>
    public Exception? FailNext { get; set; }

    public string Platform => Name;
    public IReadOnlyDictionary<SyncResource, TimeSpan> Resources { get; } = new Dictionary<SyncResource, TimeSpan> { [SyncResource.Customers] = TimeSpan.FromMinutes(15) };

    public Task<PullPage> PullAsync(Shop shop, SyncResource resource, string? cursor, CancellationToken cancellationToken = default)
    {
        Cursors.Add(cursor);
        if (FailNext is { } failure)
        {
            FailNext = null;
            throw failure;
        }
        var offset = cursor is null ? 0 : int.Parse(cursor, CultureInfo.InvariantCulture);
        var page = Customers.Skip(offset).Take(PageSize).Select(c => (ShopChange)new ShopChange.UpsertCustomer(c)).ToList();
        var next = offset + page.Count;
        return Task.FromResult(new PullPage(page, next.ToString(CultureInfo.InvariantCulture), next < Customers.Count) { Total = Customers.Count });
    }

    public Task<IReadOnlyList<ShopChange>> FetchAsync(Shop shop, SyncResource resource, string id, CancellationToken cancellationToken = default)
        => Task.FromResult<IReadOnlyList<ShopChange>>(Customers.Where(c => c.ExternalId == id).Select(c => (ShopChange)new ShopChange.UpsertCustomer(c)).ToList());

    public void Add(int count, DateTimeOffset updatedAt)
    {
        var start = Customers.Count;
        for (var i = start; i < start + count; i++)
        {
            Customers.Add(new CustomerRecord
            {
                Source = Name,
                ExternalId = $"u{i}",
                FirstName = $"Name{i}",
                Emails = [$"person{i}@example.ru"],
                UpdatedAt = updatedAt.AddSeconds(i),
            });
        }
    }
}

/// <summary>The hub's services on Azurite with a <see cref="ScriptedPlatform"/> registered and a fake clock.</summary>
sealed class SyncHarness : IAsyncDisposable
{
    public readonly string ShopId = AzuriteFixture.NewShopId("sync");
    public readonly FakeTimeProvider Time = new(new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero));
    public readonly ScriptedPlatform Platform = new();
    readonly ServiceProvider services;
    readonly OwnQueues queues;
    readonly StorageClients clients;

    public SyncHarness(AzuriteFixture azurite)
    {
        queues = new OwnQueues(azurite);
        clients = queues.Clients;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>()).Build();
        var collection = new ServiceCollection()
            .AddLogging(l => l.SetMinimumLevel(LogLevel.Warning))
            .AddHubCore(configuration, clients)
            .AddSingleton<TimeProvider>(Time)
            .AddSingleton<IPullSource>(Platform);
        services = collection.BuildServiceProvider();
    }

    public T Get<T>() where T : notnull => services.GetRequiredService<T>();
    public SyncEngine Engine => Get<SyncEngine>();

    /// <summary>A shop on the scripted platform (saved directly: ShopStore accepts only platforms it knows).</summary>
    public async Task<Shop> AddShopAsync(string? apiUrl = "https://scripted.example")
    {
        var entity = new Azure.Data.Tables.TableEntity("shop", ShopId)
        {
            ["Platform"] = ScriptedPlatform.Name,
            ["Region"] = "RU",
            ["TimeZone"] = "Europe/Moscow",
            ["Currency"] = "RUB",
            ["ApiUrl"] = apiUrl,
        };
        await clients.Tables.GetTableClient(TableNames.Shops).UpsertEntityAsync(entity);
        return await Get<ShopStore>().RequireAsync(ShopId);
    }

    public Task<SyncState?> StateAsync() => Get<SyncStateStore>().GetAsync(ShopId, ScriptedPlatform.Name, SyncResource.Customers);

    public async Task<int> CustomerCountAsync()
    {
        var count = 0;
        await foreach (var customer in Get<CustomerStore>().ScanAsync(ShopId))
        {
            count += customer.MergedInto is null ? 1 : 0;
        }
        return count;
    }

    /// <summary>This shop's messages on a queue, visible now (taken off the queue).</summary>
    public Task<List<QueueMessage>> TakeAsync(string queue) =>
        queues.TakeAsync(queue, message => message.MessageText.Contains($"\"shopId\":\"{ShopId}\"", StringComparison.Ordinal));

    public static SyncPageJob JobOf(QueueMessage message) =>
        QueueEnvelope.Parse(message.MessageText).Body!.Value.Deserialize<SyncPageJob>(HubJson.Options)!;

    public ValueTask DisposeAsync() => services.DisposeAsync();
}
