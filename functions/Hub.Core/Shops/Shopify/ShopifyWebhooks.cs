using Hub.Customers;
using Hub.Webhooks;

namespace Hub.Shops.Shopify;

/// <summary>
/// Shopify webhooks (REST-shaped JSON, snake_case): HMAC over the raw body with the app's client
/// secret, delivery id from <c>X-Shopify-Webhook-Id</c>, customers, consents, orders and abandoned
/// checkouts mapped to <see cref="ShopChange"/>s. See shared/specs/shop-platforms.md §1.
/// </summary>
internal sealed class ShopifyWebhooks : IWebhookSource
{
    public const string HmacHeader = "X-Shopify-Hmac-Sha256";
    public const string TopicHeader = "X-Shopify-Topic";
    public const string WebhookIdHeader = "X-Shopify-Webhook-Id";
    public const string TriggeredAtHeader = "X-Shopify-Triggered-At";

    /// <summary>
    /// Stands for a time the payload does not carry (a delete without <c>updated_at</c>, a consent
    /// without <c>consent_updated_at</c>): older than anything, so it never outranks a dated change.
    /// </summary>
    public static readonly DateTimeOffset UnknownTime = DateTimeOffset.UnixEpoch;

    public string Platform => Platforms.Shopify;

    public string SignatureHeader => HmacHeader;

    public bool IsPing(WebhookRequest request) => false;

    public SignatureCheck Verify(WebhookRequest request, IReadOnlyList<string> secrets)
    {
        if (Header(request, HmacHeader) is not { } signature)
        {
            return SignatureCheck.Missing;
        }
        // After a rotation Shopify signs with the oldest unrevoked secret: any configured secret is accepted.
        return HmacSignature.Matches(request.Body.Span, signature, secrets) ? SignatureCheck.Valid : SignatureCheck.Invalid;
    }

    public DeliveryInfo Describe(WebhookRequest request)
    {
        var id = Header(request, WebhookIdHeader) ?? throw new WebhookFormatException($"header '{WebhookIdHeader}' is missing");
        var topic = Header(request, TopicHeader) ?? throw new WebhookFormatException($"header '{TopicHeader}' is missing");
        DateTimeOffset? occurredAt = null;
        if (Header(request, TriggeredAtHeader) is { } triggeredAt)
        {
            occurredAt = PayloadObject.ParseTime(triggeredAt)
                ?? throw new WebhookFormatException($"header '{TriggeredAtHeader}' must be an ISO 8601 time");
        }
        return new DeliveryInfo(id, topic, occurredAt);
    }

    public IReadOnlyList<ShopChange> Map(string topic, ReadOnlyMemory<byte> body)
    {
        Func<PayloadObject, ShopChange>? map = topic switch
        {
            ShopifyTopics.CustomerCreate or ShopifyTopics.CustomerUpdate => root => new ShopChange.UpsertCustomer(Customer(root)),
            ShopifyTopics.CustomerDelete => root => new ShopChange.DeleteCustomer(DeletedCustomer(root), root.OptionalTime("updated_at") ?? UnknownTime),
            ShopifyTopics.CustomerRedact => root => new ShopChange.EraseCustomer(RedactedCustomer(root)),
            ShopifyTopics.EmailConsentUpdate or ShopifyTopics.EmailConsentUpdateChangelogSpelling => EmailConsent,
            ShopifyTopics.SmsConsentUpdate or ShopifyTopics.SmsConsentUpdateChangelogSpelling => SmsConsent,
            ShopifyTopics.OrderCreate or ShopifyTopics.OrderUpdated or ShopifyTopics.OrderPaid => root => new ShopChange.UpsertOrder(Order(root, cancelledTopic: false)),
            ShopifyTopics.OrderCancelled => root => new ShopChange.UpsertOrder(Order(root, cancelledTopic: true)),
            ShopifyTopics.CheckoutCreate or ShopifyTopics.CheckoutUpdate => root => new ShopChange.UpsertCart(Cart(root)),
            _ => null,
        };
        if (map is null)
        {
            return [new ShopChange.Ignore($"topic {topic} is not used")];
        }
        using var document = PayloadObject.Parse(topic, body);
        return [map(PayloadObject.Root(document, topic))];
    }

