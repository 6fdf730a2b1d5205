namespace Hub.Shops.Shopify;

/// <summary>
/// The GraphQL documents the pull sends, asking only for the fields <see cref="ShopifyNodeMapping"/> maps. Lists take
/// <c>$first</c>, <c>$after</c> (the previous page's <c>endCursor</c>), <c>$query</c> (<c>updated_at:&gt;'…'</c>, null
/// for a backfill) and <c>$withTotal</c> (the count, asked on a run's first page only); orders and checkouts take
/// <c>$lineItems</c>. What each page costs: <see cref="ShopifyFacts"/>.
/// </summary>
internal static class ShopifyQueries
{
    /// <summary>Customers changed since the filter, oldest change first.</summary>
    public const string Customers = """
        query HubCustomers($first: Int!, $after: String, $query: String, $withTotal: Boolean!) {
          customers(first: $first, after: $after, query: $query, sortKey: UPDATED_AT) {
            nodes { ...CustomerFields }
            pageInfo { hasNextPage endCursor }
          }
          customersCount(query: $query) @include(if: $withTotal) { count precision }
        }
        """ + CustomerFields;

    /// <summary>Orders changed since the filter, oldest change first.</summary>
    public const string Orders = """
        query HubOrders($first: Int!, $after: String, $query: String, $withTotal: Boolean!, $lineItems: Int!) {
          orders(first: $first, after: $after, query: $query, sortKey: UPDATED_AT) {
            nodes { ...OrderFields }
            pageInfo { hasNextPage endCursor }
          }
          ordersCount(query: $query) @include(if: $withTotal) { count precision }
        }
        """ + OrderFields + OrderLineItemFields;

    /// <summary>Abandoned checkouts changed since the filter; they cannot be sorted by update time, so by id.</summary>
    public const string Carts = """
        query HubCarts($first: Int!, $after: String, $query: String, $withTotal: Boolean!, $lineItems: Int!) {
          abandonedCheckouts(first: $first, after: $after, query: $query, sortKey: ID) {
            nodes { ...CheckoutFields }
            pageInfo { hasNextPage endCursor }
          }
          abandonedCheckoutsCount(query: $query) @include(if: $withTotal) { count precision }
        }
        """ + CheckoutFields + CheckoutLineItemFields;

    /// <summary>One customer by GID (<c>$id</c>).</summary>
    public const string Customer = """
        query HubCustomer($id: ID!) {
          customer(id: $id) { ...CustomerFields }
        }
        """ + CustomerFields;

    /// <summary>One order by GID (<c>$id</c>).</summary>
    public const string Order = """
        query HubOrder($id: ID!, $lineItems: Int!) {
          order(id: $id) { ...OrderFields }
        }
        """ + OrderFields + OrderLineItemFields;

    /// <summary>The line items after <c>$after</c> of one order or checkout (<c>$id</c>: its GID).</summary>
    public const string MoreLineItems = """
        query HubMoreLineItems($id: ID!, $after: String, $first: Int!) {
          node(id: $id) {
            ... on Order {
              lineItems(first: $first, after: $after) { nodes { ...OrderLineItemFields } pageInfo { hasNextPage endCursor } }
            }
            ... on AbandonedCheckout {
              lineItems(first: $first, after: $after) { nodes { ...CheckoutLineItemFields } pageInfo { hasNextPage endCursor } }
            }
          }
        }
        """ + OrderLineItemFields + CheckoutLineItemFields;

    const string CustomerFields = """

        fragment CustomerFields on Customer {
          id legacyResourceId firstName lastName tags createdAt updatedAt
          defaultEmailAddress { emailAddress marketingState marketingUpdatedAt }
          defaultPhoneNumber { phoneNumber marketingState marketingUpdatedAt }
          defaultAddress { city phone }
        }
        """;

    const string OrderFields = """

        fragment OrderFields on Order {
          id legacyResourceId name email phone createdAt updatedAt cancelledAt currencyCode
          displayFinancialStatus displayFulfillmentStatus
          currentTotalPriceSet { shopMoney { amount } }
          customer { legacyResourceId firstName lastName createdAt updatedAt }
          billingAddress { firstName lastName phone city }
          lineItems(first: $lineItems) { nodes { ...OrderLineItemFields } pageInfo { hasNextPage endCursor } }
        }
        """;

    const string CheckoutFields = """

        fragment CheckoutFields on AbandonedCheckout {
          id createdAt updatedAt completedAt abandonedCheckoutUrl
          totalPriceSet { shopMoney { amount currencyCode } }
          customer {
            legacyResourceId firstName lastName createdAt updatedAt
            defaultEmailAddress { emailAddress }
            defaultPhoneNumber { phoneNumber }
          }
          lineItems(first: $lineItems) { nodes { ...CheckoutLineItemFields } pageInfo { hasNextPage endCursor } }
        }
        """;

    const string OrderLineItemFields = """

        fragment OrderLineItemFields on LineItem {
          sku title name vendor quantity
          originalUnitPriceSet { shopMoney { amount } }
          product { legacyResourceId productType }
        }
        """;

    const string CheckoutLineItemFields = """

        fragment CheckoutLineItemFields on AbandonedCheckoutLineItem {
          sku title quantity
          originalUnitPriceSet { shopMoney { amount } }
          product { legacyResourceId vendor productType }
        }
        """;
}
