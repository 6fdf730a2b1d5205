using Hub.Customers;
using Hub.Shops;
using Hub.Shops.Sync;
using Microsoft.Extensions.DependencyInjection;

namespace Hub.Tests.Shops.RetailCrm;

/// <summary>The history walk: sinceId pages, re-reading what a page touched, deletions and merges.</summary>
public sealed class RetailCrmHistoryTests(AzuriteFixture azurite)
{
    static readonly DateTimeOffset T = new(2026, 11, 20, 8, 0, 0, TimeSpan.Zero);

    static string Since(long id) => $$"""{"sinceId":{{id}}}""";

    static List<CustomerRecord> Customers(IEnumerable<PullPage> pages) =>
        [.. pages.SelectMany(p => p.Changes).OfType<ShopChange.UpsertCustomer>().Select(c => c.Customer)];

    [Fact]
    public async Task History_is_walked_by_advancing_since_id_to_the_last_entry_and_never_with_page()
    {
        using var host = new RetailCrmHost(azurite);
        var first = 0L;
        for (var id = 1; id <= 230; id++)
        {
            host.Fake.AddCustomer(id);
            var entry = host.Fake.AddHistory("customers", id, T + TimeSpan.FromSeconds(id));
            first = first == 0 ? entry : first;
        }

        var pages = await host.PullToEndAsync(SyncResource.Customers, Since(first - 1));

        Assert.Equal([true, true, false], pages.Select(p => p.HasMore));
        Assert.Equal([100, 100, 30], pages.Select(p => p.Changes.Count));
        var history = host.Fake.Requests.Where(r => r.Path == "/api/v5/customers/history").ToList();
        Assert.Equal([first - 1, first + 99, first + 199], history.Select(r => long.Parse(r["filter[sinceId]"]!)));
        Assert.All(host.Fake.Requests, r => Assert.False(r.Has("page") && r.Has("filter[sinceId]"), $"{r.Path} sent page with filter[sinceId]"));
        Assert.All(host.Fake.Requests, r => Assert.Equal(200, r.Status));
        Assert.Equal(Since(first + 229), pages[^1].Cursor);
        Assert.Equal(230, Customers(pages).Select(c => c.ExternalId).Distinct().Count());
    }

    [Fact]
    public async Task A_history_page_is_turned_into_one_read_of_its_distinct_customers_each_dated_by_its_newest_entry()
    {
        using var host = new RetailCrmHost(azurite, zone: "Asia/Yekaterinburg");
        host.Fake.AddCustomer(5);
        host.Fake.AddCustomer(6);
        var start = host.Fake.AddHistory("customers", 5, T, "first_name");
        host.Fake.AddHistory("customers", 6, T + TimeSpan.FromMinutes(1), "email");
        host.Fake.AddHistory("customers", 5, T + TimeSpan.FromMinutes(7), "phones");

        var page = await host.PullAsync(SyncResource.Customers, Since(start - 1));

        var read = Assert.Single(host.Fake.Requests, r => r.Path == "/api/v5/customers");
        Assert.Equal(["5", "6"], read.All("filter[ids][]").Order());
        Assert.Equal("100", read["limit"]);
        Assert.False(read.Has("page"));
        var customers = Customers([page]).ToDictionary(c => c.ExternalId!);
        // Written 13:07 in Yekaterinburg (UTC+5): 08:07 UTC.
        Assert.Equal(T + TimeSpan.FromMinutes(7), customers["5"].UpdatedAt);
        Assert.Equal(T + TimeSpan.FromMinutes(1), customers["6"].UpdatedAt);
        Assert.Equal("buyer5@example.ru", Assert.Single(customers["5"].Emails));
        Assert.False(page.HasMore);
    }

    [Fact]
    public async Task A_run_resumed_from_a_mid_walk_cursor_gets_exactly_the_remaining_entries()
    {
        using var host = new RetailCrmHost(azurite);
        var first = 0L;
        for (var id = 1; id <= 150; id++)
        {
            host.Fake.AddCustomer(id);
            var entry = host.Fake.AddHistory("customers", id, T + TimeSpan.FromSeconds(id));
            first = first == 0 ? entry : first;
        }
        var page1 = await host.PullAsync(SyncResource.Customers, Since(first - 1));
        Assert.True(page1.HasMore);

        var rest = await host.PullToEndAsync(SyncResource.Customers, page1.Cursor);

        Assert.Equal(Enumerable.Range(1, 100), Customers([page1]).Select(c => int.Parse(c.ExternalId!)).Order());
        Assert.Equal(Enumerable.Range(101, 50), Customers(rest).Select(c => int.Parse(c.ExternalId!)).Order());
    }

    [Fact]
    public async Task A_deleted_customer_becomes_a_deletion_at_the_entrys_time_and_is_not_read_again()
    {
        using var host = new RetailCrmHost(azurite);
        host.Fake.AddCustomer(8);
        var start = host.Fake.AddHistory("customers", 9, T, "first_name");
        host.Fake.AddHistory("customers", 8, T + TimeSpan.FromMinutes(1), "email");
        host.Fake.AddHistory("customers", 9, T + TimeSpan.FromMinutes(2), deleted: true);

        var page = await host.PullAsync(SyncResource.Customers, Since(start - 1));

        var deleted = Assert.Single(page.Changes.OfType<ShopChange.DeleteCustomer>());
        Assert.Equal(("9", T + TimeSpan.FromMinutes(2)), (deleted.Customer.ExternalId, deleted.At));
        Assert.Equal(["8"], Customers([page]).Select(c => c.ExternalId));
        Assert.Equal(["8"], Assert.Single(host.Fake.Requests, r => r.Path == "/api/v5/customers").All("filter[ids][]"));
    }

