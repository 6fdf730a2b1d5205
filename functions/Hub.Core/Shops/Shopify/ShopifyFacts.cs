namespace Hub.Shops.Shopify;

/// <summary>
/// What the Shopify pull builds on (GraphQL Admin API, shared/specs/shop-platforms.md §1 "Pull API"), in one place.
/// [DOC] = shopify.dev or the published 2026-01 schema; [OURS] = our choice; [UNCONFIRMED] = not confirmed, verify
/// against a live shop. When Shopify answers differently, change it here; the tests read these constants too.
/// </summary>
internal static class ShopifyFacts
{
    /// <summary>[DOC] The Admin API version every call names in its path (<c>/admin/api/{version}/graphql.json</c>).</summary>
    public const string ApiVersion = "2026-01";

    /// <summary>[DOC] The header that carries the Admin API access token (<c>Shops__{id}__ApiToken</c>).</summary>
    public const string AccessTokenHeader = "X-Shopify-Access-Token";

    /// <summary>
    /// [DOC] A single query may not request more than this cost; it is checked before execution against the requested
    /// (worst-case) cost: an object costs 1, a connection 2 plus <c>first</c> × the cost of one node, scalars and enums 0.
    /// The page sizes below are chosen to stay under it with room to spare; a query over it is refused as
    /// <c>MAX_COST_EXCEEDED</c>, so a connection cannot simply ask for 250 nodes with nested objects.
    /// </summary>
    public const int MaxQueryCost = 1000;

    /// <summary>[DOC] Connections return at most 250 nodes per page.</summary>
    public const int MaxPageSize = 250;

    /// <summary>[OURS] Customers per page: 2 + 200 × (customer 1 + email 1 + phone 1 + address 1) + count 1 = 803 points requested.</summary>
    public const int CustomersPerPage = 200;

    /// <summary>
    /// [OURS] Orders per page, each with its first <see cref="LineItemsPerNode"/> line items: 2 + 30 × (order 1 + customer 1
    /// + billing address 1 + total 2 + line items 2 + 5 × (item 1 + product 1 + unit price 2)) + count 1 = 813 points requested.
    /// </summary>
    public const int OrdersPerPage = 30;

    /// <summary>[OURS] Abandoned checkouts per page: 2 + 30 × (checkout 1 + customer 3 + total 2 + line items 2 + 5 × 4) + count 1 = 843 points requested.</summary>
    public const int CartsPerPage = 30;

    /// <summary>[OURS] Line items read with each order or checkout of a page; the rest are read by <see cref="MoreLineItemsPerCall"/>.</summary>
    public const int LineItemsPerNode = 5;

    /// <summary>[OURS] Line items per follow-up call for an order or checkout with more: 1 + 2 + 100 × 4 = 403 points requested.</summary>
    public const int MoreLineItemsPerCall = 100;

    /// <summary>
    /// [UNCONFIRMED] How far before the cursor's time an incremental query starts, for orders and checkouts. Shopify's
    /// search filters (<c>query: "updated_at:&gt;…"</c>) read a search index that may lag behind writes a little; re-reading
    /// a few minutes costs a few items and ingestion ignores what it already holds.
    /// </summary>
    public static readonly TimeSpan IndexLag = TimeSpan.FromMinutes(5);

    /// <summary>
    /// [DOC, UNCONFIRMED reading] The <c>customers</c> <c>updated_at</c> filter is described as "matching a whole day" (in
    /// which time zone is not said), while its examples use full timestamps. Starting a day earlier is right under every
    /// reading; items older than the cursor (less <see cref="IndexLag"/>) are dropped from the page, so only the cost of
    /// reading them remains. If live tests show the filter is exact, set this to <see cref="IndexLag"/>.
    /// </summary>
    public static readonly TimeSpan CustomersFilterSlack = TimeSpan.FromDays(1);

    /// <summary>
    /// [DOC] Without the <c>read_all_orders</c> scope (which an app must request and Shopify must grant) only orders of
    /// the last 60 days are visible: a backfill then starts 60 days back. Nothing in a reply says so; nothing to detect.
    /// </summary>
    public const int OrderWindowWithoutReadAllOrdersDays = 60;

    /// <summary>[DOC] The error code of a reply refused because the cost bucket is empty (HTTP 200).</summary>
    public const string ThrottledCode = "THROTTLED";

    /// <summary>[DOC] The error code of a query whose requested cost is over <see cref="MaxQueryCost"/>.</summary>
    public const string MaxCostExceededCode = "MAX_COST_EXCEEDED";

    /// <summary>[DOC] The error code of a call the token's scopes (or protected-customer-data approval) do not cover.</summary>
    public const string AccessDeniedCode = "ACCESS_DENIED";

    /// <summary>[UNCONFIRMED] Error codes that trying again later can fix.</summary>
    public static readonly IReadOnlySet<string> TransientCodes = new HashSet<string>(StringComparer.Ordinal) { "INTERNAL_SERVER_ERROR", "SERVICE_UNAVAILABLE", "TIMEOUT" };

    /// <summary>[OURS] The shortest wait a <c>THROTTLED</c> reply schedules.</summary>
    public static readonly TimeSpan MinThrottleWait = TimeSpan.FromSeconds(1);

    /// <summary>
    /// [UNCONFIRMED] An abandoned checkout's GID (<c>gid://shopify/AbandonedCheckout/&lt;n&gt;</c>) carries the same number
    /// as the checkout webhook's <c>id</c>, the way other resources' GIDs carry their REST ids. GraphQL has no checkout
    /// <c>token</c> (what webhooks used to key carts on), so carts from both are keyed on this number.
    /// </summary>
    public const string CheckoutGidType = "AbandonedCheckout";

    /// <summary>
    /// [UNCONFIRMED mapping] GraphQL's <c>displayFulfillmentStatus</c> in the REST words that webhooks give (and that
    /// <c>OrderStages</c> reads): REST says nothing (null) for unfulfilled orders. Values not listed are lower-cased.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string?> FulfillmentStatuses = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
    {
        ["UNFULFILLED"] = null,
        ["FULFILLED"] = "fulfilled",
        ["PARTIALLY_FULFILLED"] = "partial",
        ["RESTOCKED"] = "restocked",
    };
}
