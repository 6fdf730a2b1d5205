using System.Text.Json;
using Hub.Customers;
using Hub.Shops.Sync;
using Hub.Webhooks;

namespace Hub.Shops.RetailCrm;

/// <summary>
/// Pulls customers and orders from RetailCRM API v5 (shared/specs/shop-platforms.md §2).
/// <para>
/// A backfill (null cursor) lists every entity (<c>GET /customers?limit=100&amp;page=N</c>), dated by when the backfill
/// started, then walks the history from that moment: the first call with <c>filter[startDate]</c>, every later one with
/// <c>filter[sinceId]</c> = the last entry id seen — never with <c>page</c>, which RetailCRM refuses together with
/// <c>sinceId</c>. An incremental run continues the walk from the stored <c>sinceId</c>. See <see cref="RetailCrmCursor"/>.
/// </para>
/// <para>
/// A history page is a list of field diffs. The distinct entities it names are read again in one call
/// (<c>filter[ids][]</c>) and mapped whole, each dated by the <c>createdAt</c> of its newest entry; a deleted customer
/// becomes <see cref="ShopChange.DeleteCustomer"/>. A customer merged into another (<c>combinedTo</c>) is deleted on this
/// page and the survivor is read on the next one: pages are stored one after another, so the survivor's newer profile
/// always lands after the deletion (changes within a page run in parallel lanes) and clears it should the hub already
/// hold both as one person.
/// </para>
/// <para>
/// Carts have no list and no history in RetailCRM (<c>GET /customer-interaction/{site}/cart/{customerId}</c> reads one
/// customer's cart), so they are not pulled: <see cref="FetchAsync"/> reads a customer's cart when a trigger names it.
/// </para>
/// </summary>
internal sealed class RetailCrmPull(ShopApiClients clients, ShopSecrets secrets, TimeProvider time) : IPullSource
{
    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(15);

    /// <summary>
    /// A merge's survivor is dated this long after the merge entry: strictly newer than anything the merge itself
    /// wrote, so it wins over the deletion of the merged-away customer.
    /// </summary>
    public static readonly TimeSpan AfterMerge = TimeSpan.FromSeconds(1);

    public string Platform => Platforms.RetailCrm;

    public IReadOnlyDictionary<SyncResource, TimeSpan> Resources { get; } = new Dictionary<SyncResource, TimeSpan>
    {
        [SyncResource.Customers] = Interval,
        [SyncResource.Orders] = Interval,
    };

    public async Task<PullPage> PullAsync(Shop shop, SyncResource resource, string? cursor, CancellationToken cancellationToken = default)
    {
        var kind = Kind.Of(resource) ?? throw new PlatformApiException(Platform, null,
            "RetailCRM has no list or history of carts: a customer's cart is read when a trigger names it", transient: false);
        var connection = Connect(shop);
        var at = cursor is null
            ? new RetailCrmCursor { List = 1, From = time.GetUtcNow() - RetailCrmFacts.BackfillHistoryOverlap }
            : RetailCrmCursor.Read(cursor);
        if (at.Merged is { Count: > 0 } merged)
        {
            return await SurvivorsAsync(connection, at, merged, cancellationToken);
        }
        return at.List is { } page
            ? await ListPageAsync(connection, kind, at, page, cancellationToken)
            : await HistoryPageAsync(connection, kind, at, cancellationToken);
    }

    public async Task<IReadOnlyList<ShopChange>> FetchAsync(Shop shop, SyncResource resource, string id, CancellationToken cancellationToken = default)
    {
        var connection = Connect(shop);
        if (Kind.Of(resource) is not { } kind)
        {
            return await CartAsync(connection, id, cancellationToken);
        }
        var version = await NewestEntryAsync(connection, kind, id, cancellationToken);
        var what = $"GET /api/v5/{kind.Path}?filter[ids][]={id}";
        using var reply = await CallAsync(connection, what, () => connection.Api.ByIdsAsync(kind.Path, [id], RetailCrmFacts.PageSize, cancellationToken));
        return Find(Items(reply, what, kind.Path), id) is { } item
            ? [Map(connection, kind, item, version ?? Version(connection, item))]
            : [];
    }

    async Task<PullPage> ListPageAsync(Connection connection, Kind kind, RetailCrmCursor at, int page, CancellationToken cancellationToken)
    {
        var what = $"GET /api/v5/{kind.Path}?page={page}";
        using var reply = await CallAsync(connection, what, () => connection.Api.ListAsync(kind.Path, RetailCrmFacts.PageSize, page, cancellationToken));
        var root = Root(reply, what);
        var items = Read(what, () => root.Objects(kind.Path));
        // Listed now, so at least as new as the moment the backfill started: the history walk from there overrides it.
        var changes = items.Select(item => Map(connection, kind, item, at.From!.Value)).ToList();
        var (_, pages, total) = Pagination(root, what);
        var next = items.Count > 0 && page < pages
            ? at with { List = page + 1 }
            : new RetailCrmCursor { From = at.From };
        // The history walk follows the list, even on the last page.
        return new PullPage(changes, next.Write(), HasMore: true) { Total = total };
    }

