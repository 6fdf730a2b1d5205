using System.Globalization;
using Hub.Customers;
using Hub.Webhooks;

namespace Hub.Shops.RetailCrm;

/// <summary>
/// Maps RetailCRM API v5 entities (camelCase JSON, times in the account's zone) to canonical records. Every failure is a
/// <see cref="WebhookFormatException"/> naming the field path (<c>customers[3].birthday</c>), never the value.
/// <para>
/// ❓ Customers and orders carry no "updated at" (the official client's model has none), so the caller passes the
/// entity's version: the <c>createdAt</c> of its newest history entry, or the start of the backfill that listed it.
/// </para>
/// </summary>
internal sealed class RetailCrmRecords(RetailCrmTime time)
{
    const string Source = Platforms.RetailCrm;

    public CustomerRecord Customer(PayloadObject customer, DateTimeOffset version) => new()
    {
        Source = Source,
        ExternalId = customer.Id("id"),
        FirstName = customer.Text("firstName"),
        LastName = customer.Text("lastName"),
        MiddleName = customer.Text("patronymic"),
        Emails = Contacts(customer.Text("email")),
        Phones = Contacts([.. customer.Objects("phones").Select(phone => phone.Text("number"))]),
        Birthday = Birthday(customer),
        Gender = customer.Text("sex")?.ToLowerInvariant() switch
        {
            "male" => Hub.Customers.Gender.Male,
            "female" => Hub.Customers.Gender.Female,
            _ => null,
        },
        City = customer.Object("address")?.Text("city"),
        Tags = [.. customer.Objects("tags").Select(tag => tag.Text("name")).OfType<string>()],
        Consents = Consents(customer, version),
        CreatedAt = OptionalTime(customer, "createdAt"),
        UpdatedAt = version,
    };

    public OrderRecord Order(PayloadObject order, DateTimeOffset version)
    {
        var status = order.Text("status");
        return new OrderRecord
        {
            Source = Source,
            ExternalId = order.Id("id"),
            Number = order.Text("number") ?? order.Text("externalId"),
            Status = status,
            Cancelled = status is not null && RetailCrmFacts.CancelledStatuses.Contains(status),
            Currency = order.Text("currency"),
            Total = order.Decimal("totalSumm"),
            CreatedAt = Time(order, "createdAt"),
            UpdatedAt = version,
            Customer = Buyer(order),
            // Brand and category are not on order items: they live on the catalogue (GET /store/products: manufacturer,
            // groups), one more call per page that this version does not make.
            Items = [.. order.Objects("items").Select(item =>
            {
                var offer = item.Object("offer");
                return new LineItem(
                    ProductId: offer?.OptionalId("externalId") ?? offer?.OptionalId("id"),
                    Sku: offer?.Text("article"),
                    Name: item.Text("productName") ?? offer?.Text("name"),
                    Brand: null,
                    Category: null,
                    Quantity: item.Decimal("quantity"),
                    // discountTotal is the discount on one unit.
                    Price: item.Decimal("initialPrice") - (item.OptionalDecimal("discountTotal") ?? 0m));
            })],
        };
    }

    /// <summary>
    /// A customer's cart on one site. ❓ Carts have no history and no "updated at": the newer of <c>droppedAt</c> and
    /// <c>clearedAt</c> stands in (the time it was read when neither is given), and a cart cleared after it was last
    /// dropped counts as empty. A cart with an order is converted.
    /// </summary>
    public CartRecord Cart(PayloadObject cart, CustomerRecord customer, DateTimeOffset readAt)
    {
        var dropped = OptionalTime(cart, "droppedAt");
        var cleared = OptionalTime(cart, "clearedAt");
        var emptied = cleared is not null && (dropped is null || cleared >= dropped);
        var items = emptied ? [] : cart.Objects("items").Select(item =>
        {
            var offer = item.Object("offer");
            return new LineItem(
                ProductId: offer?.OptionalId("externalId") ?? offer?.OptionalId("id"),
                Sku: offer?.Text("article"),
                Name: offer?.Text("name") ?? offer?.Text("displayName"),
                Brand: null,
                Category: null,
                Quantity: item.Decimal("quantity"),
                Price: item.Decimal("price"));
        }).ToList();
        return new CartRecord
        {
            Source = Source,
            ExternalId = cart.Text("externalId") ?? cart.OptionalId("id") ?? customer.ExternalId ?? throw cart.Missing("externalId"),
            Customer = customer,
            Items = items,
            Total = items.Sum(i => i.Price * i.Quantity),
            Currency = cart.Text("currency"),
            RecoveryUrl = RetailCrmFacts.CartLinkIsRecoveryUrl ? cart.Text("link") : null,
            UpdatedAt = (dropped > cleared ? dropped : cleared ?? dropped) ?? readAt,
            Converted = cart.Object("order") is not null,
        };
    }

