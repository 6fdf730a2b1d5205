using Hub.Shops;
using Hub.Shops.Sync;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Hub.Tests.Shops.RetailCrm;

/// <summary>
/// The RetailCRM pull as production builds it — <c>AddHubCore</c> with the shop's API key and webhook secret in
/// configuration, the source taken from <see cref="PullSources"/> — against a <see cref="RetailCrmFake"/>, on a
/// <see cref="FakeTimeProvider"/>.
/// </summary>
sealed class RetailCrmHost : IDisposable
{
    public const string Key = "rcrm-key-0123456789abcdef";
    public const string WebhookSecret = "rcrm-trigger-token-1";
    public static readonly DateTimeOffset Now = new(2026, 11, 20, 10, 0, 0, TimeSpan.Zero);

    public RetailCrmHost(AzuriteFixture azurite, string? key = Key, string zone = "Europe/Moscow")
    {
        ShopId = AzuriteFixture.NewShopId("rc");
        Fake = new RetailCrmFake(Key, zone);
        var settings = new Dictionary<string, string?> { [ShopSecrets.WebhookSecretKey(ShopId)] = WebhookSecret };
        if (key is not null)
        {
            settings[ShopSecrets.ApiTokenKey(ShopId)] = key;
        }
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection().AddLogging().AddHubCore(configuration, azurite.Clients);
        services.AddSingleton<TimeProvider>(Time);
        Services = services.BuildServiceProvider();
        Source = Services.GetRequiredService<PullSources>().Require(Platforms.RetailCrm);
        Shop = new Shop { Id = ShopId, Platform = Platforms.RetailCrm, ApiUrl = Fake.Url, TimeZone = zone };
    }

    public string ShopId { get; }
    public RetailCrmFake Fake { get; }
    public FakeTimeProvider Time { get; } = new(Now);
    public ServiceProvider Services { get; }
    public IPullSource Source { get; }
    public Shop Shop { get; }

    public Task<PullPage> PullAsync(SyncResource resource, string? cursor) => Source.PullAsync(Shop, resource, cursor);

    /// <summary>Pages from <paramref name="cursor"/> until <see cref="PullPage.HasMore"/> is false (at most <paramref name="limit"/>).</summary>
    public async Task<List<PullPage>> PullToEndAsync(SyncResource resource, string? cursor, int limit = 20)
    {
        var pages = new List<PullPage>();
        do
        {
            var page = await PullAsync(resource, cursor);
            pages.Add(page);
            cursor = page.Cursor;
            if (!page.HasMore)
            {
                return pages;
            }
        }
        while (pages.Count < limit);
        throw new InvalidOperationException($"the pull did not end within {limit} pages");
    }

    public void Dispose()
    {
        Services.Dispose();
        Fake.Dispose();
    }
}
