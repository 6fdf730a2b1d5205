using System.Text.Json.Nodes;
using Hub.Customers;
using Hub.Shops.Sync;
using static Hub.Tests.Shops.Shopify.ShopifyFakeNodes;

namespace Hub.Tests.Shops.Shopify;

/// <summary>GraphQL nodes as the hub's records: contacts, consents, names, orders with items, carts with recovery URLs, and bad nodes.</summary>
public sealed class ShopifyPullMappingTests(AzuriteFixture azurite) : IDisposable
{
    readonly ShopifyPullHost host = new(azurite);

    public void Dispose() => host.Dispose();

    [Fact]
    public async Task A_customer_brings_names_contacts_city_tags_and_both_consents()
    {
        host.Fake.Customers.Add(Customer(706405506930370084, Base, email: "anna.smirnova@example.com", emailState: "UNSUBSCRIBED",
            phone: "+79995551111", phoneState: "SUBSCRIBED", with: c =>
            {
                c["defaultEmailAddress"]!["marketingUpdatedAt"] = "2025-03-01T08:00:00Z";
                c["defaultAddress"] = new JsonObject { ["city"] = "Moscow", ["phone"] = "8 (916) 123-45-67" };
                c["tags"] = new JsonArray("vip", " wholesale ");
            }));

        var customer = Assert.IsType<ShopChange.UpsertCustomer>(Assert.Single((await host.PullAsync(SyncResource.Customers)).Changes)).Customer;

        Assert.Equal(("shopify", "706405506930370084", "Anna", "Smirnova"), (customer.Source, customer.ExternalId, customer.FirstName, customer.LastName));
        Assert.Equal(["anna.smirnova@example.com"], customer.Emails);
        Assert.Equal(["+79995551111", "8 (916) 123-45-67"], customer.Phones);
        Assert.Equal("Moscow", customer.City);
        Assert.Equal(["vip", "wholesale"], customer.Tags);
        Assert.Equal(Base, customer.UpdatedAt);
        Assert.Equal(Base.AddDays(-30), customer.CreatedAt);
        // UNSUBSCRIBED email: denied at Shopify's consent time; SMS without a consent time: the customer's update time.
        Assert.Equal(new Consent(ConsentState.Denied, "shopify", new DateTimeOffset(2025, 3, 1, 8, 0, 0, TimeSpan.Zero)), customer.Consents[Channel.Email]);
        Assert.Equal(new Consent(ConsentState.Granted, "shopify", Base), customer.Consents[Channel.Sms]);
    }

    [Theory]
    [InlineData("SUBSCRIBED", ConsentState.Granted)]
    [InlineData("NOT_SUBSCRIBED", ConsentState.Denied)]
    [InlineData("PENDING", ConsentState.Pending)]
    [InlineData("REDACTED", null)]
    [InlineData("INVALID", null)]
    public async Task Email_marketing_states_become_hub_consents(string state, ConsentState? expected)
    {
        host.Fake.Customers.Add(Customer(1, Base, email: "a@example.com", emailState: state));

        var customer = ((ShopChange.UpsertCustomer)Assert.Single((await host.PullAsync(SyncResource.Customers)).Changes)).Customer;

        Assert.Equal(expected, customer.Consents.TryGetValue(Channel.Email, out var consent) ? consent.State : null);
    }

    [Fact]
    public async Task An_order_brings_its_total_status_buyer_and_items_with_brand_and_category()
    {
        host.Fake.Orders.Add(Order(5745118543949, Base, customer: Buyer(706405506930370084, Base.AddMinutes(-1)), with: o =>
        {
            o["name"] = "#1001";
            o["displayFulfillmentStatus"] = "FULFILLED";
            o["currentTotalPriceSet"] = Money("5480.50");
            o["lineItems"] = LineItems([
                OrderLineItem("SER-30", quantity: 2, price: "1890.25"),
                OrderLineItem("", quantity: 1, price: "1400.00", vendor: null, productType: null, productId: null, title: "Gift wrapping"),
            ]);
        }));

        var order = ((ShopChange.UpsertOrder)Assert.Single((await host.PullAsync(SyncResource.Orders)).Changes)).Order;

        Assert.Equal(("5745118543949", "#1001", "paid/fulfilled", false), (order.ExternalId, order.Number, order.Status, order.Cancelled));
        Assert.Equal((5480.50m, "RUB"), (order.Total, order.Currency));
        Assert.Equal((Base.AddMinutes(-2), Base), (order.CreatedAt, order.UpdatedAt));
        Assert.Equal("706405506930370084", order.Customer.ExternalId);
        Assert.Equal(["anna.smirnova@example.com"], order.Customer.Emails);
        Assert.Equal(["+7 916 123-45-67"], order.Customer.Phones);
        Assert.Equal([
            new LineItem("8123456789012", "SER-30", "Hydrating Serum", "La Roche-Posay", "Serum", 2m, 1890.25m),
            new LineItem(null, null, "Gift wrapping", null, null, 1m, 1400.00m),
        ], order.Items);
    }

    [Fact]
    public async Task A_cancelled_order_is_cancelled_and_an_unfulfilled_one_has_the_webhooks_status()
    {
        host.Fake.Orders.Add(Order(1, Base, with: o => o["cancelledAt"] = Time(Base)));
        host.Fake.Orders.Add(Order(2, Base.AddMinutes(1)));

        var orders = (await host.PullAsync(SyncResource.Orders)).Changes.Cast<ShopChange.UpsertOrder>().Select(c => c.Order).ToList();

        Assert.Equal([true, false], orders.Select(o => o.Cancelled));
        // REST says nothing for unfulfilled: "paid", as an orders/paid webhook would.
        Assert.Equal("paid", orders[1].Status);
    }