    [Fact]
    public async Task A_merged_customer_is_deleted_on_its_page_and_the_survivor_is_read_on_the_next_one_after_the_merge()
    {
        using var host = new RetailCrmHost(azurite);
        host.Fake.AddCustomer(21);
        var start = host.Fake.AddHistory("customers", 20, T, combinedTo: 21, deleted: true);

        var pages = await host.PullToEndAsync(SyncResource.Customers, Since(start - 1));

        Assert.Equal(3, pages.Count);
        var deleted = Assert.Single(pages[0].Changes);
        Assert.Equal(("20", T), (((ShopChange.DeleteCustomer)deleted).Customer.ExternalId, ((ShopChange.DeleteCustomer)deleted).At));
        Assert.True(pages[0].HasMore);
        var survivor = Assert.Single(Customers([pages[1]]));
        Assert.Equal("21", survivor.ExternalId);
        Assert.Equal(T + TimeSpan.FromSeconds(1), survivor.UpdatedAt);
        Assert.Empty(pages[2].Changes);
        Assert.Equal(Since(start), pages[2].Cursor);
    }

    [Fact]
    public async Task When_the_hub_already_holds_both_merged_customers_as_one_person_the_person_stays_live()
    {
        using var host = new RetailCrmHost(azurite);
        var ingestion = host.Services.GetRequiredService<CustomerIngestion>();
        host.Fake.AddCustomer(21, c => c["email"] = "same.person@example.ru");
        var before = T - TimeSpan.FromDays(3);
        foreach (var id in new[] { "20", "21" })
        {
            await ingestion.ApplyAsync(host.Shop, new ShopChange.UpsertCustomer(new CustomerRecord
            {
                Source = Platforms.RetailCrm, ExternalId = id, Emails = ["same.person@example.ru"], UpdatedAt = before,
            }));
        }
        var person = Assert.Single(await ingestion.FindAsync(host.Shop, new CustomerRecord { Source = Platforms.RetailCrm, ExternalId = "21" }));
        var start = host.Fake.AddHistory("customers", 20, T, combinedTo: 21, deleted: true);
        host.Fake.AddHistory("customers", 21, T, "phones");

        foreach (var page in await host.PullToEndAsync(SyncResource.Customers, Since(start - 1)))
        {
            // Within a page changes may run in any order; pages run one after another.
            foreach (var change in page.Changes.Reverse())
            {
                await ingestion.ApplyAsync(host.Shop, change);
            }
        }

        var stored = (await ingestion.Store.GetAsync(host.ShopId, person))!.Customer;
        Assert.Null(stored.DeletedAt);
        Assert.Equal(T + TimeSpan.FromSeconds(1), stored.SourceVersions[Platforms.RetailCrm]);
    }

    [Fact]
    public async Task A_changed_customer_RetailCRM_no_longer_lists_is_named_and_the_rest_of_the_page_maps()
    {
        using var host = new RetailCrmHost(azurite);
        host.Fake.AddCustomer(31);
        var start = host.Fake.AddHistory("customers", 30, T);
        host.Fake.AddHistory("customers", 31, T);

        var page = await host.PullAsync(SyncResource.Customers, Since(start - 1));

        Assert.Equal(["31"], Customers([page]).Select(c => c.ExternalId));
        Assert.Contains("customer 30 changed in the history but RetailCRM no longer lists it", Assert.Single(page.Changes.OfType<ShopChange.Ignore>()).Reason);
    }

    [Fact]
    public async Task Order_history_reads_the_orders_again_and_names_deleted_and_merged_orders()
    {
        using var host = new RetailCrmHost(azurite);
        host.Fake.AddOrder(71, customerId: 5);
        host.Fake.AddOrder(73, customerId: 5);
        var start = host.Fake.AddHistory("orders", 71, T, "status");
        host.Fake.AddHistory("orders", 72, T + TimeSpan.FromMinutes(1), deleted: true);
        host.Fake.AddHistory("orders", 74, T + TimeSpan.FromMinutes(2), combinedTo: 73);

        var page = await host.PullAsync(SyncResource.Orders, Since(start - 1));

        var orders = page.Changes.OfType<ShopChange.UpsertOrder>().ToDictionary(o => o.Order.ExternalId, o => o.Order);
        Assert.Equal(["71", "73"], orders.Keys.Order());
        Assert.Equal(T, orders["71"].UpdatedAt);
        Assert.Equal(T + TimeSpan.FromMinutes(2), orders["73"].UpdatedAt);
        var notes = page.Changes.OfType<ShopChange.Ignore>().Select(i => i.Reason).ToList();
        Assert.Contains(notes, n => n.Contains("order 72 was deleted"));
        Assert.Contains(notes, n => n.Contains("order 74 was merged into order 73"));
        Assert.Equal(["/api/v5/orders/history", "/api/v5/orders"], host.Fake.Requests.Select(r => r.Path));
    }
}
