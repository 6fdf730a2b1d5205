using Hub.Segments;
using Hub.Shops;
using Hub.Storage;
using Microsoft.Extensions.Logging.Abstractions;

namespace Hub.Benchmarks;

/// <summary>A fresh in-memory Azurite with the segment services over it, as the Functions app wires them.</summary>
sealed class SegmentBench : IAsyncDisposable
{
    LocalAzurite azurite = null!;

    public StorageClients Clients { get; private set; } = null!;
    public TableBatchWriter Writer { get; private set; } = null!;
    public ShopStore Shops { get; private set; } = null!;
    public QueueProducer Queue { get; private set; } = null!;
    public SegmentEngine Engine { get; private set; } = null!;

    public static async Task<SegmentBench> StartAsync()
    {
        var bench = new SegmentBench { azurite = await LocalAzurite.StartAsync() };
        var clients = bench.Clients = StorageClients.FromConnectionString(bench.azurite.ConnectionString);
        await clients.EnsureCreatedAsync();
        var time = TimeProvider.System;
        bench.Writer = new TableBatchWriter(clients);
        bench.Shops = new ShopStore(clients, time, new ShopDefaults());
        bench.Queue = new QueueProducer(clients);
        bench.Engine = new SegmentEngine(clients, bench.Shops, new SegmentDefinitionStore(clients, time), new SegmentStatsStore(clients, bench.Writer, time),
            bench.Queue, new TableLease(clients, time), time, NullLogger<SegmentEngine>.Instance);
        return bench;
    }

    /// <summary>Writes a synthetic shop and registers it.</summary>
    public async Task AddAsync(SyntheticShop shop)
    {
        await Shops.SaveAsync(new Shop { Id = shop.ShopId, Platform = Platforms.Csv });
        await shop.WriteAsync(Writer);
    }

    public ValueTask DisposeAsync() => azurite.DisposeAsync();
}
