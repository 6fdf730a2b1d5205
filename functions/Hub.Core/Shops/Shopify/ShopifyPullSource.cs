using System.Globalization;
using System.Text.Json;
using Hub.Customers;
using Hub.Shops.Sync;

namespace Hub.Shops.Shopify;

/// <summary>
/// Pulls customers, orders and abandoned checkouts from Shopify's GraphQL Admin API (shared/specs/shop-platforms.md §1):
/// one page per call, in the order of their update time where Shopify can sort so, changed since the cursor's time,
/// mapped by <see cref="ShopifyNodeMapping"/> to the same records and ids as <see cref="ShopifyWebhooks"/>. Cursor:
/// <see cref="ShopifyPullCursor"/>; page sizes and costs: <see cref="ShopifyFacts"/>; throttling:
/// <see cref="ShopifyGraphQLFailures"/>. Nothing personal is logged.
/// </summary>
internal sealed class ShopifyPullSource(ShopApiClients clients, ShopSecrets secrets, TimeProvider time) : IPullSource
{
    public string Platform => Platforms.Shopify;

    /// <summary>
    /// Customers every 30 minutes: each run re-reads up to a day of changes (<see cref="ShopifyFacts.CustomersFilterSlack"/>).
    /// Orders and checkouts every 15 minutes. Webhooks carry the changes first; pulls catch what they lost.
    /// </summary>
    public IReadOnlyDictionary<SyncResource, TimeSpan> Resources { get; } = new Dictionary<SyncResource, TimeSpan>
    {
        [SyncResource.Customers] = TimeSpan.FromMinutes(30),
        [SyncResource.Orders] = TimeSpan.FromMinutes(15),
        [SyncResource.Carts] = TimeSpan.FromMinutes(15),
    };

    public async Task<PullPage> PullAsync(Shop shop, SyncResource resource, string? cursor, CancellationToken cancellationToken = default)
    {
        var list = ShopifyList.Of(resource);
        var at = ShopifyPullCursor.Parse(cursor).Begin(time.GetUtcNow());
        var api = Api(shop);
        var variables = new Dictionary<string, object?>
        {
            ["first"] = list.PageSize,
            ["after"] = at.After,
            ["query"] = Filter(resource, at.Since),
            ["withTotal"] = at.After is null,
        };
        if (list.HasLineItems)
        {
            variables["lineItems"] = ShopifyFacts.LineItemsPerNode;
        }
        var reply = await CallAsync(shop, api, list.Query, variables, $"the {list.Name} query", cancellationToken);
        var connection = Read<ShopifyConnection>(reply, list.Connection, $"the {list.Name} query");
        var pageInfo = connection.PageInfo ?? throw new PlatformApiException(Platforms.Shopify, 200, $"the {list.Name} query answered without '{list.Connection}.pageInfo'", transient: false);

        var changes = new List<ShopChange>();
        DateTimeOffset? newest = null;
        var oldestWanted = at.Since - ShopifyFacts.IndexLag;
        var lastCost = reply.Cost;
        var nodes = connection.Nodes ?? [];
        for (var index = 0; index < nodes.Count; index++)
        {
            var mapped = await MapAsync(shop, api, resource, nodes[index], $"{list.Connection}.nodes[{index}]", cancellationToken);
            lastCost = mapped.Cost ?? lastCost;
            if (mapped.UpdatedAt is { } updatedAt)
            {
                newest = newest is null || updatedAt > newest ? updatedAt : newest;
                if (updatedAt < oldestWanted)
                {
                    // Inside the filter's slack but older than the cursor: a previous run already brought it.
                    continue;
                }
            }
            changes.Add(mapped.Change);
        }

        var next = at.Next(pageInfo.EndCursor, pageInfo.HasNextPage, newest);
        return new PullPage(changes, next.Serialize(), next.After is not null)
        {
            Total = Total(reply, list.Count),
            Pause = reply.Cost is { } cost ? ShopifyGraphQLFailures.PauseBefore(cost.RequestedQueryCost, lastCost?.ThrottleStatus) : null,
        };
    }

