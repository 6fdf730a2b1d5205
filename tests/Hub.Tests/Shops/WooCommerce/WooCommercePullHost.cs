using Hub.Customers;
using Hub.Shops;
using Hub.Shops.Sync;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Hub.Tests.Shops.WooCommerce;

/// <summary>
/// The WooCommerce pull as production builds it (<c>AddHubCore</c>, <see cref="PullSources"/>), for one shop whose
/// ApiUrl is the fake and whose consumer key and secret are in settings (leave one null to see it missing).
/// </summary>
sealed class WooCommercePullHost : IDisposable
{
    readonly ServiceProvider services;

    public WooCommercePullHost(AzuriteFixture azurite, WooCommerceFake fake, string? consumerKey = WooCommerceFake.ConsumerKey,
        string? consumerSecret = WooCommerceFake.ConsumerSecret, string? apiUrl = "")
    {
        ShopId = AzuriteFixture.NewShopId("wc");
        var settings = new Dictionary<string, string?>();
        if (consumerKey is not null)
        {
            settings[ShopSecrets.ApiLoginKey(ShopId)] = consumerKey;
        }
        if (consumerSecret is not null)
        {
            settings[ShopSecrets.ApiTokenKey(ShopId)] = consumerSecret;
        }
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        services = new ServiceCollection().AddLogging().AddHubCore(configuration, azurite.Clients).BuildServiceProvider();
        Source = services.GetRequiredService<PullSources>().Require(Platforms.WooCommerce);
        Shop = new Shop { Id = ShopId, Platform = Platforms.WooCommerce, ApiUrl = apiUrl == "" ? fake.Url : apiUrl };
    }

    public string ShopId { get; }
    public Shop Shop { get; }
    public IPullSource Source { get; }
    public CustomerIngestion Ingestion => services.GetRequiredService<CustomerIngestion>();

    public Task<PullPage> PullAsync(SyncResource resource, string? cursor = null) => Source.PullAsync(Shop, resource, cursor);

    /// <summary>Pages from <paramref name="cursor"/> until one says there is no more (at most 50, so a loop fails the test).</summary>
    public async Task<List<PullPage>> PullToEndAsync(SyncResource resource, string? cursor = null)
    {
        var pages = new List<PullPage>();
        do
        {
            var page = await PullAsync(resource, cursor);
            pages.Add(page);
            cursor = page.Cursor;
        }
        while (pages[^1].HasMore && pages.Count < 50);
        Assert.False(pages[^1].HasMore, "the pull did not end within 50 pages");
        return pages;
    }

    public void Dispose() => services.Dispose();

    public static List<OrderRecord> Orders(IEnumerable<PullPage> pages) =>
        [.. pages.SelectMany(p => p.Changes).Select(c => Assert.IsType<ShopChange.UpsertOrder>(c).Order)];

    public static List<CustomerRecord> Customers(IEnumerable<PullPage> pages) =>
        [.. pages.SelectMany(p => p.Changes).Select(c => Assert.IsType<ShopChange.UpsertCustomer>(c).Customer)];

    public static List<long> OrderIds(IEnumerable<PullPage> pages) => [.. Orders(pages).Select(o => long.Parse(o.ExternalId))];

    public static List<long> CustomerIds(IEnumerable<PullPage> pages) => [.. Customers(pages).Select(c => long.Parse(c.ExternalId!))];
}
