using System.Text;
using System.Text.RegularExpressions;
using Hub.Customers;
using Hub.Webhooks;

namespace Hub.Shops.WooCommerce;

/// <summary>
/// WooCommerce core webhooks: HMAC over the raw body, an unsigned <c>webhook_id=N</c> ping when a
/// webhook is created, payloads that are the REST v3 representation built at send time (mapped by
/// <see cref="WooCommerceMapping"/>, as pulled items are). See shared/specs/shop-platforms.md §3.
/// </summary>
internal sealed partial class WooCommerceWebhooks : IWebhookSource
{
    public const string SignatureHeaderName = "X-WC-Webhook-Signature";
    public const string TopicHeader = "X-WC-Webhook-Topic";
    public const string ResourceHeader = "X-WC-Webhook-Resource";

    public const string CustomerCreated = "customer.created";
    public const string CustomerUpdated = "customer.updated";
    public const string CustomerDeleted = "customer.deleted";
    public const string OrderCreated = "order.created";
    public const string OrderUpdated = "order.updated";
    public const string OrderRestored = "order.restored";
    public const string OrderDeleted = "order.deleted";

    /// <summary>A <c>*.deleted</c> payload is only <c>{"id": N}</c>: the time of the deletion is unknown.</summary>
    public static readonly DateTimeOffset UnknownTime = DateTimeOffset.UnixEpoch;

    [GeneratedRegex(@"^webhook_id=\d+$")]
    private static partial Regex PingBody();

    public string Platform => Platforms.WooCommerce;

    public string SignatureHeader => SignatureHeaderName;

    public bool IsPing(WebhookRequest request)
        => request.Header(SignatureHeaderName) is null
           && request.Body.Length is > 0 and < 64
           && PingBody().IsMatch(Encoding.ASCII.GetString(request.Body.Span).Trim());

    public SignatureCheck Verify(WebhookRequest request, IReadOnlyList<string> secrets)
    {
        if (request.Header(SignatureHeaderName) is not { } signature)
        {
            return SignatureCheck.Missing;
        }
        return HmacSignature.Matches(request.Body.Span, signature, secrets) ? SignatureCheck.Valid : SignatureCheck.Invalid;
    }

    /// <summary>
    /// <c>X-WC-Webhook-Delivery-ID</c> is new on every send, so the delivery id is the resource version:
    /// <c>{resource}:{id}:{date_modified_gmt}</c>, or <c>{resource}:{id}:deleted</c> for a deletion.
    /// The same version reported by two topics (order.created and order.updated) is one delivery.
    /// </summary>
    public DeliveryInfo Describe(WebhookRequest request)
    {
        var topic = request.Header(TopicHeader) ?? throw new WebhookFormatException($"header '{TopicHeader}' is missing");
        var resource = request.Header(ResourceHeader) ?? ResourceOf(topic);
        using var document = PayloadObject.Parse(topic, request.Body);
        var root = PayloadObject.Root(document, topic);
        var id = root.Id("id");
        if (topic.EndsWith(".deleted", StringComparison.Ordinal))
        {
            return new DeliveryInfo($"{resource}:{id}:deleted", topic, null);
        }
        var modified = WooCommerceMapping.ModifiedAt(root);
        return new DeliveryInfo($"{resource}:{id}:{modified.UtcDateTime:yyyy-MM-ddTHH:mm:ss}", topic, modified);
    }

    public IReadOnlyList<ShopChange> Map(string topic, ReadOnlyMemory<byte> body)
    {
        Func<PayloadObject, ShopChange>? map = topic switch
        {
            CustomerCreated or CustomerUpdated => root => new ShopChange.UpsertCustomer(WooCommerceMapping.Customer(root)),
            CustomerDeleted => root => new ShopChange.DeleteCustomer(
                new CustomerRecord { Source = Platforms.WooCommerce, ExternalId = root.Id("id") }, UnknownTime),
            OrderCreated or OrderUpdated or OrderRestored => root => new ShopChange.UpsertOrder(WooCommerceMapping.Order(root)),
            _ => null,
        };
        if (map is null)
        {
            return [new ShopChange.Ignore(topic == OrderDeleted
                // The payload is {"id": N} only: no customer, so the stored order (keyed by customer) cannot be
                // found, and nothing says whether it was trashed or erased. Trashed orders that come back arrive as order.restored.
                ? $"topic {topic} carries only the order id; the order is kept as last seen"
                : $"topic {topic} is not used")];
        }
        using var document = PayloadObject.Parse(topic, body);
        return [map(PayloadObject.Root(document, topic))];
    }

    static string ResourceOf(string topic)
    {
        var dot = topic.IndexOf('.', StringComparison.Ordinal);
        return dot > 0 ? topic[..dot] : topic;
    }
}
