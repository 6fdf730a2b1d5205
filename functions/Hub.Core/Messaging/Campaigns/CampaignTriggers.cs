using System.Globalization;
using Hub.Segments;
using Hub.Shops;
using Microsoft.Extensions.Logging;

namespace Hub.Messaging.Campaigns;

/// <summary>
/// Campaigns that events start: customers who entered a segment (the <c>segment-changes</c> queue) start a run of
/// every active segment-entered campaign on that segment — one run per day of entry, so each entry is one occurrence
/// and a repeated event sends nothing twice — and an abandoned cart starts the shop's abandoned-cart campaign, one run
/// per cart, instead of the single default reminder. Entries from before a campaign existed do not start it.
/// </summary>
public sealed class CampaignTriggers(ShopStore shops, CampaignStore campaigns, CampaignRunner runner, ILogger<CampaignTriggers> log)
{
    public async Task<long> OnSegmentChangesAsync(SegmentChanges changes, CancellationToken cancellationToken = default)
    {
        if (changes.Change != "entered" || await shops.GetAsync(changes.ShopId, cancellationToken) is not { } shop)
        {
            return 0;
        }
        long queued = 0;
        await foreach (var campaign in campaigns.ListAsync(shop.Id, cancellationToken))
        {
            if (campaign.Kind != CampaignKind.SegmentEntered || campaign.Paused || campaign.SegmentId != changes.SegmentId || changes.At < campaign.CreatedAt)
            {
                continue;
            }
            var day = TimeZoneInfo.ConvertTime(changes.At, SegmentEngine.ZoneOf(shop)).ToString("yyyyMMdd", CultureInfo.InvariantCulture);
            var start = await runner.StartAsync(shop, campaign, $"entered-{day}", changes.CustomerIds, cancellationToken: cancellationToken);
            queued += start.Queued;
        }
        return queued;
    }

    /// <summary>The shop's active abandoned-cart campaign, if it has one.</summary>
    public async Task<Campaign?> CartCampaignAsync(string shopId, CancellationToken cancellationToken = default)
    {
        await foreach (var campaign in campaigns.ListAsync(shopId, cancellationToken))
        {
            if (campaign.Kind == CampaignKind.AbandonedCart && !campaign.Paused)
            {
                return campaign;
            }
        }
        return null;
    }

    /// <summary>Starts the cart's run of the abandoned-cart campaign (one run per cart).</summary>
    public async Task<CampaignRunStart> OnCartAbandonedAsync(Campaign campaign, string shopId, string customerId, string cartId, CancellationToken cancellationToken = default)
    {
        var shop = await shops.RequireAsync(shopId, cancellationToken);
        var start = await runner.StartAsync(shop, campaign, $"cart-{cartId}", [customerId], cartId, cancellationToken);
        log.LogInformation("Abandoned cart {Cart} of shop {Shop} started campaign {Campaign}", cartId, shopId, campaign.Id);
        return start;
    }
}
