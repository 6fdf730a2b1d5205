using System.Globalization;
using System.Text;
using Hub.Customers;
using Hub.Shops.Sync;
using Hub.Webhooks;

namespace Hub.Shops.Ecwid;

/// <summary>
/// Ecwid webhooks (shop-platforms.md §5): a thin envelope <c>{eventId, eventCreated, storeId, entityId, eventType, data}</c>
/// signed by <c>X-Ecwid-Webhook-Signature = Base64(HMAC-SHA256(client_secret, "{eventCreated}.{eventId}"))</c>. The
/// shop's webhook secret is the app's client_secret. The body itself is not signed, so an event is only a hint: the
/// customer, order or cart (<c>unfinished_order.*</c>, by <c>data.cartId</c>) is re-read from the API. Deliveries
/// are deduplicated on <c>eventId</c>. One app's webhooks go to one URL for every store it is installed in, so the hint
/// carries the event's <c>storeId</c>; an event of another store than the shop's is ignored when it is resolved
/// (<see cref="EcwidPullSource.FetchAsync"/>), with the reason recorded.
/// </summary>
internal sealed class EcwidWebhooks : IWebhookSource
{
    const string StorePrefix = "store:";

    public string Platform => Platforms.Ecwid;

    public string SignatureHeader => EcwidFacts.SignatureHeader;

    public bool IsPing(WebhookRequest request) => false;

    public SignatureCheck Verify(WebhookRequest request, IReadOnlyList<string> secrets)
    {
        if (request.Header(EcwidFacts.SignatureHeader) is not { } signature)
        {
            return SignatureCheck.Missing;
        }
        // The signature covers "{eventCreated}.{eventId}" only, so those two are read from the body first.
        string signed;
        try
        {
            using var document = PayloadObject.Parse("ecwid webhook", request.Body);
            signed = SignedText(PayloadObject.Root(document, "ecwid webhook"));
        }
        catch (WebhookFormatException)
        {
            return SignatureCheck.Invalid;
        }
        return HmacSignature.Matches(Encoding.UTF8.GetBytes(signed), signature, secrets) ? SignatureCheck.Valid : SignatureCheck.Invalid;
    }

    public DeliveryInfo Describe(WebhookRequest request)
    {
        using var document = PayloadObject.Parse("ecwid webhook", request.Body);
        var root = PayloadObject.Root(document, "ecwid webhook");
        var type = root.Text("eventType") ?? throw root.Missing("eventType");
        var created = root.OptionalDecimal("eventCreated") ?? throw root.Missing("eventCreated");
        return new DeliveryInfo(root.Text("eventId") ?? throw root.Missing("eventId"), type, DateTimeOffset.FromUnixTimeSeconds((long)created));
    }

    public IReadOnlyList<ShopChange> Map(string topic, ReadOnlyMemory<byte> body)
    {
        using var document = PayloadObject.Parse(topic, body);
        var root = PayloadObject.Root(document, topic);
        var store = root.Id("storeId");
        var data = root.Object("data");
        var prefix = topic.Split('.')[0];
        ShopChange change = prefix switch
        {
            "customer" => new ShopChange.Refetch(SyncResource.Customers, Hint(store, root.Id("entityId"))),
            "order" => new ShopChange.Refetch(SyncResource.Orders, Hint(store, data?.OptionalId("orderId") ?? root.Id("entityId"))),
            "unfinished_order" => new ShopChange.Refetch(SyncResource.Carts, Hint(store, CartId(root, data))),
            _ => new ShopChange.Ignore($"event {topic} is not used"),
        };
        return [change];
    }

    /// <summary>The id of a re-fetch hint: the entity's id, scoped to the store the event came from.</summary>
    public static string Hint(string storeId, string entityId) => $"{StorePrefix}{storeId}:{entityId}";

    /// <summary>The store and entity of a hint; a plain id (the CLI's) has no store.</summary>
    public static (string? StoreId, string Id) ReadHint(string id)
    {
        if (id.StartsWith(StorePrefix, StringComparison.Ordinal) && id.IndexOf(':', StorePrefix.Length) is var colon and > 0)
        {
            return (id[StorePrefix.Length..colon], id[(colon + 1)..]);
        }
        return (null, id);
    }

    /// <summary>An unfinished order's cart: <c>data.cartId</c> (the entity id is the order's).</summary>
    static string CartId(PayloadObject root, PayloadObject? data)
    {
        var envelope = data ?? throw root.Missing("data");
        return envelope.Text("cartId") ?? throw envelope.Missing("cartId");
    }

    /// <summary>"{eventCreated}.{eventId}" with eventCreated as Ecwid wrote it (a number of seconds).</summary>
    static string SignedText(PayloadObject root)
    {
        var created = root.OptionalDecimal("eventCreated") ?? throw root.Missing("eventCreated");
        var id = root.Text("eventId") ?? throw root.Missing("eventId");
        return $"{((long)created).ToString(CultureInfo.InvariantCulture)}.{id}";
    }
}
