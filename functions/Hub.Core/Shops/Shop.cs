using System.Text.RegularExpressions;

namespace Hub.Shops;

/// <summary>A connected shop. Secrets are never stored here: they are app settings (Key Vault references in Azure).</summary>
public sealed record Shop
{
    public required string Id { get; init; }
    public required string Platform { get; init; }
    public string? Name { get; init; }
    /// <summary>Default region for phone numbers written without a country code.</summary>
    public string Region { get; init; } = "RU";
    public string TimeZone { get; init; } = "Europe/Moscow";
    public string Currency { get; init; } = "RUB";
    /// <summary>
    /// Where the platform's API answers for this shop, for pulls: <c>https://{shop}.myshopify.com</c>,
    /// <c>https://{account}.retailcrm.ru</c>, the WooCommerce site, <c>https://{shop}.myinsales.ru</c>,
    /// <c>https://app.ecwid.com/api/v3/{storeId}</c>. Null for shops that only push (webhooks, CSV).
    /// </summary>
    public string? ApiUrl { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
}

/// <summary>
/// Defaults for shops that do not set their own, from the <c>Hub</c> configuration section
/// (<c>Hub__DefaultRegion</c>, <c>Hub__DefaultTimeZone</c>, <c>Hub__DefaultCurrency</c>).
/// </summary>
public sealed record ShopDefaults(string Region = "RU", string TimeZone = "Europe/Moscow", string Currency = "RUB")
{
    public static ShopDefaults From(Microsoft.Extensions.Configuration.IConfiguration configuration) => new(
        configuration["Hub:DefaultRegion"] is { Length: > 0 } region ? region.ToUpperInvariant() : "RU",
        configuration["Hub:DefaultTimeZone"] is { Length: > 0 } zone ? zone : "Europe/Moscow",
        configuration["Hub:DefaultCurrency"] is { Length: > 0 } currency ? currency.ToUpperInvariant() : "RUB");
}

public static partial class ShopIds
{
    [GeneratedRegex("^[a-z0-9][a-z0-9-]{1,62}$")]
    private static partial Regex Pattern();

    /// <summary>Shop ids appear in table keys and URLs: lower-case letters, digits and dashes, 2–63 characters.</summary>
    public static string? Problem(string id) => Pattern().IsMatch(id)
        ? null
        : $"shop id '{id}' must be 2–63 lower-case letters, digits or dashes, starting with a letter or digit";
}

/// <summary>The platforms the hub knows; names as they appear in URLs, settings and the CLI.</summary>
public static class Platforms
{
    public const string Shopify = "shopify";
    public const string WooCommerce = "woocommerce";
    public const string RetailCrm = "retailcrm";
    public const string InSales = "insales";
    public const string Ecwid = "ecwid";
    public const string Csv = "csv";

    public static readonly IReadOnlyList<string> All = [Shopify, WooCommerce, RetailCrm, InSales, Ecwid, Csv];
}