    [Fact]
    public async Task A_guest_order_carries_the_buyers_email_phone_and_billing_name()
    {
        host.Fake.Orders.Add(Order(5745118543950, Base, customer: null, with: o =>
        {
            o["email"] = "guest.buyer@example.com";
            o["phone"] = "+15556251199";
            o["currencyCode"] = "USD";
            o["billingAddress"] = new JsonObject { ["firstName"] = "Maria", ["lastName"] = "Ivanova", ["phone"] = "+15556251199", ["city"] = "Kazan" };
        }));

        var buyer = ((ShopChange.UpsertOrder)Assert.Single((await host.PullAsync(SyncResource.Orders)).Changes)).Order.Customer;

        Assert.Null(buyer.ExternalId);
        Assert.Equal(["guest.buyer@example.com"], buyer.Emails);
        Assert.Equal(["+15556251199"], buyer.Phones);
        Assert.Equal(("Maria", "Ivanova", "Kazan"), (buyer.FirstName, buyer.LastName, buyer.City));
    }

    [Fact]
    public async Task An_order_with_more_line_items_than_a_page_holds_gets_them_all()
    {
        host.Fake.Orders.Add(Order(5745118543949, Base, lineItems: 108));

        var order = ((ShopChange.UpsertOrder)Assert.Single((await host.PullAsync(SyncResource.Orders)).Changes)).Order;

        Assert.Equal(Enumerable.Range(1, 108).Select(i => $"SKU-{i}"), order.Items.Select(i => i.Sku));
        var requests = host.Fake.Requests;
        Assert.Equal(["orders", "node", "node"], requests.Select(r => r.Root));
        Assert.Equal("5", requests[0].Variable("lineItems"));
        Assert.All(requests.Skip(1), r => Assert.Equal(("gid://shopify/Order/5745118543949", "100"), (r.Variable("id"), r.Variable("first"))));
        Assert.NotEqual(requests[1].Variable("after"), requests[2].Variable("after"));
    }

    [Fact]
    public async Task An_abandoned_checkout_becomes_a_cart_with_its_recovery_url_and_the_customers_contacts()
    {
        host.Fake.Checkouts.Add(Checkout(36215489552718, Base, customer: CheckoutBuyer(706405506930370085, "ivan.petrov@example.com"), lineItems: 7));
        host.Fake.Checkouts.Add(Checkout(36215489552719, Base.AddMinutes(1), with: c => c["completedAt"] = Time(Base.AddMinutes(1))));

        var carts = (await host.PullAsync(SyncResource.Carts)).Changes.Cast<ShopChange.UpsertCart>().Select(c => c.Cart).ToList();

        var cart = carts[0];
        Assert.Equal("36215489552718", cart.ExternalId);
        Assert.Equal("https://hub-demo.myshopify.com/65432/checkouts/ac/20f01363e14e/recover?key=5f3c", cart.RecoveryUrl);
        Assert.Equal((3899.97m, "RUB", Base, false), (cart.Total, cart.Currency, cart.UpdatedAt, cart.Converted));
        Assert.Equal(("706405506930370085", "Ivan"), (cart.Customer.ExternalId, cart.Customer.FirstName));
        Assert.Equal(["ivan.petrov@example.com"], cart.Customer.Emails);
        Assert.Equal(7, cart.Items.Count);
        Assert.Equal(new LineItem("8123456789014", "SUN-1", "Sunscreen SPF 50", "Bioderma", "Sun care", 3m, 1299.99m), cart.Items[0]);
        Assert.True(carts[1].Converted);
        Assert.Equal("gid://shopify/AbandonedCheckout/36215489552718", host.Fake.Requests[1].Variable("id"));
    }

    [Fact]
    public async Task A_malformed_node_becomes_an_ignore_naming_it_and_the_field_while_the_rest_of_the_page_maps()
    {
        host.Fake.Orders.Add(Order(1, Base));
        host.Fake.Orders.Add(Order(2, Base.AddMinutes(1), with: o => o["lineItems"]!["nodes"]![0]!["quantity"] = "many"));
        host.Fake.Orders.Add(Order(3, Base.AddMinutes(2), with: o => o["currencyCode"] = null));
        host.Fake.Orders.Add(Order(4, Base.AddMinutes(3)));

        var changes = (await host.PullAsync(SyncResource.Orders)).Changes;

        Assert.Equal(4, changes.Count);
        Assert.Equal("1", Assert.IsType<ShopChange.UpsertOrder>(changes[0]).Order.ExternalId);
        var wrongType = Assert.IsType<ShopChange.Ignore>(changes[1]).Reason;
        Assert.Equal("shopify order 2 (orders.nodes[1]): field 'lineItems.nodes[0].quantity' has the wrong type", wrongType);
        var missing = Assert.IsType<ShopChange.Ignore>(changes[2]).Reason;
        Assert.Equal("shopify order 3 (orders.nodes[2]): field 'currencyCode' is missing", missing);
        Assert.Equal("4", Assert.IsType<ShopChange.UpsertOrder>(changes[3]).Order.ExternalId);
        Assert.DoesNotContain("anna", wrongType + missing, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_customer_without_an_update_time_is_ignored_by_name()
    {
        host.Fake.Customers.Add(Customer(9, Base, with: c => c["updatedAt"] = null));

        var ignore = Assert.IsType<ShopChange.Ignore>(Assert.Single((await host.PullAsync(SyncResource.Customers)).Changes));

        Assert.Equal("shopify customer 9 (customers.nodes[0]): field 'updatedAt' is missing", ignore.Reason);
    }
}