    /// <summary>The Events delivery mechanism (developer preview) drops the <c>X-</c> prefix; both spellings are read.</summary>
    static string? Header(WebhookRequest request, string name) => request.Header(name) ?? request.Header(name[2..]);

    static CustomerRecord Customer(PayloadObject customer)
    {
        var updatedAt = customer.Time("updated_at");
        var phones = new List<string?> { customer.Text("phone") };
        foreach (var address in customer.Objects("addresses"))
        {
            phones.Add(address.Text("phone"));
        }
        var consents = new Dictionary<Channel, Consent>();
        // Since API 2025-01 these are absent from customer payloads; older versions still send them.
        AddConsent(consents, Channel.Email, customer.Object("email_marketing_consent"), updatedAt);
        AddConsent(consents, Channel.Sms, customer.Object("sms_marketing_consent"), updatedAt);
        return new CustomerRecord
        {
            Source = Platforms.Shopify,
            ExternalId = customer.Id("id"),
            FirstName = customer.Text("first_name"),
            LastName = customer.Text("last_name"),
            Emails = Contacts(customer.Text("email")),
            Phones = Contacts([.. phones]),
            City = customer.Object("default_address")?.Text("city"),
            Tags = TagList(customer.Text("tags")),
            Consents = consents,
            CreatedAt = customer.OptionalTime("created_at"),
            UpdatedAt = updatedAt,
        };
    }

    static CustomerRecord DeletedCustomer(PayloadObject customer) => new()
    {
        Source = Platforms.Shopify,
        ExternalId = customer.Id("id"),
        Emails = Contacts(customer.Text("email")),
        Phones = Contacts(customer.Text("phone")),
    };

    /// <summary><c>{shop_id, shop_domain, customer:{id, email, phone}, orders_to_redact}</c>: anything that identifies the person is enough.</summary>
    static CustomerRecord RedactedCustomer(PayloadObject root)
    {
        var customer = root.RequiredObject("customer");
        var record = new CustomerRecord
        {
            Source = Platforms.Shopify,
            ExternalId = customer.OptionalId("id"),
            Emails = Contacts(customer.Text("email")),
            Phones = Contacts(customer.Text("phone")),
        };
        return record.ExternalId is null && record.Emails.Count == 0 && record.Phones.Count == 0
            ? throw customer.Missing("id")
            : record;
    }

    /// <summary><c>{customer_id, email_address, email_marketing_consent:{state, opt_in_level, consent_updated_at}}</c>.</summary>
    static ShopChange EmailConsent(PayloadObject root)
    {
        var consents = new Dictionary<Channel, Consent>();
        AddConsent(consents, Channel.Email, root.RequiredObject("email_marketing_consent"), UnknownTime);
        return ConsentChange(root, consents, new CustomerRecord
        {
            Source = Platforms.Shopify,
            ExternalId = root.Id("customer_id"),
            Emails = Contacts(root.Text("email_address")),
            Consents = consents,
        });
    }

    /// <summary><c>{id, phone, sms_marketing_consent:{state, opt_in_level, consent_updated_at, consent_collected_from}}</c>; <c>id</c> is taken as the customer id.</summary>
    static ShopChange SmsConsent(PayloadObject root)
    {
        var consents = new Dictionary<Channel, Consent>();
        AddConsent(consents, Channel.Sms, root.RequiredObject("sms_marketing_consent"), UnknownTime);
        return ConsentChange(root, consents, new CustomerRecord
        {
            Source = Platforms.Shopify,
            ExternalId = root.Id("id"),
            Phones = Contacts(root.Text("phone")),
            Consents = consents,
        });
    }

    static ShopChange ConsentChange(PayloadObject root, Dictionary<Channel, Consent> consents, CustomerRecord customer)
        => consents.Count == 0
            ? new ShopChange.Ignore($"topic {root.Topic}: the consent state is redacted or invalid, not a consent")
            : new ShopChange.UpdateConsent(customer);

