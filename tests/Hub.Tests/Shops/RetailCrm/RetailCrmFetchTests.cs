using System.Text.Json.Nodes;
using Hub.Customers;
using Hub.Shops.Sync;

namespace Hub.Tests.Shops.RetailCrm;

/// <summary>Reading one entity for a trigger hint: customers and orders dated by their history, carts per site.</summary>
public sealed class RetailCrmFetchTests(AzuriteFixture azurite)
{
    static readonly DateTimeOffset T = new(2026, 11, 20, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_customer_is_read_and_dated_by_the_newest_entry_of_its_own_history_read_without_since_id()
    {
        using var host = new RetailCrmHost(azurite);
        host.Fake.AddCustomer(50);
        for (var i = 0; i < 150; i++)
        {
            host.Fake.AddHistory("customers", 50, T + TimeSpan.FromMinutes(i));
            host.Fake.AddHistory("customers", 51, T + TimeSpan.FromHours(5));
        }

        var changes = await host.Source.FetchAsync(host.Shop, SyncResource.Customers, "50");

        var customer = Assert.Single(changes.OfType<ShopChange.UpsertCustomer>()).Customer;
        Assert.Equal(("50", T + TimeSpan.FromMinutes(149)), (customer.ExternalId, customer.UpdatedAt));
        var requests = host.Fake.Requests;
        Assert.Equal(["/api/v5/customers/history", "/api/v5/customers/history", "/api/v5/customers"], requests.Select(r => r.Path));
        Assert.Equal([("50", "1"), ("50", "2")], requests.Take(2).Select(r => (r["filter[customerId]"], r["page"])));
        Assert.All(requests, r => Assert.False(r.Has("filter[sinceId]")));
        Assert.Equal(["50"], requests[2].All("filter[ids][]"));
    }

    [Fact]
    public async Task An_order_without_history_is_dated_by_its_creation_and_one_RetailCRM_no_longer_has_gives_nothing()
    {
        using var host = new RetailCrmHost(azurite);
        host.Fake.AddOrder(61, customerId: 5);

        var order = Assert.Single((await host.Source.FetchAsync(host.Shop, SyncResource.Orders, "61")).OfType<ShopChange.UpsertOrder>()).Order;
        var gone = await host.Source.FetchAsync(host.Shop, SyncResource.Orders, "62");

        Assert.Equal(new DateTimeOffset(2026, 11, 19, 12, 30, 0, TimeSpan.Zero), order.UpdatedAt);
        Assert.Equal("61", host.Fake.Requests[0]["filter[orderId]"]);
        Assert.Empty(gone);
    }

    [Fact]
    public async Task A_cart_is_read_on_the_customers_site_with_its_items_total_recovery_link_and_drop_time()
    {
        using var host = new RetailCrmHost(azurite);
        host.Fake.AddCustomer(40);
        host.Fake.SetCart(RetailCrmFake.Site, 40, new JsonObject
        {
            ["externalId"] = "cart-40",
            ["currency"] = "RUB",
            ["droppedAt"] = "2026-11-20 12:30:00+03:00",
            ["link"] = "https://shop.example/cart/restore?c=abc",
            ["customer"] = new JsonObject { ["id"] = 40, ["site"] = RetailCrmFake.Site },
            ["items"] = new JsonArray(
                new JsonObject { ["id"] = 1, ["offer"] = new JsonObject { ["externalId"] = "tea-50", ["article"] = "T-50", ["name"] = "Чай" }, ["quantity"] = 3, ["price"] = 250 },
                new JsonObject { ["id"] = 2, ["offer"] = new JsonObject { ["id"] = 9, ["displayName"] = "Мёд" }, ["quantity"] = 1, ["price"] = 99.9 }),
        });

        var cart = Assert.Single((await host.Source.FetchAsync(host.Shop, SyncResource.Carts, "40")).OfType<ShopChange.UpsertCart>()).Cart;

        Assert.Equal(("cart-40", "RUB", 849.9m), (cart.ExternalId, cart.Currency, cart.Total));
        Assert.Equal("https://shop.example/cart/restore?c=abc", cart.RecoveryUrl);
        Assert.Equal(new DateTimeOffset(2026, 11, 20, 9, 30, 0, TimeSpan.Zero), cart.UpdatedAt);
        Assert.False(cart.Converted);
        Assert.Equal([new LineItem("tea-50", "T-50", "Чай", null, null, 3, 250), new LineItem("9", null, "Мёд", null, null, 1, 99.9m)], cart.Items);
        Assert.Equal(("40", "buyer40@example.ru"), (cart.Customer.ExternalId, Assert.Single(cart.Customer.Emails)));
        Assert.Empty(cart.Customer.Consents);
        var read = host.Fake.Requests[^1];
        Assert.Equal($"/api/v5/customer-interaction/{RetailCrmFake.Site}/cart/40", read.Path);
        Assert.Equal(("id", "code"), (read["by"], read["siteBy"]));
    }

    [Fact]
    public async Task A_cart_with_an_order_is_converted_one_cleared_after_its_drop_is_empty_and_no_cart_gives_nothing()
    {
        using var host = new RetailCrmHost(azurite);
        foreach (var id in new long[] { 41, 42, 43 })
        {
            host.Fake.AddCustomer(id);
        }
        var item = new JsonObject { ["offer"] = new JsonObject { ["externalId"] = "tea-50" }, ["quantity"] = 1, ["price"] = 250 };
        host.Fake.SetCart(RetailCrmFake.Site, 41, new JsonObject
        {
            ["externalId"] = "c41", ["droppedAt"] = "2026-11-20 11:00:00+03:00", ["order"] = new JsonObject { ["id"] = 777 }, ["items"] = new JsonArray(item.DeepClone()),
        });
        host.Fake.SetCart(RetailCrmFake.Site, 42, new JsonObject
        {
            ["externalId"] = "c42", ["droppedAt"] = "2026-11-20 11:00:00+03:00", ["clearedAt"] = "2026-11-20 11:05:00+03:00", ["items"] = new JsonArray(item.DeepClone()),
        });

        var converted = Assert.Single((await host.Source.FetchAsync(host.Shop, SyncResource.Carts, "41")).OfType<ShopChange.UpsertCart>()).Cart;
        var cleared = Assert.Single((await host.Source.FetchAsync(host.Shop, SyncResource.Carts, "42")).OfType<ShopChange.UpsertCart>()).Cart;
        var none = await host.Source.FetchAsync(host.Shop, SyncResource.Carts, "43");
        var unknown = await host.Source.FetchAsync(host.Shop, SyncResource.Carts, "44");

        Assert.True(converted.Converted);
        Assert.Empty(cleared.Items);
        Assert.Equal(new DateTimeOffset(2026, 11, 20, 8, 5, 0, TimeSpan.Zero), cleared.UpdatedAt);
        Assert.Empty(none);
        Assert.Empty(unknown);
    }

    [Fact]
    public async Task Calls_to_one_account_are_paced_to_ten_a_second_even_when_many_hints_arrive_together()
    {
        using var host = new RetailCrmHost(azurite);
        for (var id = 1; id <= 8; id++)
        {
            host.Fake.AddOrder(id, customerId: 5);
        }

        await Task.WhenAll(Enumerable.Range(1, 8).Select(id => host.Source.FetchAsync(host.Shop, SyncResource.Orders, id.ToString())));

        var times = host.Fake.Requests.Select(r => r.At).Order().ToList();
        Assert.Equal(16, times.Count);
        // Eleven calls in a row span a second or more (a little less for timer jitter); unpaced they would take milliseconds.
        for (var i = 0; i + 10 < times.Count; i++)
        {
            Assert.True(times[i + 10] - times[i] >= TimeSpan.FromMilliseconds(850), $"calls {i}..{i + 10} within {(times[i + 10] - times[i]).TotalMilliseconds} ms");
        }
    }
}