    public async Task<IReadOnlyList<ShopChange>> FetchAsync(Shop shop, SyncResource resource, string id, CancellationToken cancellationToken = default)
    {
        var api = Api(shop);
        var (query, variables, field, node) = resource switch
        {
            SyncResource.Customers => (ShopifyQueries.Customer, new Dictionary<string, object?> { ["id"] = ShopifyIds.Gid("Customer", id) }, "customer", "customer"),
            SyncResource.Orders => (ShopifyQueries.Order, new Dictionary<string, object?> { ["id"] = ShopifyIds.Gid("Order", id), ["lineItems"] = ShopifyFacts.LineItemsPerNode }, "order", "order"),
            // No single-checkout query by id: the list, filtered by id.
            SyncResource.Carts => (ShopifyQueries.Carts, new Dictionary<string, object?>
            {
                ["first"] = 1, ["after"] = null, ["query"] = $"id:{ShopifyIds.Rest(null, id)}", ["withTotal"] = false, ["lineItems"] = ShopifyFacts.LineItemsPerNode,
            }, "abandonedCheckouts", "abandonedCheckouts.nodes[0]"),
            _ => throw new ArgumentOutOfRangeException(nameof(resource), resource, "Shopify pulls customers, orders and carts."),
        };
        var what = $"the {field} query";
        var reply = await CallAsync(shop, api, query, variables, what, cancellationToken);
        JsonElement? found = resource == SyncResource.Carts
            ? Read<ShopifyConnection>(reply, field, what).Nodes?.FirstOrDefault()
            : reply.Data is { } data && data.TryGetProperty(field, out var value) && value.ValueKind == JsonValueKind.Object ? value : null;
        if (found is not { ValueKind: JsonValueKind.Object } entity)
        {
            // Deleted, or never there: nothing to apply.
            return [];
        }
        return [(await MapAsync(shop, api, resource, entity, node, cancellationToken)).Change];
    }

    /// <summary>One node as a change, or an <see cref="ShopChange.Ignore"/> naming the node and the field when it cannot be read.</summary>
    async Task<MappedNode> MapAsync(Shop shop, IShopifyAdminApi api, SyncResource resource, JsonElement node, string path, CancellationToken cancellationToken)
    {
        try
        {
            switch (resource)
            {
                case SyncResource.Customers:
                    var customer = ShopifyNodeMapping.Customer(Node<ShopifyCustomerNode>(node));
                    return new(new ShopChange.UpsertCustomer(customer), customer.UpdatedAt, null);
                case SyncResource.Orders:
                    var orderNode = Node<ShopifyOrderNode>(node);
                    var (orderItems, orderCost) = await LineItemsAsync(shop, api, orderNode.Id, orderNode.LineItems, "order", cancellationToken);
                    var order = ShopifyNodeMapping.Order(orderNode, orderItems);
                    return new(new ShopChange.UpsertOrder(order), order.UpdatedAt, orderCost);
                default:
                    var checkoutNode = Node<ShopifyCheckoutNode>(node);
                    var (cartItems, cartCost) = await LineItemsAsync(shop, api, checkoutNode.Id, checkoutNode.LineItems, "checkout", cancellationToken);
                    var cart = ShopifyNodeMapping.Cart(checkoutNode, cartItems);
                    return new(new ShopChange.UpsertCart(cart), cart.UpdatedAt, cartCost);
            }
        }
        catch (Exception e) when (e is ShopifyNodeException or JsonException)
        {
            var problem = e is JsonException { Path: { } at } ? $"field '{at.TrimStart('$', '.')}' has the wrong type" : e.Message;
            return new(new ShopChange.Ignore($"shopify {Singular(resource)} {NodeId(node)} ({path}): {problem}"), null, null);
        }
    }

    /// <summary>The node's own line items, then the rest in calls of <see cref="ShopifyFacts.MoreLineItemsPerCall"/>.</summary>
    async Task<(IReadOnlyList<ShopifyLineItemNode> Items, ShopifyQueryCost? Cost)> LineItemsAsync(
        Shop shop, IShopifyAdminApi api, string? gid, ShopifyLineItems? first, string owner, CancellationToken cancellationToken)
    {
        var items = new List<ShopifyLineItemNode>(first?.Nodes ?? []);
        ShopifyQueryCost? cost = null;
        var page = first?.PageInfo;
        while (page is { HasNextPage: true, EndCursor: { } after })
        {
            if (gid is null)
            {
                throw new ShopifyNodeException("field 'id' is missing (needed to read the remaining line items)");
            }
            var what = $"the line items query of {owner} {gid}";
            var reply = await CallAsync(shop, api, ShopifyQueries.MoreLineItems,
                new Dictionary<string, object?> { ["id"] = gid, ["after"] = after, ["first"] = ShopifyFacts.MoreLineItemsPerCall }, what, cancellationToken);
            cost = reply.Cost ?? cost;
            if (reply.Data is not { } data || !data.TryGetProperty("node", out var node) || node.ValueKind != JsonValueKind.Object
                || !node.TryGetProperty("lineItems", out var lineItems))
            {
                throw new ShopifyNodeException($"{owner} {gid} vanished while its line items were read");
            }
            var more = Node<ShopifyLineItems>(lineItems);
            items.AddRange(more.Nodes ?? []);
            page = more.PageInfo;
        }
        return (items, cost);
    }

