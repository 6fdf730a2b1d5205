using System.Collections.Frozen;
using Hub.Shops.Ecwid;
using Hub.Shops.InSales;
using Hub.Shops.RetailCrm;
using Hub.Shops.Shopify;
using Hub.Shops.WooCommerce;

namespace Hub.Webhooks;

/// <summary>The platforms that push webhooks, by the name in <c>/api/webhooks/{platform}/{shopId}</c> (case-insensitive).</summary>
internal static class WebhookSources
{
    public static IReadOnlyDictionary<string, IWebhookSource> All { get; } =
        new IWebhookSource[] { new ShopifyWebhooks(), new WooCommerceWebhooks(), new RetailCrmWebhooks(), new InSalesWebhooks(), new EcwidWebhooks() }
            .ToFrozenDictionary(source => source.Platform, StringComparer.OrdinalIgnoreCase);

    /// <summary>The platform's webhook source, or null when the platform sends no webhooks we know.</summary>
    public static IWebhookSource? Find(string platform) => All.GetValueOrDefault(platform);
}
