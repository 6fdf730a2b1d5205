using Hub.Customers;
using Hub.Shops.Sync;
using Hub.Webhooks;

namespace Hub.Shops.InSales;

/// <summary>
/// InSales webhooks (shop-platforms.md §4): unsigned, "delivery not guaranteed", so the address carries the shop's
/// webhook secret (<c>/api/webhooks/insales/{shopId}/{token}</c>, compared in constant time) and each delivery is only
/// a hint: the order or client is re-read from the API (<see cref="ShopChange.Refetch"/>) and what InSales says now
/// is applied. No header names the topic, and the body is the same for create, update and destroy, so the topic is
/// derived from the body: an object with <c>order_lines</c>, <c>financial_status</c>, <c>fulfillment_status</c> or a
/// nested <c>client</c> is an order (<c>orders/*</c>); one with a client's own fields is a client (<c>client/*</c>).
/// A destroyed order re-reads as 404 and is kept as last seen. The delivery id is <c>{kind}:{id}:{updated_at}</c>,
/// so a repeated delivery of the same version is one delivery.
/// </summary>
internal sealed class InSalesWebhooks : IWebhookSource
{
    public const string OrderTopic = "orders/*";
    public const string ClientTopic = "client/*";

    /// <summary>Fields only an order has at its root.</summary>
    static readonly string[] OrderFields = ["order_lines", "financial_status", "fulfillment_status", "client"];

    /// <summary>Fields only a client has at its root (an order nests them under <c>client</c>).</summary>
    static readonly string[] ClientFields = ["surname", "middlename", "registered", "subscribe", "client_group_id", "bonus_points"];

    public string Platform => Platforms.InSales;

    public string SignatureHeader => "URL token (/api/webhooks/insales/{shopId}/{token})";

    public bool IsPing(WebhookRequest request) => false;

    public SignatureCheck Verify(WebhookRequest request, IReadOnlyList<string> secrets) => UrlToken.Check(request, secrets);

    public DeliveryInfo Describe(WebhookRequest request)
    {
        using var document = PayloadObject.Parse("insales webhook", request.Body);
        var (topic, root) = Classify(document);
        var updatedAt = root.Time("updated_at");
        return new DeliveryInfo($"{Kind(topic)}:{root.Id("id")}:{updatedAt.UtcDateTime:yyyy-MM-ddTHH:mm:ss.fffZ}", topic, updatedAt);
    }

    public IReadOnlyList<ShopChange> Map(string topic, ReadOnlyMemory<byte> body)
    {
        using var document = PayloadObject.Parse(topic, body);
        var (kind, root) = Classify(document);
        return [new ShopChange.Refetch(kind == OrderTopic ? SyncResource.Orders : SyncResource.Customers, root.Id("id"))];
    }

    static (string Topic, PayloadObject Root) Classify(System.Text.Json.JsonDocument document)
    {
        var probe = PayloadObject.Root(document, "insales webhook");
        if (OrderFields.Any(probe.Has))
        {
            return (OrderTopic, PayloadObject.Root(document, OrderTopic));
        }
        if (ClientFields.Any(probe.Has))
        {
            return (ClientTopic, PayloadObject.Root(document, ClientTopic));
        }
        throw new WebhookFormatException(
            $"insales webhook: the body is neither an order (it has none of {string.Join(", ", OrderFields)}) nor a client (none of {string.Join(", ", ClientFields)})");
    }

    static string Kind(string topic) => topic == OrderTopic ? "order" : "client";
}
