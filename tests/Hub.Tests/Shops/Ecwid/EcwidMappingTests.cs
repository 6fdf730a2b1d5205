using System.Text.Json.Nodes;
using Hub.Customers;
using Hub.Shops.Sync;

namespace Hub.Tests.Shops.Ecwid;

/// <summary>What Ecwid customers, orders and abandoned carts become, read through the pull from the fake.</summary>
public sealed class EcwidMappingTests(AzuriteFixture azurite) : IDisposable
{
    static readonly DateTimeOffset At = new(2026, 11, 19, 18, 57, 19, TimeSpan.Zero);
    readonly EcwidFake fake = new();

    public void Dispose() => fake.Dispose();

    async Task<List<ShopChange>> PullAsync(SyncResource resource)
    {
        using var host = new EcwidHost(azurite, fake);
        return [.. (await host.RunAsync(resource)).SelectMany(p => p.Changes)];
    }

    [Fact]
    public async Task A_customer_brings_billing_names_every_email_and_phone_contact_and_accept_marketing_as_email_consent_at_its_update_time()
    {
        fake.AddCustomer(177737165, At, c =>
        {
            c["email"] = "Ec.Apps@LightspeedHQ.com";
            c["billingPerson"] = new JsonObject { ["name"] = "Support team", ["firstName"] = "Support", ["lastName"] = "team", ["phone"] = "+7 (916) 555-11-11" };
            c["contacts"] = new JsonArray(
                new JsonObject { ["contact"] = "ec.apps@lightspeedhq.com", ["type"] = "EMAIL", ["default"] = true },
                new JsonObject { ["contact"] = "second@lightspeedhq.com", ["type"] = "EMAIL" },
                new JsonObject { ["contact"] = "8 916 555 22 22", ["type"] = "PHONE" },
                new JsonObject { ["contact"] = "https://t.me/support", ["type"] = "TELEGRAM" });
            c["acceptMarketing"] = true;
        });

        var customer = Assert.IsType<ShopChange.UpsertCustomer>(Assert.Single(await PullAsync(SyncResource.Customers))).Customer;

        Assert.Equal(("ecwid", "177737165"), (customer.Source, customer.ExternalId));
        Assert.Equal(("Support", "team"), (customer.FirstName, customer.LastName));
        Assert.Equal(["Ec.Apps@LightspeedHQ.com", "second@lightspeedhq.com"], customer.Emails);
        Assert.Equal(["+7 (916) 555-11-11", "8 916 555 22 22"], customer.Phones);
        Assert.Equal((At, At.AddDays(-10)), (customer.UpdatedAt, customer.CreatedAt));
        Assert.Equal(new Consent(ConsentState.Granted, "ecwid", At), customer.Consents[Channel.Email]);
        Assert.Single(customer.Consents);
    }

    [Theory]
    [InlineData(true, ConsentState.Granted)]
    [InlineData(false, ConsentState.Denied)]
    [InlineData(null, ConsentState.Granted)]
    public async Task Accept_marketing_true_or_null_allows_promotional_email_and_false_denies_it(bool? accept, ConsentState expected)
    {
        fake.AddCustomer(5, At, c => c["acceptMarketing"] = accept);

        var customer = Assert.IsType<ShopChange.UpsertCustomer>(Assert.Single(await PullAsync(SyncResource.Customers))).Customer;

        Assert.Equal(expected, customer.Consents[Channel.Email].State);
    }

    [Fact]
    public async Task A_customer_without_split_billing_names_keeps_the_full_name_as_first_name()
    {
        fake.AddCustomer(6, At, c => c["billingPerson"] = new JsonObject { ["name"] = "Ecwid test acc" });

        var customer = Assert.IsType<ShopChange.UpsertCustomer>(Assert.Single(await PullAsync(SyncResource.Customers))).Customer;

        Assert.Equal(("Ecwid test acc", null), (customer.FirstName, customer.LastName));
    }

    [Fact]
    public async Task An_order_brings_number_status_total_times_buyer_and_items_with_sku_name_price_quantity_and_brand()
    {
        fake.AddOrder("EBJFT", At, o => o["orderNumber"] = 492512057);

        var order = Assert.IsType<ShopChange.UpsertOrder>(Assert.Single(await PullAsync(SyncResource.Orders))).Order;

        Assert.Equal(("ecwid", "EBJFT", "492512057"), (order.Source, order.ExternalId, order.Number));
        Assert.Equal("PAID/SHIPPED", order.Status);
        Assert.False(order.Cancelled);
        Assert.Equal(600m, order.Total);
        Assert.Null(order.Currency);
        Assert.Equal((At.AddHours(-1), At), (order.CreatedAt, order.UpdatedAt));
        Assert.Equal("177737165", order.Customer.ExternalId);
        Assert.Equal(("Иван", "Петров"), (order.Customer.FirstName, order.Customer.LastName));
        Assert.Equal(["Ivan.Petrov@Gmail.com"], order.Customer.Emails);
        Assert.Equal(["+7 (903) 111-22-33", "8 903 111 22 33"], order.Customer.Phones);
        Assert.Equal(new LineItem("439710255", "000001", "Pizza", "Dodo", null, 1m, 500m), Assert.Single(order.Items));
    }