    async Task<PullPage> HistoryPageAsync(Connection connection, Kind kind, RetailCrmCursor at, CancellationToken cancellationToken)
    {
        string what;
        Func<Task<JsonDocument>> request;
        if (at.SinceId is { } since)
        {
            what = $"GET /api/v5/{kind.Path}/history?filter[sinceId]={since}";
            request = () => connection.Api.HistorySinceAsync(kind.Path, since, RetailCrmFacts.PageSize, cancellationToken);
        }
        else
        {
            var start = connection.Time.Write(at.From!.Value);
            what = $"GET /api/v5/{kind.Path}/history?filter[startDate]={start}";
            request = () => connection.Api.HistoryFromAsync(kind.Path, start, RetailCrmFacts.PageSize, cancellationToken);
        }
        using var reply = await CallAsync(connection, what, request);
        var root = Root(reply, what);
        var entries = Read(what, () => root.Objects("history"));
        if (entries.Count == 0)
        {
            // Nothing new: the next run asks the same question again.
            return new PullPage([], at.Write(), HasMore: false);
        }
        var history = RetailCrmHistory.Fold(entries, kind.Entity, connection.Records);
        var lastId = history.LastId
            ?? throw new PlatformApiException(Platform, 200, $"{what}: no entry of the page has an id, so the walk cannot move past it", transient: false);
        var (currentPage, pages, _) = Pagination(root, what);
        var more = (currentPage ?? 1) < (pages ?? 1);

        var changes = new List<ShopChange>(history.Problems.Select(problem => new ShopChange.Ignore(problem)));
        var changed = new Dictionary<string, DateTimeOffset>(history.Changed, StringComparer.Ordinal);
        var survivors = new List<RetailCrmCursor.MergedCustomer>();
        if (kind == Kind.Customers)
        {
            foreach (var (id, deletedAt) in history.Deleted.Where(d => !history.Merged.ContainsKey(d.Key)))
            {
                changes.Add(new ShopChange.DeleteCustomer(new CustomerRecord { Source = Platform, ExternalId = id }, deletedAt));
            }
            foreach (var (id, (into, mergedAt)) in history.Merged)
            {
                changes.Add(new ShopChange.DeleteCustomer(new CustomerRecord { Source = Platform, ExternalId = id }, mergedAt));
            }
            foreach (var into in history.Merged.Values.Select(m => m.Into).Distinct().Where(into => !history.Deleted.ContainsKey(into)))
            {
                var mergedAt = history.Merged.Values.Where(m => m.Into == into).Max(m => m.At);
                var seen = changed.Remove(into, out var changedAt) && changedAt > mergedAt ? changedAt : mergedAt;
                survivors.Add(new RetailCrmCursor.MergedCustomer(into, seen));
            }
        }
        else
        {
            changes.AddRange(history.Deleted.Keys.Select(id => new ShopChange.Ignore($"order {id} was deleted in RetailCRM; the hub keeps it as last seen")));
            changes.AddRange(history.Merged.Select(m => new ShopChange.Ignore($"order {m.Key} was merged into order {m.Value.Into} in RetailCRM; that one is read instead")));
        }
        changes.AddRange(await RefetchAsync(connection, kind, changed, cancellationToken));
        var next = new RetailCrmCursor { SinceId = lastId, Merged = survivors.Count > 0 ? survivors : null };
        return new PullPage(changes, next.Write(), HasMore: more || survivors.Count > 0);
    }

    /// <summary>The customers that absorbed others on the previous page, read after those were marked deleted.</summary>
    async Task<PullPage> SurvivorsAsync(Connection connection, RetailCrmCursor at, IReadOnlyList<RetailCrmCursor.MergedCustomer> merged, CancellationToken cancellationToken)
    {
        var versions = merged.ToDictionary(m => m.Id, m => m.At + AfterMerge, StringComparer.Ordinal);
        var changes = await RefetchAsync(connection, Kind.Customers, versions, cancellationToken);
        return new PullPage(changes, (at with { Merged = null }).Write(), HasMore: true);
    }

