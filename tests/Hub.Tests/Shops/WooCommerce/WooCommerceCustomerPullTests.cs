using Hub.Customers;
using Hub.Shops.Sync;

namespace Hub.Tests.Shops.WooCommerce;

public sealed class WooCommerceCustomerPullTests(AzuriteFixture azurite) : IDisposable
{
    readonly WooCommerceFake fake = new();

    public void Dispose() => fake.Dispose();

    WooCommercePullHost Host() => new(azurite, fake);

    void AddCustomers(int count)
    {
        for (var id = 1; id <= count; id++)
        {
            fake.AddCustomer(id, role: id % 10 == 0 ? "subscriber" : id == 7 ? "wholesale_customer" : "customer");
        }
    }

    [Fact]
    public async Task Scan_reads_every_customer_of_every_role_by_id_and_starts_over_when_it_ends()
    {
        AddCustomers(230);
        using var host = Host();

        var pages = await host.PullToEndAsync(SyncResource.Customers);

        Assert.Equal([true, true, false], pages.Select(p => p.HasMore));
        Assert.Equal(Enumerable.Range(1, 230).Select(i => (long)i), WooCommercePullHost.CustomerIds(pages));
        Assert.Equal(230, pages[0].Total);
        var requests = fake.Requests;
        Assert.All(requests, r =>
        {
            Assert.Equal("/wp-json/wc/v3/customers", r.Path);
            Assert.Equal("all", r["role"]);
            Assert.Equal("id", r["orderby"]);
            Assert.Equal("asc", r["order"]);
            Assert.Equal("100", r["per_page"]);
        });
        // Each page starts on the last customer of the one before, to prove nobody moved in front of it.
        Assert.Equal(["0", "99", "198"], requests.Select(r => r["offset"]));

        var again = await host.PullAsync(SyncResource.Customers, pages[^1].Cursor);
        Assert.Equal("0", fake.Requests[^1]["offset"]);
        Assert.Equal(Enumerable.Range(1, 100).Select(i => (long)i), WooCommercePullHost.CustomerIds([again]));
    }

    [Fact]
    public async Task Customers_deleted_behind_the_scan_do_not_make_it_skip_the_ones_after_them()
    {
        AddCustomers(250);
        using var host = Host();
        var first = await host.PullAsync(SyncResource.Customers);

        // Page numbers would now start page 2 at customer 105 and never read 101–104.
        foreach (var id in new long[] { 5, 6, 7, 100 })
        {
            fake.DeleteCustomer(id);
        }
        var rest = await host.PullToEndAsync(SyncResource.Customers, first.Cursor);

        Assert.Equal(Enumerable.Range(101, 150).Select(i => (long)i), WooCommercePullHost.CustomerIds(rest));
    }

    [Fact]
    public async Task Resuming_from_a_stored_mid_scan_cursor_reads_exactly_the_remaining_customers()
    {
        AddCustomers(150);
        string stored;
        using (var first = Host())
        {
            stored = (await first.PullAsync(SyncResource.Customers)).Cursor;
        }
        fake.AddCustomer(151);

        using var resumed = Host();
        var rest = await resumed.PullToEndAsync(SyncResource.Customers, stored);

        Assert.Equal(Enumerable.Range(101, 51).Select(i => (long)i), WooCommercePullHost.CustomerIds(rest));
    }

    [Fact]
    public async Task Customer_maps_names_account_and_billing_contacts_city_and_gmt_times()
    {
        fake.AddCustomer(25, email: "olga.kuznetsova@example.ru", modified: new DateTimeOffset(2024, 5, 1, 10, 5, 30, TimeSpan.Zero),
            edit: c => c["billing"]!["email"] = "olga.work@example.ru");
        using var host = Host();

        var customer = Assert.Single(WooCommercePullHost.Customers([await host.PullAsync(SyncResource.Customers)]));

        Assert.Equal("woocommerce", customer.Source);
        Assert.Equal("25", customer.ExternalId);
        Assert.Equal("Olga", customer.FirstName);
        Assert.Equal("Kuznetsova", customer.LastName);
        Assert.Equal(["olga.kuznetsova@example.ru", "olga.work@example.ru"], customer.Emails);
        Assert.Equal(["8 (912) 345-67-89"], customer.Phones);
        Assert.Equal("Yekaterinburg", customer.City);
        Assert.Equal(new DateTimeOffset(2024, 4, 30, 10, 5, 30, TimeSpan.Zero), customer.CreatedAt);
        Assert.Equal(new DateTimeOffset(2024, 5, 1, 10, 5, 30, TimeSpan.Zero), customer.UpdatedAt);
    }

    [Fact]
    public async Task Customer_never_modified_since_registering_is_versioned_by_its_creation_time()
    {
        fake.AddCustomer(26, modified: new DateTimeOffset(2024, 5, 2, 6, 0, 0, TimeSpan.Zero), edit: c =>
        {
            c["date_modified"] = null;
            c["date_modified_gmt"] = null;
        });
        using var host = Host();

        var customer = Assert.Single(WooCommercePullHost.Customers([await host.PullAsync(SyncResource.Customers)]));

        Assert.Equal(new DateTimeOffset(2024, 5, 1, 6, 0, 0, TimeSpan.Zero), customer.UpdatedAt);
    }

    [Fact]
    public async Task A_broken_customer_becomes_an_ignore_naming_it_and_the_rest_of_the_page_maps()
    {
        AddCustomers(4);
        fake.AddCustomer(3, edit: c => c["billing"] = "ul. Lenina 5");
        using var host = Host();

        var page = await host.PullAsync(SyncResource.Customers);

        Assert.Equal("customer 3: field 'billing' must be an object", Assert.IsType<ShopChange.Ignore>(page.Changes[2]).Reason);
        Assert.Equal(["1", "2", "4"], page.Changes.OfType<ShopChange.UpsertCustomer>().Select(c => c.Customer.ExternalId));
    }

    [Fact]
    public async Task Orders_are_due_every_15_minutes_customers_every_6_hours_and_carts_are_not_pulled()
    {
        using var host = Host();

        Assert.Equal(
            new Dictionary<SyncResource, TimeSpan> { [SyncResource.Orders] = TimeSpan.FromMinutes(15), [SyncResource.Customers] = TimeSpan.FromHours(6) },
            host.Source.Resources);
        var pull = await Assert.ThrowsAsync<PlatformApiException>(() => host.PullAsync(SyncResource.Carts));
        var fetch = await Assert.ThrowsAsync<PlatformApiException>(() => host.Source.FetchAsync(host.Shop, SyncResource.Carts, "1"));
        Assert.Contains("carts are not pulled from WooCommerce", pull.Message);
        Assert.Equal(pull.Message, fetch.Message);
        Assert.Empty(fake.Requests);
    }
}
