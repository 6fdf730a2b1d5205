using Hub.Customers;
using Hub.Shops.Sync;
using static Hub.Tests.Shops.Shopify.ShopifyFakeNodes;

namespace Hub.Tests.Shops.Shopify;

/// <summary>Backfills to the end, incremental runs from a finished run's cursor, and runs resumed from a stored mid-run cursor.</summary>
public sealed class ShopifyPullPagingTests(AzuriteFixture azurite) : IDisposable
{
    readonly ShopifyPullHost host = new(azurite);

    public void Dispose() => host.Dispose();

    [Fact]
    public async Task A_backfill_reads_every_customer_page_by_page_to_the_end()
    {
        for (var i = 1; i <= 450; i++)
        {
            host.Fake.Customers.Add(Customer(i, Base.AddMinutes(i), email: $"c{i}@example.com"));
        }

        var pages = await host.RunAsync(SyncResource.Customers);

        Assert.Equal([200, 200, 50], pages.Select(p => p.Changes.Count));
        Assert.Equal([true, true, false], pages.Select(p => p.HasMore));
        var ids = pages.SelectMany(p => p.Changes).Cast<ShopChange.UpsertCustomer>().Select(c => c.Customer.ExternalId).ToList();
        Assert.Equal(Enumerable.Range(1, 450).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)), ids);
        // The count for progress comes with the first page only.
        Assert.Equal([450L, null, null], pages.Select(p => p.Total));

        var requests = host.Fake.Requests;
        Assert.Equal(3, requests.Count);
        Assert.All(requests, r => Assert.Equal(("customers", "200", null), (r.Root, r.Variable("first"), r.Variable("query"))));
        Assert.Null(requests[0].Variable("after"));
        Assert.NotNull(requests[1].Variable("after"));
        Assert.NotEqual(requests[1].Variable("after"), requests[2].Variable("after"));
        Assert.Equal(["true", "false", "false"], requests.Select(r => r.Variable("withTotal")));
        Assert.Contains("sortKey: UPDATED_AT", requests[0].Query);
    }

    [Fact]
    public async Task A_finished_run_starts_the_next_run_after_its_newest_change_less_the_index_lag()
    {
        for (var i = 1; i <= 35; i++)
        {
            host.Fake.Orders.Add(Order(5745118543900 + i, Base.AddMinutes(i)));
        }
        var backfill = await host.RunAsync(SyncResource.Orders);
        Assert.Equal([30, 5], backfill.Select(p => p.Changes.Count));

        // Nothing new: the next run asks only for changes after the newest order seen (10:35) less 5 minutes.
        var quiet = await host.PullAsync(SyncResource.Orders, backfill[^1].Cursor);
        Assert.Equal("updated_at:>'2025-03-15T10:30:00Z'", host.Fake.Requests[^1].Variable("query"));
        Assert.False(quiet.HasMore);
        Assert.All(quiet.Changes, c => Assert.True(((ShopChange.UpsertOrder)c).Order.UpdatedAt > Base.AddMinutes(30)));

        host.Fake.Orders.Add(Order(5745118544000, Base.AddHours(2)));
        var next = await host.PullAsync(SyncResource.Orders, quiet.Cursor);

        Assert.Contains(next.Changes, c => ((ShopChange.UpsertOrder)c).Order.ExternalId == "5745118544000");
        Assert.DoesNotContain(next.Changes, c => ((ShopChange.UpsertOrder)c).Order.UpdatedAt <= Base.AddMinutes(30));
        Assert.Equal("updated_at:>'2025-03-15T10:30:00Z'", host.Fake.Requests[^1].Variable("query"));

        await host.PullAsync(SyncResource.Orders, next.Cursor);
        Assert.Equal("updated_at:>'2025-03-15T11:55:00Z'", host.Fake.Requests[^1].Variable("query"));
    }

    [Fact]
    public async Task Resuming_from_a_stored_mid_run_cursor_reads_exactly_the_remaining_orders()
    {
        for (var i = 1; i <= 70; i++)
        {
            host.Fake.Orders.Add(Order(5745118543900 + i, Base.AddMinutes(i)));
        }
        var first = await host.PullAsync(SyncResource.Orders);

        // The engine stored page 1's cursor, then the worker died; the page after it is read (twice, even) from there.
        var resumed = await host.PullAsync(SyncResource.Orders, first.Cursor);
        var again = await host.PullAsync(SyncResource.Orders, first.Cursor);
        var last = await host.PullAsync(SyncResource.Orders, resumed.Cursor);

        Assert.Equal(Ids(31, 60), OrderIds(resumed));
        Assert.Equal(OrderIds(resumed), OrderIds(again));
        Assert.Equal(Ids(61, 70), OrderIds(last));
        Assert.False(last.HasMore);
        Assert.Equal(host.Fake.Requests[1].Variable("after"), host.Fake.Requests[2].Variable("after"));
    }

    [Fact]
    public async Task A_customer_run_asks_a_day_back_but_hands_on_only_customers_changed_since_the_cursor()
    {
        host.Fake.Customers.Add(Customer(1, Base.AddHours(-20)));
        host.Fake.Customers.Add(Customer(2, Base.AddMinutes(-3)));
        host.Fake.Customers.Add(Customer(3, Base.AddHours(1)));
        var cursor = """{"since":"2025-03-15T10:00:00+00:00"}""";

        var page = await host.PullAsync(SyncResource.Customers, cursor);

        // "matching a whole day": the filter starts a day before the cursor's time.
        Assert.Equal("updated_at:>'2025-03-14T10:00:00Z'", host.Fake.Requests[^1].Variable("query"));
        // Customer 1 was brought by an earlier run; 2 is within the index lag and re-read; 3 is new.
        Assert.Equal(["2", "3"], page.Changes.Cast<ShopChange.UpsertCustomer>().Select(c => c.Customer.ExternalId));
    }

    [Fact]
    public async Task A_checkout_changed_during_a_run_behind_the_pages_already_read_comes_with_the_next_run()
    {
        // Checkouts come in id order (no sort by update time): the run's own start bounds the next run.
        for (var i = 1; i <= 40; i++)
        {
            host.Fake.Checkouts.Add(Checkout(i, Base.AddMinutes(i)));
        }
        var first = await host.PullAsync(SyncResource.Carts);

        // A slow run: checkout 5 (already read) changes at 12:01, checkout 40 (not yet read) at 12:30.
        host.Time.Advance(TimeSpan.FromMinutes(1));
        host.Fake.Checkouts[4] = Checkout(5, host.Time.GetUtcNow());
        host.Time.Advance(TimeSpan.FromMinutes(29));
        host.Fake.Checkouts[39] = Checkout(40, host.Time.GetUtcNow());
        var second = await host.PullAsync(SyncResource.Carts, first.Cursor);
        Assert.False(second.HasMore);
        Assert.Equal(Enumerable.Range(31, 10).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            second.Changes.Cast<ShopChange.UpsertCart>().Select(c => c.Cart.ExternalId));

        var next = await host.PullAsync(SyncResource.Carts, second.Cursor);

        // Since the run's start (12:00) less 5 minutes, not since the newest checkout seen (12:30), which would miss checkout 5.
        Assert.Equal("updated_at:>'2025-03-20T11:55:00Z'", host.Fake.Requests[^1].Variable("query"));
        Assert.Equal(["5", "40"], next.Changes.Cast<ShopChange.UpsertCart>().Select(c => c.Cart.ExternalId));
        Assert.Contains("sortKey: ID", host.Fake.Requests[^1].Query);
    }

    [Fact]
    public async Task An_empty_shop_finishes_at_once_and_the_next_run_starts_from_when_it_ran()
    {
        var page = await host.PullAsync(SyncResource.Orders);

        Assert.Empty(page.Changes);
        Assert.False(page.HasMore);
        Assert.Equal(0, page.Total);
        await host.PullAsync(SyncResource.Orders, page.Cursor);
        Assert.Equal("updated_at:>'2025-03-20T11:55:00Z'", host.Fake.Requests[^1].Variable("query"));
    }

    [Fact]
    public async Task A_cursor_that_is_not_a_shopify_cursor_is_a_clear_error()
    {
        var error = await Assert.ThrowsAsync<PlatformApiException>(() => host.PullAsync(SyncResource.Orders, "page=2"));

        Assert.Contains("not a Shopify cursor", error.Message);
        Assert.False(error.Transient);
        Assert.Empty(host.Fake.Requests);
    }

    static IEnumerable<string> Ids(int from, int to) => Enumerable.Range(from, to - from + 1).Select(i => (5745118543900 + i).ToString(System.Globalization.CultureInfo.InvariantCulture));

    static IEnumerable<string> OrderIds(PullPage page) => page.Changes.Cast<ShopChange.UpsertOrder>().Select(o => o.Order.ExternalId);
}
