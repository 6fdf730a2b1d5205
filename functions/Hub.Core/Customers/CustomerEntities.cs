using System.Globalization;
using System.Text.Json;
using Azure.Data.Tables;
using Hub.Storage;

namespace Hub.Customers;

/// <summary>
/// How customers, orders and carts are laid out in Table Storage (keys in docs/storage.md).
/// Lists and maps are JSON strings; numbers used for filtering are their own columns; money is a
/// decimal written as an invariant string (Table Storage has no decimal type).
/// </summary>
public static class CustomerEntities
{
    public const int MaxContactsPerKind = 20;

    public static TableEntity ToEntity(Customer c)
    {
        var a = c.Aggregates;
        return new TableEntity(Buckets.Partition(c.ShopId, c.Id), c.Id)
        {
            ["FirstName"] = c.FirstName,
            ["LastName"] = c.LastName,
            ["MiddleName"] = c.MiddleName,
            ["Email"] = c.Emails.FirstOrDefault(e => e.Valid)?.Value,
            ["Phone"] = c.Phones.FirstOrDefault(p => p.Valid)?.Value,
            ["Emails"] = Json(c.Emails.TakeLast(MaxContactsPerKind).ToArray()),
            ["Phones"] = Json(c.Phones.TakeLast(MaxContactsPerKind).ToArray()),
            ["Birthday"] = c.Birthday?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["Gender"] = c.Gender?.ToString().ToLowerInvariant(),
            ["City"] = c.City,
            ["TimeZone"] = c.TimeZone,
            ["Tags"] = c.Tags.Count == 0 ? null : Json(c.Tags),
            ["Consents"] = Json(c.Consents),
            ["ExternalIds"] = Json(c.ExternalIds),
            ["SourceVersions"] = Json(c.SourceVersions),
            ["OrdersCount"] = a.OrdersCount,
            ["TotalSpent"] = Money(a.TotalSpent),
            ["AverageCheck"] = Money(a.AverageCheck),
            ["Currency"] = a.Currency,
            ["FirstOrderAt"] = a.FirstOrderAt,
            ["LastOrderAt"] = a.LastOrderAt,
            ["Brands"] = Json(a.Brands),
            ["Categories"] = Json(a.Categories),
            ["Products"] = a.Products.Count == 0 ? null : Json(a.Products),
            ["CreatedAt"] = c.CreatedAt,
            ["UpdatedAt"] = c.UpdatedAt,
            ["DeletedAt"] = c.DeletedAt,
            ["MergedInto"] = c.MergedInto,
        };
    }

    /// <summary>Equal as stored, ignoring UpdatedAt: an unchanged customer is not rewritten.</summary>
    public static bool SameAsStored(Customer a, Customer b)
    {
        if (ReferenceEquals(a, b))
        {
            return true;
        }
        var ea = ToEntity(a with { UpdatedAt = default });
        var eb = ToEntity(b with { UpdatedAt = default });
        return ea.Count == eb.Count && ea.All(p => eb.TryGetValue(p.Key, out var v) && Equals(p.Value, v));
    }

    /// <summary>What deciding whether a message can reach a customer reads: addresses, consents, zone, and whether they are gone.</summary>
    public static readonly IReadOnlyList<string> ReachColumns = ["FirstName", "Emails", "Phones", "Consents", "ExternalIds", "TimeZone", "DeletedAt", "MergedInto", "LastOrderAt", "CreatedAt"];

    public static Customer ToCustomer(TableEntity e, string shopId) => new()
    {
        Id = e.RowKey,
        ShopId = shopId,
        FirstName = e.GetString("FirstName"),
        LastName = e.GetString("LastName"),
        MiddleName = e.GetString("MiddleName"),
        Emails = FromJson<ContactPoint[]>(e, "Emails") ?? [],
        Phones = FromJson<ContactPoint[]>(e, "Phones") ?? [],
        Birthday = e.GetString("Birthday") is { } b ? DateOnly.ParseExact(b, "yyyy-MM-dd", CultureInfo.InvariantCulture) : null,
        Gender = e.GetString("Gender") is { } g ? Enum.Parse<Gender>(g, ignoreCase: true) : null,
        City = e.GetString("City"),
        TimeZone = e.GetString("TimeZone"),
        Tags = FromJson<string[]>(e, "Tags") ?? [],
        Consents = FromJson<Dictionary<Channel, Consent>>(e, "Consents") ?? [],
        ExternalIds = FromJson<Dictionary<string, string>>(e, "ExternalIds") ?? [],
        SourceVersions = FromJson<Dictionary<string, DateTimeOffset>>(e, "SourceVersions") ?? [],
        Aggregates = new CustomerAggregates
        {
            OrdersCount = e.GetInt32("OrdersCount") ?? 0,
            TotalSpent = ParseMoney(e.GetString("TotalSpent")),
            AverageCheck = ParseMoney(e.GetString("AverageCheck")),
            Currency = e.GetString("Currency"),
            FirstOrderAt = e.GetDateTimeOffset("FirstOrderAt"),
            LastOrderAt = e.GetDateTimeOffset("LastOrderAt"),
            Brands = FromJson<Bought[]>(e, "Brands") ?? [],
            Categories = FromJson<Bought[]>(e, "Categories") ?? [],
            Products = FromJson<ProductPurchases[]>(e, "Products") ?? [],
        },
        CreatedAt = e.GetDateTimeOffset("CreatedAt") ?? default,
        UpdatedAt = e.GetDateTimeOffset("UpdatedAt") ?? default,
        DeletedAt = e.GetDateTimeOffset("DeletedAt"),
        MergedInto = e.GetString("MergedInto"),
    };

