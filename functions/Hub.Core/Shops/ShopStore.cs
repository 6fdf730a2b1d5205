using Azure;
using Azure.Data.Tables;
using Hub.Storage;
using Microsoft.Extensions.Configuration;

namespace Hub.Shops;

/// <summary>Shops table: PartitionKey <c>shop</c>, RowKey shop id.</summary>
public sealed class ShopStore(StorageClients clients, TimeProvider time, ShopDefaults defaults)
{
    const string Partition = "shop";
    /// <summary>Every webhook and event reads its shop: a short cache spares those reads; a change reaches other instances within this time.</summary>
    public static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(60);
    readonly TableClient table = clients.Tables.GetTableClient(TableNames.Shops);
    readonly System.Collections.Concurrent.ConcurrentDictionary<string, (Shop Shop, DateTimeOffset Until)> cache = new();

    public async Task<Shop?> GetAsync(string shopId, CancellationToken cancellationToken = default)
    {
        if (ShopIds.Problem(shopId) is not null)
        {
            return null;
        }
        if (cache.TryGetValue(shopId, out var cached) && cached.Until > time.GetUtcNow())
        {
            return cached.Shop;
        }
        var found = await table.GetEntityIfExistsAsync<TableEntity>(Partition, shopId, cancellationToken: cancellationToken);
        if (!found.HasValue)
        {
            return null;
        }
        var shop = FromEntity(found.Value!);
        cache[shopId] = (shop, time.GetUtcNow() + CacheFor);
        return shop;
    }

    public async Task<Shop> RequireAsync(string shopId, CancellationToken cancellationToken = default)
        => await GetAsync(shopId, cancellationToken) ?? throw new UnknownShopException(shopId);

    /// <summary>Adds or updates a shop (an admin re-running <c>hub shops add</c> changes its settings).</summary>
    public async Task<Shop> SaveAsync(Shop shop, CancellationToken cancellationToken = default)
    {
        if (ShopIds.Problem(shop.Id) is { } problem)
        {
            throw new ArgumentException(problem);
        }
        if (!Platforms.All.Contains(shop.Platform))
        {
            throw new ArgumentException($"platform '{shop.Platform}' is not one of: {string.Join(", ", Platforms.All)}");
        }
        if (TimeZoneInfo.TryFindSystemTimeZoneById(shop.TimeZone, out _) is false)
        {
            throw new ArgumentException($"time zone '{shop.TimeZone}' is not a known IANA time zone (e.g. Europe/Moscow)");
        }
        if (shop.ApiUrl is { } url && (!Uri.TryCreate(url, UriKind.Absolute, out var parsed) || parsed.Scheme is not ("https" or "http")))
        {
            throw new ArgumentException($"API URL '{url}' is not an absolute http(s) address (e.g. https://myshop.retailcrm.ru)");
        }
        var existing = await GetAsync(shop.Id, cancellationToken);
        var saved = shop with { CreatedAt = existing?.CreatedAt ?? time.GetUtcNow() };
        await table.UpsertEntityAsync(ToEntity(saved), TableUpdateMode.Replace, cancellationToken);
        cache[saved.Id] = (saved, time.GetUtcNow() + CacheFor);
        return saved;
    }

    public async IAsyncEnumerable<Shop> ListAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var entity in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {Partition}"), cancellationToken: cancellationToken))
        {
            yield return FromEntity(entity);
        }
    }

    static TableEntity ToEntity(Shop shop) => new(Partition, shop.Id)
    {
        ["Platform"] = shop.Platform,
        ["Name"] = shop.Name,
        ["Region"] = shop.Region,
        ["TimeZone"] = shop.TimeZone,
        ["Currency"] = shop.Currency,
        ["ApiUrl"] = shop.ApiUrl,
        ["CreatedAt"] = shop.CreatedAt,
    };

    Shop FromEntity(TableEntity e) => new()
    {
        Id = e.RowKey,
        Platform = e.GetString("Platform"),
        Name = e.GetString("Name"),
        Region = e.GetString("Region") ?? defaults.Region,
        TimeZone = e.GetString("TimeZone") ?? defaults.TimeZone,
        Currency = e.GetString("Currency") ?? defaults.Currency,
        ApiUrl = e.GetString("ApiUrl"),
        CreatedAt = e.GetDateTimeOffset("CreatedAt") ?? default,
    };
}

public sealed class UnknownShopException(string shopId) : Exception($"Unknown shop '{shopId}': add it with `hub shops add --id {shopId} ...`.")
{
    public string ShopId { get; } = shopId;
}

/// <summary>
/// A shop's secrets, read from configuration: <c>Shops__{id}__WebhookSecret</c> and, during a rotation,
/// <c>Shops__{id}__WebhookSecretPrevious</c>. In Azure these app settings are Key Vault references.
/// </summary>
public sealed class ShopSecrets(IConfiguration configuration)
{
    public static string WebhookSecretKey(string shopId) => $"Shops:{shopId}:WebhookSecret";
    public static string PreviousWebhookSecretKey(string shopId) => $"Shops:{shopId}:WebhookSecretPrevious";
    public static string YandexAudienceTokenKey(string shopId) => $"Shops:{shopId}:YandexAudienceToken";
    public static string VkAdsClientIdKey(string shopId) => $"Shops:{shopId}:VkAdsClientId";
    public static string VkAdsClientSecretKey(string shopId) => $"Shops:{shopId}:VkAdsClientSecret";
    /// <summary>The secret half of a platform's API credentials: Shopify's Admin API access token, RetailCRM's API key, WooCommerce's consumer secret, InSales' password, Ecwid's secret token.</summary>
    public static string ApiTokenKey(string shopId) => $"Shops:{shopId}:ApiToken";
    /// <summary>The public half, where the platform has one: WooCommerce's consumer key, InSales' app identifier.</summary>
    public static string ApiLoginKey(string shopId) => $"Shops:{shopId}:ApiLogin";

    /// <summary>The shop's API token; a missing one is a clear error naming the setting.</summary>
    public string ApiToken(string shopId, string platform) => configuration[ApiTokenKey(shopId)] is { Length: > 0 } token
        ? token
        : throw new Sync.PlatformApiException(platform, null, $"shop '{shopId}' has no API token: set Shops__{shopId}__ApiToken", transient: false);

    /// <summary>The shop's API login; a missing one is a clear error naming the setting.</summary>
    public string ApiLogin(string shopId, string platform) => configuration[ApiLoginKey(shopId)] is { Length: > 0 } login
        ? login
        : throw new Sync.PlatformApiException(platform, null, $"shop '{shopId}' has no API login: set Shops__{shopId}__ApiLogin", transient: false);

    /// <summary>Every secret a delivery may be signed with right now (current first).</summary>
    public IReadOnlyList<string> WebhookSecrets(string shopId) =>
        new[] { configuration[WebhookSecretKey(shopId)], configuration[PreviousWebhookSecretKey(shopId)] }
            .Where(s => !string.IsNullOrEmpty(s))
            .Select(s => s!)
            .ToArray();
}
