using Hub.Shops;
using Hub.Shops.Sync;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Hub.Tests.Shops.Shopify;

/// <summary>
/// Shopify's pull source as production builds it (<c>AddHubCore</c>, <see cref="PullSources.Require"/>), against a
/// <see cref="ShopifyAdminFake"/>, on a <see cref="FakeTimeProvider"/>, for one shop whose token is the fake's.
/// </summary>
sealed class ShopifyPullHost : IDisposable
{
    readonly ServiceProvider services;

    public ShopifyPullHost(AzuriteFixture azurite, string? token = ShopifyAdminFake.Token, string? apiUrl = "")
    {
        ShopId = AzuriteFixture.NewShopId("shopify");
        var settings = new Dictionary<string, string?>();
        if (token is not null)
        {
            settings[$"Shops:{ShopId}:ApiToken"] = token;
        }
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        services = new ServiceCollection()
            .AddLogging()
            .AddHubCore(configuration, azurite.Clients)
            .AddSingleton<TimeProvider>(Time)
            .BuildServiceProvider();
        Source = services.GetRequiredService<PullSources>().Require(Platforms.Shopify);
        Shop = new Shop { Id = ShopId, Platform = Platforms.Shopify, ApiUrl = apiUrl == "" ? Fake.Url : apiUrl };
    }

    public ShopifyAdminFake Fake { get; } = new();
    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2025, 3, 20, 12, 0, 0, TimeSpan.Zero));
    public string ShopId { get; }
    public Shop Shop { get; }
    public IPullSource Source { get; }
    public IServiceProvider Services => services;

    public Task<PullPage> PullAsync(SyncResource resource, string? cursor = null) => Source.PullAsync(Shop, resource, cursor);

    /// <summary>Every page from <paramref name="cursor"/> until <see cref="PullPage.HasMore"/> is false.</summary>
    public async Task<List<PullPage>> RunAsync(SyncResource resource, string? cursor = null)
    {
        var pages = new List<PullPage>();
        do
        {
            var page = await PullAsync(resource, cursor);
            pages.Add(page);
            cursor = page.Cursor;
            if (pages.Count > 100)
            {
                throw new InvalidOperationException("The pull never ends.");
            }
        }
        while (pages[^1].HasMore);
        return pages;
    }

    public void Dispose()
    {
        services.Dispose();
        Fake.Dispose();
    }
}