    /// <summary>Orders: PartitionKey <c>{shop}|{bucket}</c>, RowKey <c>{customerId}|{encoded orderId}</c>.</summary>
    public static TableEntity ToEntity(Order o) => new(Buckets.Partition(o.ShopId, o.CustomerId), ChildRowKey(o.CustomerId, o.Source, o.Id))
    {
        ["OrderId"] = o.Id,
        ["Source"] = o.Source,
        ["Number"] = o.Number,
        ["Status"] = o.Status,
        ["Cancelled"] = o.Cancelled,
        ["Currency"] = o.Currency,
        ["Total"] = Money(o.Total),
        ["CreatedAt"] = o.CreatedAt,
        ["UpdatedAt"] = o.UpdatedAt,
        ["Items"] = Json(o.Items),
    };

    public static Order ToOrder(TableEntity e, string shopId) => new()
    {
        Id = e.GetString("OrderId"),
        ShopId = shopId,
        CustomerId = e.RowKey[..e.RowKey.IndexOf('|')],
        Source = e.GetString("Source"),
        Number = e.GetString("Number"),
        Status = e.GetString("Status"),
        Cancelled = e.GetBoolean("Cancelled") ?? false,
        Currency = e.GetString("Currency"),
        Total = ParseMoney(e.GetString("Total")),
        CreatedAt = e.GetDateTimeOffset("CreatedAt") ?? default,
        UpdatedAt = e.GetDateTimeOffset("UpdatedAt") ?? default,
        Items = FromJson<LineItem[]>(e, "Items") ?? [],
    };

    /// <summary>Carts: PartitionKey <c>{shop}|{bucket}</c>, RowKey <c>{customerId}|{encoded cartId}</c>.</summary>
    public static TableEntity ToEntity(Cart c) => new(Buckets.Partition(c.ShopId, c.CustomerId), ChildRowKey(c.CustomerId, c.Source, c.Id))
    {
        ["CartId"] = c.Id,
        ["Source"] = c.Source,
        ["Items"] = Json(c.Items),
        ["Total"] = Money(c.Total),
        ["Currency"] = c.Currency,
        ["RecoveryUrl"] = c.RecoveryUrl,
        ["UpdatedAt"] = c.UpdatedAt,
        ["Converted"] = c.Converted,
    };

    public static Cart ToCart(TableEntity e, string shopId) => new()
    {
        Id = e.GetString("CartId"),
        ShopId = shopId,
        CustomerId = e.RowKey[..e.RowKey.IndexOf('|')],
        Source = e.GetString("Source"),
        Items = FromJson<LineItem[]>(e, "Items") ?? [],
        Total = ParseMoney(e.GetString("Total")),
        Currency = e.GetString("Currency"),
        RecoveryUrl = e.GetString("RecoveryUrl"),
        UpdatedAt = e.GetDateTimeOffset("UpdatedAt") ?? default,
        Converted = e.GetBoolean("Converted") ?? false,
    };

    /// <summary>Row key of an order or cart under its customer: <c>{customerId}|{source}~3A{id}</c>, all encoded.</summary>
    public static string ChildRowKey(string customerId, string source, string id) => $"{customerId}|{KeyEncoder.Encode(source + ":" + id)}";

    /// <summary>The RowKey range holding one customer's orders or carts: [<c>id|</c>, <c>id}</c>).</summary>
    public static string ChildrenFilter(string partitionKey, string customerId) => TableClient.CreateQueryFilter(
        $"PartitionKey eq {partitionKey} and RowKey ge {customerId + "|"} and RowKey lt {customerId + "}"}");

    public static string Money(decimal value) => value.ToString(CultureInfo.InvariantCulture);

    public static decimal ParseMoney(string? value) => value is null ? 0m : decimal.Parse(value, NumberStyles.Number, CultureInfo.InvariantCulture);

    static string Json<T>(T value) => JsonSerializer.Serialize(value, HubJson.Options);

    static T? FromJson<T>(TableEntity e, string property) =>
        e.GetString(property) is { Length: > 0 } json ? JsonSerializer.Deserialize<T>(json, HubJson.Options) : default;
}