    /// <summary>A consent object's state (<see cref="ShopifyMarketingStates"/>); redacted and invalid states are skipped.</summary>
    static void AddConsent(Dictionary<Channel, Consent> consents, Channel channel, PayloadObject? consent, DateTimeOffset fallbackTime)
    {
        if (consent is not { } value || value.Text("state") is not { } state)
        {
            return;
        }
        if (ShopifyMarketingStates.ToConsent(state) is { } known)
        {
            consents[channel] = new Consent(known, Platforms.Shopify, value.OptionalTime("consent_updated_at") ?? fallbackTime);
        }
    }

    static OrderRecord Order(PayloadObject order, bool cancelledTopic)
    {
        var financial = order.Text("financial_status");
        var fulfillment = order.Text("fulfillment_status");
        return new OrderRecord
        {
            Source = Platforms.Shopify,
            ExternalId = order.Id("id"),
            Number = order.Text("name"),
            Status = fulfillment is null ? financial : $"{financial ?? "unknown"}/{fulfillment}",
            Cancelled = cancelledTopic || order.OptionalTime("cancelled_at") is not null,
            Currency = order.Text("currency") ?? throw order.Missing("currency"),
            // After edits and refunds, as GraphQL pulls read it (currentTotalPriceSet); older payloads lack it.
            Total = order.OptionalDecimal("current_total_price") ?? order.Decimal("total_price"),
            CreatedAt = order.Time("created_at"),
            UpdatedAt = order.Time("updated_at"),
            Customer = Buyer(order),
            Items = Items(order),
        };
    }

    static CartRecord Cart(PayloadObject checkout) => new()
    {
        Source = Platforms.Shopify,
        // The checkout's number, not its token: GraphQL's AbandonedCheckout has no token, and pulls must land on the same cart (ShopifyFacts.CheckoutGidType).
        ExternalId = checkout.Id("id"),
        Customer = Buyer(checkout),
        Items = Items(checkout),
        Total = checkout.Decimal("total_price"),
        Currency = checkout.Text("currency"),
        RecoveryUrl = checkout.Text("abandoned_checkout_url"),
        UpdatedAt = checkout.Time("updated_at"),
        Converted = checkout.OptionalTime("completed_at") is not null,
    };

    /// <summary>The buyer of an order or checkout: the customer object (null for guests) plus the order's own contacts and billing name.</summary>
    static CustomerRecord Buyer(PayloadObject order)
    {
        var customer = order.Object("customer");
        var billing = order.Object("billing_address");
        return new CustomerRecord
        {
            Source = Platforms.Shopify,
            ExternalId = customer?.Id("id"),
            FirstName = customer?.Text("first_name") ?? billing?.Text("first_name"),
            LastName = customer?.Text("last_name") ?? billing?.Text("last_name"),
            Emails = Contacts(order.Text("email"), customer?.Text("email")),
            Phones = Contacts(order.Text("phone"), customer?.Text("phone"), billing?.Text("phone")),
            City = customer?.Object("default_address")?.Text("city") ?? billing?.Text("city"),
            CreatedAt = customer?.OptionalTime("created_at"),
            UpdatedAt = customer?.OptionalTime("updated_at"),
        };
    }

    /// <summary><c>line_items[]{product_id, sku, title|name, vendor, product_type, quantity, price}</c>; vendor is Shopify's stand-in for a brand.</summary>
    static IReadOnlyList<LineItem> Items(PayloadObject order)
        => [.. order.Objects("line_items").Select(item => new LineItem(
            ProductId: item.OptionalId("product_id"),
            Sku: item.Text("sku"),
            Name: item.Text("title") ?? item.Text("name"),
            Brand: item.Text("vendor"),
            Category: item.Text("product_type"),
            Quantity: item.Decimal("quantity"),
            Price: item.Decimal("price")))];

    static IReadOnlyList<string> Contacts(params string?[] values)
        => [.. values.OfType<string>().Distinct(StringComparer.OrdinalIgnoreCase)];

    /// <summary>Shopify keeps tags as one comma-separated string.</summary>
    internal static string[] TagList(string? tags) => tags is null ? [] : tags.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
