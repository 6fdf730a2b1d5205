using Hub.Shops;
using Hub.Shops.Sync;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Hub.Tests.Shops.InSales;

/// <summary>The InSales pull source as production builds it (AddHubCore), pointed at an <see cref="InSalesFake"/>.</summary>
sealed class InSalesHost : IDisposable
{
    readonly ServiceProvider services;

    public InSalesHost(AzuriteFixture azurite, InSalesFake fake, string? login = InSalesFake.Login, string? password = InSalesFake.Password, string? apiUrl = null)
    {
        Shop = new Shop { Id = AzuriteFixture.NewShopId("ins"), Platform = Platforms.InSales, ApiUrl = apiUrl ?? fake.Url };
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [ShopSecrets.ApiLoginKey(Shop.Id)] = login,
            [ShopSecrets.ApiTokenKey(Shop.Id)] = password,
        }).Build();
        services = new ServiceCollection().AddLogging().AddHubCore(configuration, azurite.Clients).BuildServiceProvider();
        Source = services.GetRequiredService<PullSources>().Require(Platforms.InSales);
    }

    public Shop Shop { get; }

    public IPullSource Source { get; }

    /// <summary>Pages from <paramref name="cursor"/> until <see cref="PullPage.HasMore"/> ends (or <paramref name="maxPages"/>).</summary>
    public async Task<List<PullPage>> RunAsync(SyncResource resource, string? cursor = null, int maxPages = 50)
    {
        var pages = new List<PullPage>();
        do
        {
            var page = await Source.PullAsync(Shop, resource, cursor);
            pages.Add(page);
            cursor = page.Cursor;
            if (!page.HasMore)
            {
                return pages;
            }
        }
        while (pages.Count < maxPages);
        throw new InvalidOperationException($"the pull did not end within {maxPages} pages");
    }

    public void Dispose() => services.Dispose();
}
