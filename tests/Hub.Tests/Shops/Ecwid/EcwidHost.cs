using Hub.Shops;
using Hub.Shops.Sync;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Hub.Tests.Shops.Ecwid;

/// <summary>The Ecwid pull source as production builds it (AddHubCore), on a fake clock, pointed at an <see cref="EcwidFake"/>.</summary>
sealed class EcwidHost : IDisposable
{
    public static readonly DateTimeOffset Now = new(2026, 11, 20, 10, 0, 0, TimeSpan.Zero);

    readonly ServiceProvider services;

    public EcwidHost(AzuriteFixture azurite, EcwidFake fake, string? token = EcwidFake.Token, FakeTimeProvider? time = null)
    {
        Time = time ?? new FakeTimeProvider(Now);
        Shop = new Shop { Id = AzuriteFixture.NewShopId("ecw"), Platform = Platforms.Ecwid, ApiUrl = fake.ApiUrl };
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [ShopSecrets.ApiTokenKey(Shop.Id)] = token,
        }).Build();
        var collection = new ServiceCollection().AddLogging().AddHubCore(configuration, azurite.Clients);
        collection.AddSingleton<TimeProvider>(Time);
        services = collection.BuildServiceProvider();
        Source = services.GetRequiredService<PullSources>().Require(Platforms.Ecwid);
    }

    public FakeTimeProvider Time { get; }

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
