using Hub.Customers;
using Hub.Shops.Sync;

namespace Hub.Tests.Shops.InSales;

/// <summary>What InSales clients and orders become, read through the pull from the fake.</summary>
public sealed class InSalesMappingTests(AzuriteFixture azurite) : IDisposable
{
    static readonly DateTimeOffset At = new(2026, 11, 20, 9, 30, 0, TimeSpan.Zero);
    readonly InSalesFake fake = new();

    public void Dispose() => fake.Dispose();

    async Task<List<ShopChange>> PullAsync(SyncResource resource)
    {
        using var host = new InSalesHost(azurite, fake);
        return [.. (await host.RunAsync(resource)).SelectMany(p => p.Changes)];
    }

    [Fact]
    public async Task A_client_brings_its_three_names_contacts_as_written_times_and_subscribe_as_email_consent_at_its_updated_time()
    {
        fake.AddClient(77, At, c =>
        {
            c["name"] = "Анна";
            c["surname"] = "Смирнова";
            c["middlename"] = "Игоревна";
            c["email"] = "Anna.Smirnova@Mail.RU";
            c["phone"] = "8 (916) 123-45-67";
            c["subscribe"] = true;
        });
        fake.AddClient(78, At.AddMinutes(1), c => c["subscribe"] = false);
        fake.AddClient(79, At.AddMinutes(2), c => c.Remove("subscribe"));

        var customers = (await PullAsync(SyncResource.Customers)).Cast<ShopChange.UpsertCustomer>().Select(c => c.Customer).ToList();

        var anna = customers[0];
        Assert.Equal(("insales", "77"), (anna.Source, anna.ExternalId));
        Assert.Equal(("Анна", "Смирнова", "Игоревна"), (anna.FirstName, anna.LastName, anna.MiddleName));
        Assert.Equal(["Anna.Smirnova@Mail.RU"], anna.Emails);
        Assert.Equal(["8 (916) 123-45-67"], anna.Phones);
        Assert.Equal(At, anna.UpdatedAt);
        Assert.Equal(At.AddDays(-30), anna.CreatedAt);
        Assert.Equal(new Consent(ConsentState.Granted, "insales", At), Assert.Single(anna.Consents).Value);
        Assert.Equal(Channel.Email, anna.Consents.Keys.Single());
        Assert.Equal(ConsentState.Denied, customers[1].Consents[Channel.Email].State);
        Assert.Empty(customers[2].Consents);
    }

    [Fact]
    public async Task An_order_brings_its_number_status_total_rouble_as_RUB_buyer_and_lines_with_sku_title_quantity_and_sale_price()
    {
        fake.AddOrder(7, At);

        var order = Assert.IsType<ShopChange.UpsertOrder>(Assert.Single(await PullAsync(SyncResource.Orders))).Order;

        Assert.Equal(("insales", "7", "1007"), (order.Source, order.ExternalId, order.Number));
        Assert.Equal("paid/delivered", order.Status);
        Assert.False(order.Cancelled);
        Assert.Equal("RUB", order.Currency);
        Assert.Equal(2790m, order.Total);
        Assert.Equal((At.AddHours(-2), At), (order.CreatedAt, order.UpdatedAt));
        Assert.Equal("507", order.Customer.ExternalId);
        Assert.Equal(("Мария", "Иванова", "Петровна"), (order.Customer.FirstName, order.Customer.LastName, order.Customer.MiddleName));
        Assert.Equal(["Maria.Ivanova@Yandex.RU"], order.Customer.Emails);
        Assert.Equal(["8 (912) 000-11-22", "+7 912 000 11 22"], order.Customer.Phones);
        Assert.Empty(order.Customer.Consents);
        Assert.Equal(new LineItem("93", "AO-6", "Acuvue Oasys", null, null, 2m, 1245m), Assert.Single(order.Items));
    }

    [Theory]
    [InlineData("pending", "declined", true)]
    [InlineData("paid", "returned", true)]
    [InlineData("refunded", "delivered", true)]
    [InlineData("paid", "dispatched", false)]
    [InlineData("pending", "new", false)]
    public async Task Declined_returned_and_refunded_orders_are_cancelled_and_do_not_count_as_purchases(string financial, string fulfillment, bool cancelled)
    {
        fake.AddOrder(8, At, o => (o["financial_status"], o["fulfillment_status"]) = (financial, fulfillment));

        var order = Assert.IsType<ShopChange.UpsertOrder>(Assert.Single(await PullAsync(SyncResource.Orders))).Order;

        Assert.Equal(cancelled, order.Cancelled);
        Assert.Equal($"{financial}/{fulfillment}", order.Status);
    }

    [Fact]
    public async Task An_order_without_a_currency_field_leaves_the_shops_currency_to_apply()
    {
        fake.AddOrder(9, At, o => o.Remove("currency_code"));

        var order = Assert.IsType<ShopChange.UpsertOrder>(Assert.Single(await PullAsync(SyncResource.Orders))).Order;

        Assert.Null(order.Currency);
    }

    [Fact]
    public async Task A_malformed_item_becomes_an_ignore_naming_it_and_the_field_while_the_rest_of_the_page_maps_and_the_cursor_moves_on()
    {
        fake.AddOrder(1, At);
        fake.AddOrder(2, At.AddMinutes(1), o => o["order_lines"]![0]!["sale_price"] = "дорого");
        fake.AddOrder(3, At.AddMinutes(2), o => o["updated_at"] = "вчера");
        fake.AddOrder(4, At.AddMinutes(3));
        using var host = new InSalesHost(azurite, fake);

        var pages = await host.RunAsync(SyncResource.Orders);

        var changes = pages[0].Changes;
        Assert.Equal(4, changes.Count);
        Assert.Equal(["1", "4"], changes.OfType<ShopChange.UpsertOrder>().Select(o => o.Order.ExternalId));
        var ignores = changes.OfType<ShopChange.Ignore>().Select(i => i.Reason).ToList();
        Assert.Contains(ignores, r => r.Contains("insales order 2") && r.Contains("order_lines[0].sale_price"));
        Assert.Contains(ignores, r => r.Contains("order #") && r.Contains("updated_at"));
        Assert.Equal(("4", InSalesFake.Time(At.AddMinutes(3))), (fake.Requests[1].Query["from_id"], fake.Requests[1].Query["updated_since"]));
    }
}
