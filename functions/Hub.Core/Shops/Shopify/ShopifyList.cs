using Hub.Shops.Sync;

namespace Hub.Shops.Shopify;

/// <summary>One pullable list of the Admin API: its query, its connection and count fields, and how many nodes a page asks for.</summary>
internal sealed record ShopifyList(string Name, string Query, string Connection, string Count, int PageSize, bool HasLineItems)
{
    static readonly ShopifyList Customers = new("customers", ShopifyQueries.Customers, "customers", "customersCount", ShopifyFacts.CustomersPerPage, HasLineItems: false);
    static readonly ShopifyList Orders = new("orders", ShopifyQueries.Orders, "orders", "ordersCount", ShopifyFacts.OrdersPerPage, HasLineItems: true);
    static readonly ShopifyList Carts = new("abandoned checkouts", ShopifyQueries.Carts, "abandonedCheckouts", "abandonedCheckoutsCount", ShopifyFacts.CartsPerPage, HasLineItems: true);

    public static ShopifyList Of(SyncResource resource) => resource switch
    {
        SyncResource.Customers => Customers,
        SyncResource.Orders => Orders,
        SyncResource.Carts => Carts,
        _ => throw new ArgumentOutOfRangeException(nameof(resource), resource, "Shopify pulls customers, orders and carts."),
    };
}