    [Theory]
    [InlineData("CANCELLED", "AWAITING_PROCESSING", true)]
    [InlineData("REFUNDED", "DELIVERED", true)]
    [InlineData("PAID", "WILL_NOT_DELIVER", true)]
    [InlineData("PAID", "RETURNED", true)]
    [InlineData("PARTIALLY_REFUNDED", "DELIVERED", false)]
    [InlineData("AWAITING_PAYMENT", "PROCESSING", false)]
    public async Task Cancelled_refunded_undeliverable_and_returned_orders_do_not_count_as_purchases(string payment, string fulfillment, bool cancelled)
    {
        fake.AddOrder("K8XTQ", At, o => (o["paymentStatus"], o["fulfillmentStatus"]) = (payment, fulfillment));

        var order = Assert.IsType<ShopChange.UpsertOrder>(Assert.Single(await PullAsync(SyncResource.Orders))).Order;

        Assert.Equal(cancelled, order.Cancelled);
    }

    [Fact]
    public async Task An_unfinished_sale_among_the_orders_is_left_to_the_carts_and_a_guest_order_has_no_customer_id()
    {
        fake.AddOrder("U1", At, o => o["paymentStatus"] = "INCOMPLETE");
        fake.AddOrder("G1", At.AddMinutes(1), o => o["customerId"] = 0);

        var changes = await PullAsync(SyncResource.Orders);

        var guest = Assert.IsType<ShopChange.UpsertOrder>(changes[0]).Order;
        Assert.Null(guest.Customer.ExternalId);
        Assert.Equal(["Ivan.Petrov@Gmail.com"], guest.Customer.Emails);
        Assert.Contains("ecwid order U1 is an unfinished sale (INCOMPLETE)", Assert.IsType<ShopChange.Ignore>(changes[1]).Reason);
    }

    [Fact]
    public async Task An_abandoned_cart_brings_its_buyer_items_total_and_update_time_without_a_recovery_link_and_is_converted_once_recovered()
    {
        fake.AddCart("6626E60A-A6F9-4CD5-8230-43D5F162E0CD", At);
        fake.AddCart("0B299518-FB54-491A-A6E0-5B6BA6E20868", At.AddMinutes(1), c => c["recoveredOrderId"] = 223);

        var carts = (await PullAsync(SyncResource.Carts)).Cast<ShopChange.UpsertCart>().Select(c => c.Cart).ToList();

        var recovered = carts[0];
        var open = carts[1];
        Assert.Equal(("ecwid", "6626E60A-A6F9-4CD5-8230-43D5F162E0CD"), (open.Source, open.ExternalId));
        Assert.Equal("15319410", open.Customer.ExternalId);
        Assert.Equal(["ec.apps@lightspeedhq.com"], open.Customer.Emails);
        Assert.Equal(["+1234567890"], open.Customer.Phones);
        Assert.Equal(new LineItem("37208342", "00004", "Cherry", null, null, 5m, 5.99m), Assert.Single(open.Items));
        Assert.Equal(37.39m, open.Total);
        Assert.Equal(At, open.UpdatedAt);
        Assert.Null(open.RecoveryUrl);
        Assert.False(open.Converted);
        Assert.True(recovered.Converted);
    }

    [Fact]
    public async Task A_cart_that_names_nobody_is_ignored_with_the_reason()
    {
        fake.AddCart("ANON-1", At, c =>
        {
            c.Remove("email");
            c.Remove("customerId");
            c.Remove("billingPerson");
        });

        var ignore = Assert.IsType<ShopChange.Ignore>(Assert.Single(await PullAsync(SyncResource.Carts)));

        Assert.Contains("ecwid cart ANON-1", ignore.Reason);
    }

    [Fact]
    public async Task A_malformed_item_becomes_an_ignore_naming_it_and_the_field_while_the_rest_of_the_page_maps()
    {
        fake.AddOrder("A1", At);
        fake.AddOrder("B2", At.AddMinutes(1), o => o["total"] = "много");
        fake.AddOrder("C3", At.AddMinutes(2), o => o["items"]![0]!["quantity"] = new JsonObject());

        var changes = await PullAsync(SyncResource.Orders);

        Assert.Equal(3, changes.Count);
        Assert.Equal("A1", Assert.IsType<ShopChange.UpsertOrder>(changes[2]).Order.ExternalId);
        Assert.Equal("ecwid order C3: field 'items[0].quantity' must be a decimal number", Assert.IsType<ShopChange.Ignore>(changes[0]).Reason);
        Assert.Equal("ecwid order B2: field 'total' must be a decimal number", Assert.IsType<ShopChange.Ignore>(changes[1]).Reason);
    }
}
