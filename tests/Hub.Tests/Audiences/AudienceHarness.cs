using Azure.Data.Tables;
using Hub.Audiences;
using Hub.Customers;
using Hub.Segments;
using Hub.Shops;
using Hub.Storage;
using Hub.Tests.Audiences.Yandex;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Hub.Tests.Audiences;

/// <summary>
/// A shop on real Azurite with customers and segment members written as the engine writes them, the hub's services as
/// the app registers them, a Yandex Audience fake on loopback and a fake clock.
/// </summary>
sealed class AudienceHarness : IAsyncDisposable
{
    public const string Token = "y0_test-token";
    public readonly string ShopId = AzuriteFixture.NewShopId("aud");
    public readonly FakeTimeProvider Time = new(new DateTimeOffset(2026, 11, 25, 9, 0, 0, TimeSpan.Zero));
    public readonly YandexAudienceFake Yandex = new() { ExpectedToken = Token };
    readonly ServiceProvider services;
    readonly StorageClients clients;

    public AudienceHarness(AzuriteFixture azurite, bool withToken = true)
    {
        clients = azurite.Clients;
        var settings = Yandex.Settings(ShopId, withToken ? Token : "");
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        services = new ServiceCollection()
            .AddLogging(l => l.SetMinimumLevel(LogLevel.Warning))
            .AddHubCore(configuration, azurite.Clients)
            .AddSingleton<TimeProvider>(Time)
            .BuildServiceProvider();
    }

    public AudiencePublisher Publisher => services.GetRequiredService<AudiencePublisher>();
    public AudienceStore Store => services.GetRequiredService<AudienceStore>();
    public AudienceScheduler Scheduler => services.GetRequiredService<AudienceScheduler>();
    public T Get<T>() where T : notnull => services.GetRequiredService<T>();

    public async Task<AudienceHarness> WithShopAsync()
    {
        await services.GetRequiredService<ShopStore>().SaveAsync(new Shop { Id = ShopId, Platform = Platforms.Csv });
        return this;
    }

    public static Customer Person(string shopId, string id, bool adsConsent = true, string? email = null, string? phone = null) =>
        CustomerFolding.New(shopId, id, DateTimeOffset.UnixEpoch) with
        {
            Emails = [new ContactPoint(email ?? $"{id}@mail.ru", true)],
            Phones = phone is null ? [] : [new ContactPoint(phone, true)],
            Consents = adsConsent ? new Dictionary<Channel, Consent> { [Channel.Ads] = new(ConsentState.Granted, "csv", DateTimeOffset.UnixEpoch) } : new Dictionary<Channel, Consent>(),
        };

    /// <summary>Writes the customers and makes them the members of <paramref name="segmentId"/> (replacing nothing else).</summary>
    public async Task AddMembersAsync(string segmentId, IEnumerable<Customer> customers)
    {
        var store = new CustomerStore(clients);
        foreach (var c in customers)
        {
            await store.PutAsync(c);
            await clients.Tables.GetTableClient(TableNames.SegmentMembers).UpsertEntityAsync(SegmentMemberStore.Join(ShopId, new SegmentMember(segmentId, c.Id, Time.GetUtcNow(), 0m, null)).Entity);
        }
    }

    public Task RemoveMemberAsync(string segmentId, string customerId) => new SegmentMemberStore(clients).RemoveAsync(ShopId, segmentId, customerId);

    public Task<Audience> AddAudienceAsync(string id, string segmentId, string? exclude = null)
    {
        var audience = new Audience { Id = id, ShopId = ShopId, SegmentId = segmentId, ExcludeSegmentId = exclude, System = "yandex", CreatedAt = Time.GetUtcNow() };
        return Store.PutAsync(audience).ContinueWith(_ => audience);
    }

    public async Task<Audience> AudienceAsync(string id) => (await Store.GetAsync(ShopId, id))!.Value.Audience;

    public async ValueTask DisposeAsync()
    {
        await services.DisposeAsync();
        Yandex.Dispose();
    }
}
