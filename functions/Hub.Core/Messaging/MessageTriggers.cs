using Hub.Customers;
using Hub.Messaging.Channels;
using Hub.Messaging.Templates;
using Hub.Segments;
using Hub.Shops;
using Hub.Storage;
using Microsoft.Extensions.Configuration;

namespace Hub.Messaging;

/// <summary>A cart-reminder message on the dispatch queue: remind about this cart if, when it comes due, it is still open and unchanged.</summary>
public sealed record CartReminderJob(string ShopId, string CustomerId, string CartId, DateTimeOffset CartUpdatedAt)
{
    public const string Type = "cart-reminder";
}

/// <summary>
/// Messages that webhooks trigger. An order that ingestion created or changed gets its status message (accepted,
/// shipped, delivered — each stage once per order, source <c>order-status:{order}:{stage}</c>) on the channel the shop
/// chose in <c>Shops:{shop}:OrderMessages:Channel</c>; shops that chose none get none. An open cart schedules a
/// reminder on the dispatch queue after the shop's abandoned-cart delay (the segment setting); when it comes due it
/// is sent only if the cart has not converted and has not changed since (a newer version scheduled its own), once
/// per cart (source <c>abandoned-cart:{cart}</c>), on <c>Shops:{shop}:CartReminders:Channel</c> (default email).
/// </summary>
public sealed class MessageTriggers(
    IConfiguration configuration,
    SegmentDefinitionStore segments,
    CustomerStore customers,
    SendLedger ledger,
    MessageDispatcher dispatcher,
    QueueProducer queue,
    Campaigns.CampaignTriggers campaigns)
{
    public static string OrderChannelKey(string shopId) => $"Shops:{shopId}:OrderMessages:Channel";
    public static string CartChannelKey(string shopId) => $"Shops:{shopId}:CartReminders:Channel";
    public const string Converted = "converted";
    /// <summary>A queue message can stay hidden for at most 7 days.</summary>
    static readonly TimeSpan MaxQueueDelay = TimeSpan.FromDays(6);

    /// <summary>Called after ingestion applied a webhook's change.</summary>
    public async Task OnChangeAsync(Shop shop, ShopChange change, IngestOutcome outcome, CancellationToken cancellationToken = default)
    {
        if (outcome.CustomerId is not { } customerId || outcome.Status is IngestStatus.Unchanged or IngestStatus.Ignored or IngestStatus.NotFound)
        {
            return;
        }
        switch (change)
        {
            case ShopChange.UpsertOrder { Order: var order } when !order.Cancelled && ChannelOf(OrderChannelKey(shop.Id), null) is { } channel:
                await queue.SendAsync(QueueNames.Dispatch, DispatchJob.Type, 1, new DispatchJob(shop.Id, $"order-status:{order.ExternalId}:{OrderStages.Of(order.Status)}", 0, channel,
                    OrderStages.Template(order.Status), MessageKind.Transactional, [customerId]) { OrderId = order.ExternalId }, cancellationToken: cancellationToken);
                break;
            case ShopChange.UpsertCart { Cart: var cart } when !cart.Converted && cart.Items.Count > 0:
                var delay = TimeSpan.FromTicks(Math.Clamp((await segments.GetSettingsAsync(shop.Id, cancellationToken)).AbandonedCartDelay.Ticks, TimeSpan.TicksPerSecond, MaxQueueDelay.Ticks));
                await queue.SendAsync(QueueNames.Dispatch, CartReminderJob.Type, 1, new CartReminderJob(shop.Id, customerId, cart.ExternalId, cart.UpdatedAt), delay, cancellationToken);
                break;
        }
    }

    /// <summary>A due cart reminder: sent, or cancelled because the cart converted (recorded) or changed (a newer reminder follows).</summary>
    public async Task<DispatchReport?> RemindAsync(CartReminderJob job, CancellationToken cancellationToken = default)
    {
        var cart = (await customers.CartsOfAsync(job.ShopId, job.CustomerId, cancellationToken)).FirstOrDefault(c => c.Id == job.CartId);
        if (cart is null || cart.UpdatedAt > job.CartUpdatedAt)
        {
            return null;
        }
        var channel = ChannelOf(CartChannelKey(job.ShopId), Channel.Email)!.Value;
        var source = $"abandoned-cart:{job.CartId}";
        var buyer = (await customers.GetAsync(job.ShopId, job.CustomerId, cancellationToken))?.Customer;
        if (cart.Converted || buyer?.Aggregates.LastOrderAt >= cart.UpdatedAt)
        {
            await ledger.SkipAsync(new LedgerEntry
            {
                ShopId = job.ShopId, Source = source, CustomerId = job.CustomerId, Step = 0, Channel = channel,
                MessageId = SendLedger.MessageIdOf(job.ShopId, source, job.CustomerId, 0), TemplateId = DefaultTemplates.AbandonedCart,
            }, Converted, cancellationToken);
            return null;
        }
        // A shop with an abandoned-cart campaign gets its cascade (email, then SMS to who did not react, …) instead.
        if (await campaigns.CartCampaignAsync(job.ShopId, cancellationToken) is { } campaign)
        {
            await campaigns.OnCartAbandonedAsync(campaign, job.ShopId, job.CustomerId, job.CartId, cancellationToken);
            return null;
        }
        return await dispatcher.DispatchAsync(new DispatchJob(job.ShopId, source, 0, channel, DefaultTemplates.AbandonedCart, MessageKind.Marketing, [job.CustomerId])
        {
            CartId = job.CartId,
        }, cancellationToken);
    }

    Channel? ChannelOf(string key, Channel? fallback) =>
        configuration[key] is { Length: > 0 } text
            ? Enum.TryParse<Channel>(text.Trim(), ignoreCase: true, out var channel) && channel != Channel.Ads
                ? channel
                : throw new ArgumentException($"setting {key.Replace(":", "__")} = '{text}' is not a channel; expected email, sms, telegram, whatsapp, viber or vk")
            : fallback;
}

/// <summary>
/// The stage of an order for its status message, from the platform's status as ingestion keeps it (Shopify
/// <c>{financial}/{fulfillment}</c>, WooCommerce's status). Which words mean shipped and delivered is our reading of
/// the platforms' status lists, kept here in one place.
/// </summary>
public static class OrderStages
{
    public const string Accepted = "accepted";
    public const string Shipped = "shipped";
    public const string Delivered = "delivered";

    public static string Of(string? status)
    {
        var s = status?.ToLowerInvariant() ?? "";
        return s.Contains("delivered") ? Delivered
            : s.EndsWith("/fulfilled", StringComparison.Ordinal) || s.EndsWith("/partial", StringComparison.Ordinal) || s == "completed" || s.Contains("shipped") ? Shipped
            : Accepted;
    }

    public static string Template(string? status) => Of(status) switch
    {
        Delivered => DefaultTemplates.OrderDelivered,
        Shipped => DefaultTemplates.OrderShipped,
        _ => DefaultTemplates.OrderAccepted,
    };
}
