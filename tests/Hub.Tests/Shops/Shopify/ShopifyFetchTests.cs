using Hub.Customers;
using Hub.Shops.Sync;
using static Hub.Tests.Shops.Shopify.ShopifyFakeNodes;

namespace Hub.Tests.Shops.Shopify;

/// <summary>Re-reading one entity for a webhook hint: by the REST id the hint carries, asked for by its GID.</summary>
public sealed class ShopifyFetchTests(AzuriteFixture azurite) : IDisposable
{
    readonly ShopifyPullHost host = new(azurite);

    public void Dispose() => host.Dispose();

    [Fact]
    public async Task A_customer_is_read_by_its_gid()
    {
        host.Fake.Customers.Add(Customer(706405506930370084, Base, email: "anna.smirnova@example.com"));

        var change = Assert.Single(await host.Source.FetchAsync(host.Shop, SyncResource.Customers, "706405506930370084"));

        Assert.Equal("706405506930370084", Assert.IsType<ShopChange.UpsertCustomer>(change).Customer.ExternalId);
        var request = Assert.Single(host.Fake.Requests);
        Assert.Equal(("customer", "gid://shopify/Customer/706405506930370084"), (request.Root, request.Variable("id")));
    }

    [Fact]
    public async Task An_order_is_read_with_all_its_line_items()
    {
        host.Fake.Orders.Add(Order(5745118543949, Base, lineItems: 6));

        var order = Assert.IsType<ShopChange.UpsertOrder>(Assert.Single(await host.Source.FetchAsync(host.Shop, SyncResource.Orders, "gid://shopify/Order/5745118543949"))).Order;

        Assert.Equal(6, order.Items.Count);
        Assert.Equal(["order", "node"], host.Fake.Requests.Select(r => r.Root));
        Assert.Equal("gid://shopify/Order/5745118543949", host.Fake.Requests[0].Variable("id"));
    }

    [Fact]
    public async Task A_checkout_is_read_through_the_list_filtered_by_its_id()
    {
        host.Fake.Checkouts.Add(Checkout(36215489552717, Base));
        host.Fake.Checkouts.Add(Checkout(36215489552718, Base));

        var cart = Assert.IsType<ShopChange.UpsertCart>(Assert.Single(await host.Source.FetchAsync(host.Shop, SyncResource.Carts, "36215489552718"))).Cart;

        Assert.Equal("36215489552718", cart.ExternalId);
        var request = Assert.Single(host.Fake.Requests);
        Assert.Equal(("abandonedCheckouts", "id:36215489552718", "1"), (request.Root, request.Variable("query"), request.Variable("first")));
    }

    [Theory]
    [InlineData(SyncResource.Customers)]
    [InlineData(SyncResource.Orders)]
    [InlineData(SyncResource.Carts)]
    public async Task An_entity_shopify_no_longer_has_gives_no_changes(SyncResource resource)
    {
        Assert.Empty(await host.Source.FetchAsync(host.Shop, resource, "42"));
    }
}
