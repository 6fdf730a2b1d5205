using Hub.Customers;
using Hub.Shops.Sync;

namespace Hub.Tests.Shops.RetailCrm;

/// <summary>A pull from nothing: the entity lists page by page, then the history from when the backfill began.</summary>
public sealed class RetailCrmBackfillTests(AzuriteFixture azurite)
{
    static readonly DateTimeOffset BackfillFrom = RetailCrmHost.Now - TimeSpan.FromHours(1);

    [Fact]
    public async Task Backfill_lists_every_customer_in_pages_of_100_then_asks_the_history_from_the_backfill_start_and_ends()
    {
        using var host = new RetailCrmHost(azurite);
        for (var id = 1; id <= 250; id++)
        {
            host.Fake.AddCustomer(id);
        }

        var pages = await host.PullToEndAsync(SyncResource.Customers, null);

        Assert.Equal([100, 100, 50, 0], pages.Select(p => p.Changes.Count));
        Assert.Equal([true, true, true, false], pages.Select(p => p.HasMore));
        Assert.All(pages.Take(3), p => Assert.Equal(250, p.Total));
        var customers = pages.SelectMany(p => p.Changes).Cast<ShopChange.UpsertCustomer>().Select(c => c.Customer).ToList();
        Assert.Equal(Enumerable.Range(1, 250), customers.Select(c => int.Parse(c.ExternalId!)).Order());
        // No updated time on customers: what the list shows is as new as the backfill's start (less the safety overlap).
        Assert.All(customers, c => Assert.Equal(BackfillFrom, c.UpdatedAt));

        var requests = host.Fake.Requests;
        Assert.Equal(["/api/v5/customers", "/api/v5/customers", "/api/v5/customers", "/api/v5/customers/history"], requests.Select(r => r.Path));
        Assert.Equal(["1", "2", "3"], requests.Take(3).Select(r => r["page"]));
        Assert.All(requests, r => Assert.Equal("100", r["limit"]));
        // 09:00 UTC is 12:00 in Moscow, the account's time zone.
        Assert.Equal("2026-11-20 12:00:00", requests[3]["filter[startDate]"]);
        Assert.False(requests[3].Has("page"));
        Assert.Equal($$"""{"from":"{{BackfillFrom:yyyy-MM-ddTHH:mm:ss}}+00:00"}""", pages[^1].Cursor);
    }

    [Fact]
    public async Task Orders_backfill_walks_the_order_list_the_same_way()
    {
        using var host = new RetailCrmHost(azurite);
        for (var id = 1; id <= 120; id++)
        {
            host.Fake.AddOrder(id, customerId: id % 7 + 1);
        }

        var pages = await host.PullToEndAsync(SyncResource.Orders, null);

        Assert.Equal([100, 20, 0], pages.Select(p => p.Changes.Count));
        Assert.Equal(120, pages[0].Total);
        Assert.Equal(120, pages.SelectMany(p => p.Changes).OfType<ShopChange.UpsertOrder>().Select(o => o.Order.ExternalId).Distinct().Count());
        Assert.Equal(["/api/v5/orders", "/api/v5/orders", "/api/v5/orders/history"], host.Fake.Requests.Select(r => r.Path));
    }

    [Fact]
    public async Task After_the_backfill_the_next_run_reads_only_what_changed_since_first_by_start_date_then_by_since_id()
    {
        using var host = new RetailCrmHost(azurite);
        for (var id = 1; id <= 3; id++)
        {
            host.Fake.AddCustomer(id);
        }
        // Changed during the backfill (inside the overlap) and after it.
        var during = host.Fake.AddHistory("customers", 2, RetailCrmHost.Now - TimeSpan.FromMinutes(20), "email");
        var backfill = await host.PullToEndAsync(SyncResource.Customers, null);
        Assert.Equal(["2"], backfill[^1].Changes.OfType<ShopChange.UpsertCustomer>().Select(c => c.Customer.ExternalId));
        Assert.Equal($$"""{"sinceId":{{during}}}""", backfill[^1].Cursor);

        var later = RetailCrmHost.Now + TimeSpan.FromMinutes(40);
        host.Fake.AddHistory("customers", 3, later, "phones");
        host.Time.Advance(TimeSpan.FromHours(1));
        var before = host.Fake.Requests.Count;

        var next = await host.PullToEndAsync(SyncResource.Customers, backfill[^1].Cursor);

        var history = host.Fake.Requests.Skip(before).Where(r => r.Path.EndsWith("/history")).ToList();
        Assert.Equal(during.ToString(), history[0]["filter[sinceId]"]);
        Assert.DoesNotContain(history, r => r.Has("page") || r.Has("filter[startDate]"));
        var changed = Assert.Single(next.SelectMany(p => p.Changes).OfType<ShopChange.UpsertCustomer>()).Customer;
        Assert.Equal("3", changed.ExternalId);
        Assert.Equal(later, changed.UpdatedAt);
        Assert.False(next[^1].HasMore);
    }

    [Fact]
    public async Task A_backfill_resumed_from_a_mid_list_cursor_reads_exactly_the_remaining_pages()
    {
        using var host = new RetailCrmHost(azurite);
        for (var id = 1; id <= 230; id++)
        {
            host.Fake.AddCustomer(id);
        }
        var first = await host.PullAsync(SyncResource.Customers, null);
        Assert.Equal($$"""{"list":2,"from":"{{BackfillFrom:yyyy-MM-ddTHH:mm:ss}}+00:00"}""", first.Cursor);

        // Another worker, hours later, picks the stored cursor up.
        host.Time.Advance(TimeSpan.FromHours(3));
        var rest = await host.PullToEndAsync(SyncResource.Customers, first.Cursor);

        var ids = first.Changes.Concat(rest.SelectMany(p => p.Changes)).Cast<ShopChange.UpsertCustomer>().Select(c => c.Customer.ExternalId).ToList();
        Assert.Equal(230, ids.Count);
        Assert.Equal(230, ids.Distinct().Count());
        // The history phase still starts where the backfill began, not where it resumed.
        Assert.Equal("2026-11-20 12:00:00", host.Fake.Requests.Last(r => r.Path.EndsWith("/history"))["filter[startDate]"]);
    }
}