    /// <summary>Reads the entities a history page named, 100 per call, each mapped with its version.</summary>
    async Task<List<ShopChange>> RefetchAsync(Connection connection, Kind kind, IReadOnlyDictionary<string, DateTimeOffset> versions, CancellationToken cancellationToken)
    {
        var changes = new List<ShopChange>(versions.Count);
        var found = new HashSet<string>(StringComparer.Ordinal);
        foreach (var chunk in versions.Keys.Chunk(RetailCrmFacts.PageSize))
        {
            var what = $"GET /api/v5/{kind.Path}?filter[ids][]=… ({chunk.Length} ids)";
            using var reply = await CallAsync(connection, what, () => connection.Api.ByIdsAsync(kind.Path, chunk, RetailCrmFacts.PageSize, cancellationToken));
            foreach (var item in Items(reply, what, kind.Path))
            {
                if (IdOf(item) is { } id && versions.TryGetValue(id, out var version) && found.Add(id))
                {
                    changes.Add(Map(connection, kind, item, version));
                }
            }
        }
        changes.AddRange(versions.Keys.Where(id => !found.Contains(id)).Select(id =>
            new ShopChange.Ignore($"{kind.Entity} {id} changed in the history but RetailCRM no longer lists it; a later history entry will say why")));
        return changes;
    }

    /// <summary>The time of the newest history entry of one entity: the last entry of its last history page.</summary>
    async Task<DateTimeOffset?> NewestEntryAsync(Connection connection, Kind kind, string id, CancellationToken cancellationToken)
    {
        var what = $"GET /api/v5/{kind.Path}/history?filter[{kind.Entity}Id]={id}";
        var page = 1;
        while (true)
        {
            using var reply = await CallAsync(connection, what, () => kind.EntityHistory(connection.Api, id, page, cancellationToken));
            var root = Root(reply, what);
            var (_, pages, _) = Pagination(root, what);
            if (pages is { } last && last > page)
            {
                page = (int)last;
                continue;
            }
            var history = RetailCrmHistory.Fold(Read(what, () => root.Objects("history")), kind.Entity, connection.Records);
            return history.Changed.Values.Concat(history.Deleted.Values).Concat(history.Merged.Values.Select(m => m.At))
                .Select(at => (DateTimeOffset?)at).Max();
        }
    }

    /// <summary>
    /// A customer's cart: the customer is read first for their site (carts are kept per site) and contacts, then the
    /// cart. A customer without a cart (404) or no longer in RetailCRM gives nothing.
    /// </summary>
    async Task<IReadOnlyList<ShopChange>> CartAsync(Connection connection, string customerId, CancellationToken cancellationToken)
    {
        var what = $"GET /api/v5/customers?filter[ids][]={customerId}";
        CustomerRecord buyer;
        string? site;
        using (var reply = await CallAsync(connection, what, () => connection.Api.ByIdsAsync(Kind.Customers.Path, [customerId], RetailCrmFacts.PageSize, cancellationToken)))
        {
            if (Find(Items(reply, what, Kind.Customers.Path), customerId) is not { } customer)
            {
                return [];
            }
            try
            {
                site = customer.Text("site");
                // Contacts link the cart to the person; consents and profile are the customers pull's to set.
                buyer = connection.Records.Customer(customer, Version(connection, customer)) with { Consents = new Dictionary<Channel, Consent>(), UpdatedAt = null };
            }
            catch (WebhookFormatException e)
            {
                return [new ShopChange.Ignore($"cart of customer {customerId} skipped: {e.Message}")];
            }
        }
        if (site is null)
        {
            return [new ShopChange.Ignore($"cart of customer {customerId} skipped: the customer has no site, and carts are kept per site")];
        }
        what = $"GET /api/v5/customer-interaction/{site}/cart/{customerId}";
        JsonDocument cartReply;
        try
        {
            cartReply = await CallAsync(connection, what, () => connection.Api.CartAsync(site, customerId, "id", "code", cancellationToken));
        }
        catch (PlatformApiException e) when (e.Status == 404)
        {
            return [];
        }
        using (cartReply)
        {
            var root = Root(cartReply, what);
            try
            {
                return root.Object("cart") is { } cart
                    ? [new ShopChange.UpsertCart(connection.Records.Cart(cart, buyer, time.GetUtcNow()))]
                    : [];
            }
            catch (WebhookFormatException e)
            {
                return [new ShopChange.Ignore($"cart of customer {customerId} skipped: {e.Message}")];
            }
        }
    }

    /// <summary>One entity to a change; an entity we cannot read becomes an Ignore naming it and the field, and the page goes on.</summary>
    ShopChange Map(Connection connection, Kind kind, PayloadObject item, DateTimeOffset version)
    {
        try
        {
            return kind == Kind.Customers
                ? new ShopChange.UpsertCustomer(connection.Records.Customer(item, version))
                : new ShopChange.UpsertOrder(connection.Records.Order(item, version));
        }
        catch (WebhookFormatException e)
        {
            return new ShopChange.Ignore($"{kind.Entity} {IdOf(item) ?? "(no id)"} skipped: {e.Message}");
        }
    }