    /// <summary>
    /// The buyer as the order names them: the customer (for a corporate customer, the contact person) with the order's own
    /// name and contacts. No version: contacts seen on an order only add to the customer.
    /// </summary>
    static CustomerRecord Buyer(PayloadObject order)
    {
        var customer = order.Object("customer");
        var person = customer?.Text("type") == "customer_corporate" ? order.Object("contact") : customer;
        return new CustomerRecord
        {
            Source = Source,
            ExternalId = person?.OptionalId("id"),
            FirstName = order.Text("firstName") ?? person?.Text("firstName"),
            LastName = order.Text("lastName") ?? person?.Text("lastName"),
            MiddleName = order.Text("patronymic") ?? person?.Text("patronymic"),
            Emails = Contacts(order.Text("email"), person?.Text("email")),
            Phones = Contacts([order.Text("phone"), order.Text("additionalPhone"), .. (person?.Objects("phones") ?? []).Select(phone => phone.Text("number"))]),
            City = order.Object("delivery")?.Object("address")?.Text("city") ?? person?.Object("address")?.Text("city"),
        };
    }

    /// <summary>
    /// Email consent from the legacy flags (<c>emailMarketingUnsubscribedAt</c> wins over <c>subscribed</c>), then every
    /// channel of <c>customerSubscriptions</c>, which win for their channel: subscribed to any category of a channel is a
    /// grant, unsubscribed from all is a denial, dated by the newest <c>changedAt</c> (else the customer's version).
    /// </summary>
    Dictionary<Channel, Consent> Consents(PayloadObject customer, DateTimeOffset version)
    {
        var consents = new Dictionary<Channel, Consent>();
        if (OptionalTime(customer, "emailMarketingUnsubscribedAt") is { } unsubscribedAt)
        {
            consents[Channel.Email] = new Consent(ConsentState.Denied, Source, unsubscribedAt);
        }
        else if (customer.OptionalBool("subscribed") is { } subscribed)
        {
            consents[Channel.Email] = new Consent(subscribed ? ConsentState.Granted : ConsentState.Denied, Source, version);
        }
        var byChannel = customer.Objects("customerSubscriptions")
            .Select(entry => (Channel: entry.Object("subscription")?.Text("channel"), Subscribed: entry.OptionalBool("subscribed"), At: OptionalTime(entry, "changedAt") ?? version))
            .Where(entry => entry.Channel is not null && entry.Subscribed is not null && RetailCrmFacts.SubscriptionChannels.ContainsKey(entry.Channel))
            .GroupBy(entry => RetailCrmFacts.SubscriptionChannels[entry.Channel!]);
        foreach (var channel in byChannel)
        {
            var granted = channel.Where(entry => entry.Subscribed == true).ToList();
            consents[channel.Key] = granted.Count > 0
                ? new Consent(ConsentState.Granted, Source, granted.Max(entry => entry.At))
                : new Consent(ConsentState.Denied, Source, channel.Max(entry => entry.At));
        }
        return consents;
    }

    /// <summary><c>birthday</c> is <c>Y-m-d</c>; an older client model types it as a date-time, so a time after the date is tolerated.</summary>
    static DateOnly? Birthday(PayloadObject customer)
    {
        if (customer.Text("birthday") is not { } text)
        {
            return null;
        }
        return text.Length >= 10 && DateOnly.TryParseExact(text[..10], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date
            : throw customer.Wrong("birthday", "a date written Y-m-d");
    }

    public DateTimeOffset Time(PayloadObject entity, string name) => OptionalTime(entity, name) ?? throw entity.Missing(name);

    public DateTimeOffset? OptionalTime(PayloadObject entity, string name)
    {
        if (entity.Text(name) is not { } text)
        {
            return null;
        }
        return time.Parse(text) ?? throw entity.Wrong(name, "a time written Y-m-d H:i:s");
    }

    static IReadOnlyList<string> Contacts(params string?[] values)
        => [.. values.OfType<string>().Distinct(StringComparer.OrdinalIgnoreCase)];
}