    IShopifyAdminApi Api(Shop shop)
    {
        if (string.IsNullOrWhiteSpace(shop.ApiUrl) || !Uri.TryCreate(shop.ApiUrl.Trim(), UriKind.Absolute, out var url))
        {
            throw new PlatformApiException(Platforms.Shopify, null,
                $"shop '{shop.Id}' has no API URL: set it to https://{{shop}}.myshopify.com (hub shops add --api-url)", transient: false);
        }
        var token = secrets.ApiToken(shop.Id, Platforms.Shopify);
        return clients.Create<IShopifyAdminApi>(Platforms.Shopify, url, HubJson.Options, headers => headers.Add(ShopifyFacts.AccessTokenHeader, token));
    }

    static async Task<ShopifyGraphQLReply> CallAsync(Shop shop, IShopifyAdminApi api, string query, IReadOnlyDictionary<string, object?> variables, string what, CancellationToken cancellationToken)
    {
        var reply = await PlatformFailures.CallAsync(Platforms.Shopify, what, ShopSecrets.ApiTokenKey(shop.Id),
            () => api.QueryAsync(ShopifyFacts.ApiVersion, new ShopifyGraphQLRequest(query, variables), cancellationToken));
        ShopifyGraphQLFailures.ThrowIfFailed(reply, what);
        return reply;
    }

    /// <summary>
    /// <c>updated_at:&gt;'…'</c> from the cursor's time less the index lag (a day for customers, whose filter matches whole
    /// days), in whole UTC seconds rounded down; null for a backfill.
    /// </summary>
    internal static string? Filter(SyncResource resource, DateTimeOffset? since)
    {
        if (since is not { } value)
        {
            return null;
        }
        var from = value.ToUniversalTime() - (resource == SyncResource.Customers ? ShopifyFacts.CustomersFilterSlack : ShopifyFacts.IndexLag);
        from = new DateTimeOffset(from.Ticks - from.Ticks % TimeSpan.TicksPerSecond, TimeSpan.Zero);
        return $"updated_at:>'{from.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)}'";
    }

    static T Read<T>(ShopifyGraphQLReply reply, string field, string what)
    {
        if (reply.Data is not { } data || !data.TryGetProperty(field, out var value) || value.ValueKind != JsonValueKind.Object)
        {
            throw new PlatformApiException(Platforms.Shopify, 200, $"{what} answered without 'data.{field}'", transient: false);
        }
        try
        {
            return value.Deserialize<T>(HubJson.Options)!;
        }
        catch (JsonException e)
        {
            throw new PlatformApiException(Platforms.Shopify, 200, $"{what} answered 'data.{field}' in a shape we cannot read: {e.Path}", transient: false, e);
        }
    }

    static long? Total(ShopifyGraphQLReply reply, string countField)
        => reply.Data is { } data && data.TryGetProperty(countField, out var value) && value.ValueKind == JsonValueKind.Object
            && value.Deserialize<ShopifyCount>(HubJson.Options) is { Precision: "EXACT" } count
            ? count.Count
            : null;

    static T Node<T>(JsonElement node) => node.Deserialize<T>(HubJson.Options) ?? throw new ShopifyNodeException("the node is null");

    /// <summary>The node's id for messages (ids are not personal data), read without trusting the node's shape.</summary>
    static string NodeId(JsonElement node)
    {
        foreach (var name in (string[])["legacyResourceId", "id"])
        {
            if (node.ValueKind == JsonValueKind.Object && node.TryGetProperty(name, out var value) && value.ValueKind is JsonValueKind.String or JsonValueKind.Number)
            {
                return value.ToString();
            }
        }
        return "(no id)";
    }

    static string Singular(SyncResource resource) => resource switch
    {
        SyncResource.Customers => "customer",
        SyncResource.Orders => "order",
        _ => "checkout",
    };

    readonly record struct MappedNode(ShopChange Change, DateTimeOffset? UpdatedAt, ShopifyQueryCost? Cost);
}