    /// <summary>An entity with no history to date it (created before history was kept): its creation time, else now.</summary>
    DateTimeOffset Version(Connection connection, PayloadObject item)
    {
        try
        {
            return connection.Records.OptionalTime(item, "createdAt") ?? time.GetUtcNow();
        }
        catch (WebhookFormatException)
        {
            return time.GetUtcNow();
        }
    }

    Connection Connect(Shop shop)
    {
        var url = shop.ApiUrl?.Trim().TrimEnd('/');
        if (url is not null && url.EndsWith("/api/v5", StringComparison.OrdinalIgnoreCase))
        {
            url = url[..^"/api/v5".Length];
        }
        if (!Uri.TryCreate(url, UriKind.Absolute, out var address) || address.Scheme is not ("https" or "http"))
        {
            throw new PlatformApiException(Platform, null,
                $"shop '{shop.Id}' has {(url is null ? "no API URL" : $"the API URL '{url}', which is not an address")}: set it to https://{{account}}.retailcrm.ru",
                transient: false);
        }
        var key = secrets.ApiToken(shop.Id, Platform);
        var api = clients.Create<IRetailCrmApi>(Platform, address, HubJson.Options, headers => headers.Add(RetailCrmFacts.ApiKeyHeader, key));
        var zone = RetailCrmTime.Of(shop);
        return new Connection(shop, api, zone, new RetailCrmRecords(zone));
    }

    Task<JsonDocument> CallAsync(Connection connection, string what, Func<Task<JsonDocument>> call) =>
        PlatformFailures.CallAsync(Platform, what, ShopSecrets.ApiTokenKey(connection.Shop.Id), call, RetailCrmFacts.ThrottleWait);

    /// <summary>The reply's root; RetailCRM says <c>success: false</c> with an <c>errorMsg</c> when it refuses a call.</summary>
    PayloadObject Root(JsonDocument reply, string what)
    {
        if (reply.RootElement.ValueKind != JsonValueKind.Object)
        {
            throw new PlatformApiException(Platform, 200, $"{what} answered JSON that is not an object", transient: false);
        }
        var root = PayloadObject.Root(reply, what);
        if (Read(what, () => root.OptionalBool("success")) == false)
        {
            var message = Read(what, () => root.Text("errorMsg")) ?? "no errorMsg";
            throw new PlatformApiException(Platform, 200, $"{what} answered success=false: {message}", transient: false);
        }
        return root;
    }

    IReadOnlyList<PayloadObject> Items(JsonDocument reply, string what, string field)
    {
        var root = Root(reply, what);
        return Read(what, () => root.Objects(field));
    }

    /// <summary><c>pagination{currentPage, totalPageCount, totalCount}</c>, each null when absent.</summary>
    (long? CurrentPage, long? Pages, long? Total) Pagination(PayloadObject root, string what) => Read(what, () =>
    {
        var pagination = root.Object("pagination");
        return ((long?)pagination?.OptionalDecimal("currentPage"), (long?)pagination?.OptionalDecimal("totalPageCount"), (long?)pagination?.OptionalDecimal("totalCount"));
    });

    /// <summary>The shape of a whole reply is wrong (not one entity in it): the call failed, naming the field.</summary>
    T Read<T>(string what, Func<T> read)
    {
        try
        {
            return read();
        }
        catch (WebhookFormatException e)
        {
            throw new PlatformApiException(Platform, 200, e.Message, transient: false, e);
        }
    }

    static PayloadObject? Find(IReadOnlyList<PayloadObject> items, string id)
        => items.Where(item => IdOf(item) == id).Select(item => (PayloadObject?)item).FirstOrDefault();

    static string? IdOf(PayloadObject item)
    {
        try
        {
            return item.OptionalId("id");
        }
        catch (WebhookFormatException)
        {
            return null;
        }
    }

    sealed record Connection(Shop Shop, IRetailCrmApi Api, RetailCrmTime Time, RetailCrmRecords Records);

    /// <summary>What a resource is called in paths (<c>customers</c>) and in history entries (<c>customer</c>).</summary>
    sealed record Kind(string Path, string Entity, Func<IRetailCrmApi, string, int, CancellationToken, Task<JsonDocument>> EntityHistory)
    {
        public static readonly Kind Customers = new("customers", "customer",
            (api, id, page, cancellationToken) => api.CustomerHistoryAsync(id, RetailCrmFacts.PageSize, page, cancellationToken));
        public static readonly Kind Orders = new("orders", "order",
            (api, id, page, cancellationToken) => api.OrderHistoryAsync(id, RetailCrmFacts.PageSize, page, cancellationToken));

        public static Kind? Of(SyncResource resource) => resource switch
        {
            SyncResource.Customers => Customers,
            SyncResource.Orders => Orders,
            _ => null,
        };
    }
}
