using Hub.Customers;
using Hub.Shops.Sync;

namespace Hub.Tests.Shops.WooCommerce;

public sealed class WooCommerceOrderPullTests(AzuriteFixture azurite) : IDisposable
{
    static readonly DateTimeOffset T0 = new(2024, 6, 1, 9, 0, 0, TimeSpan.Zero);
    readonly WooCommerceFake fake = new();

    public void Dispose() => fake.Dispose();

    WooCommercePullHost Host() => new(azurite, fake);

    /// <summary>Orders 1..count, each modified <paramref name="step"/> after the previous one.</summary>
    void AddOrders(int count, TimeSpan step, long firstId = 1)
    {
        for (var i = 0; i < count; i++)
        {
            fake.AddOrder(firstId + i, T0 + i * step);
        }
    }

    [Fact]
    public async Task Backfill_reads_every_order_oldest_first_in_pages_of_100_and_ends()
    {
        AddOrders(250, TimeSpan.FromSeconds(7));
        using var host = Host();

        var pages = await host.PullToEndAsync(SyncResource.Orders);

        Assert.Equal([true, true, false], pages.Select(p => p.HasMore));
        // Each page after the first asks again from the second the last one ended in, and drops what it read there.
        Assert.Equal([100, 99, 51], pages.Select(p => p.Changes.Count));
        Assert.Equal(Enumerable.Range(1, 250).Select(i => (long)i), WooCommercePullHost.OrderIds(pages));
        Assert.All(pages, p => Assert.Equal(250, p.Total));
        Assert.All(pages, p => Assert.Null(p.Pause));
        var first = fake.Requests[0];
        Assert.Equal("/wp-json/wc/v3/orders", first.Path);
        Assert.Null(first["modified_after"]);
        Assert.Equal("modified", first["orderby"]);
        Assert.Equal("asc", first["order"]);
        Assert.Equal("true", first["dates_are_gmt"]);
        Assert.Equal("100", first["per_page"]);
        // The second page starts at the first page's newest second, written as GMT without an offset.
        Assert.Equal((T0 + 99 * TimeSpan.FromSeconds(7) - TimeSpan.FromSeconds(1)).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss"), fake.Requests[1]["modified_after"]);
    }

    [Fact]
    public async Task Finished_run_starts_the_next_run_after_its_newest_order()
    {
        AddOrders(120, TimeSpan.FromSeconds(3));
        using var host = Host();
        var finished = (await host.PullToEndAsync(SyncResource.Orders))[^1].Cursor;

        fake.ModifyOrder(5, T0.AddHours(2));
        fake.AddOrder(121, T0.AddHours(2).AddSeconds(1));
        fake.AddOrder(122, T0.AddHours(3));
        var requestsBefore = fake.Requests.Count;
        var next = await host.PullToEndAsync(SyncResource.Orders, finished);

        Assert.Equal([5L, 121, 122], WooCommercePullHost.OrderIds(next));
        var newest = T0 + 119 * TimeSpan.FromSeconds(3);
        Assert.Equal(newest.AddSeconds(-1).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss"), fake.Requests[requestsBefore]["modified_after"]);
        Assert.Equal(new DateTimeOffset(2024, 6, 1, 11, 0, 0, TimeSpan.Zero), WooCommercePullHost.Orders(next)[0].UpdatedAt);

        var idle = await host.PullAsync(SyncResource.Orders, next[^1].Cursor);
        Assert.Empty(idle.Changes);
        Assert.False(idle.HasMore);
        Assert.Equal(next[^1].Cursor, idle.Cursor);
    }

    [Fact]
    public async Task Resuming_from_a_stored_mid_run_cursor_reads_exactly_the_remaining_orders()
    {
        AddOrders(230, TimeSpan.FromSeconds(2));
        string stored;
        using (var first = Host())
        {
            stored = (await first.PullAsync(SyncResource.Orders)).Cursor;
        }

        using var resumed = Host();
        var rest = await resumed.PullToEndAsync(SyncResource.Orders, stored);

        Assert.Equal(Enumerable.Range(101, 130).Select(i => (long)i), WooCommercePullHost.OrderIds(rest));
    }

    [Fact]
    public async Task Orders_modified_while_a_run_pages_are_neither_skipped_nor_read_twice_before_they_change()
    {
        AddOrders(300, TimeSpan.FromSeconds(5));
        using var host = Host();
        var firstPage = await host.PullAsync(SyncResource.Orders);

        // One read order and one unread order change: with page numbers over this set the unread order 101 would
        // slide onto page 1 and be skipped.
        fake.ModifyOrder(10, T0.AddHours(5));
        fake.ModifyOrder(150, T0.AddHours(5).AddSeconds(1));
        var rest = await host.PullToEndAsync(SyncResource.Orders, firstPage.Cursor);

        var ids = WooCommercePullHost.OrderIds(rest);
        Assert.Equal(Enumerable.Range(101, 200).Where(i => i != 150).Select(i => (long)i).Concat([10L, 150]), ids);
    }

    [Fact]
    public async Task Orders_sharing_the_second_a_page_ends_on_are_all_read_once()
    {
        // Orders 91–130 were saved in the same second: page 1 ends inside it.
        for (var i = 1; i <= 160; i++)
        {
            fake.AddOrder(i, i is >= 91 and <= 130 ? T0.AddMinutes(30) : i < 91 ? T0.AddSeconds(i) : T0.AddMinutes(30).AddSeconds(i));
        }
        using var host = Host();

        var pages = await host.PullToEndAsync(SyncResource.Orders);

        Assert.Equal(Enumerable.Range(1, 160).Select(i => (long)i), WooCommercePullHost.OrderIds(pages));
    }

    [Fact]
    public async Task A_bulk_change_of_more_orders_than_a_page_in_one_second_is_read_to_the_end_with_exclude()
    {
        for (var i = 1; i <= 250; i++)
        {
            fake.AddOrder(i, T0);
        }
        fake.AddOrder(251, T0.AddSeconds(1));
        using var host = Host();

        var pages = await host.PullToEndAsync(SyncResource.Orders);

        Assert.Equal(Enumerable.Range(1, 251).Select(i => (long)i), WooCommercePullHost.OrderIds(pages).Order());
        Assert.Equal(251, WooCommercePullHost.OrderIds(pages).Distinct().Count());
        var crowded = fake.Requests.Where(r => r["exclude"] is not null).ToList();
        Assert.NotEmpty(crowded);
        Assert.All(crowded, r => Assert.Equal(T0.AddSeconds(1).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss"), r["modified_before"]));
        Assert.Equal(Enumerable.Range(1, 100).Select(i => i.ToString()), crowded[0]["exclude"]!.Split(','));
    }

    [Fact]
    public async Task A_site_that_ignores_exclude_stops_the_pull_with_a_clear_error_instead_of_looping()
    {
        for (var i = 1; i <= 150; i++)
        {
            fake.AddOrder(i, T0);
        }
        fake.IgnoreExclude = true;
        using var host = Host();

        var first = await host.PullAsync(SyncResource.Orders);
        var error = await Assert.ThrowsAsync<PlatformApiException>(() => host.PullAsync(SyncResource.Orders, first.Cursor));

        Assert.Contains("'exclude'", error.Message);
        Assert.Contains("2024-06-01 09:00:00 UTC", error.Message);
        Assert.False(error.Transient);
    }

    [Fact]
    public async Task Order_maps_number_status_total_buyer_and_line_items()
    {
        fake.AddOrder(727, new DateTimeOffset(2024, 5, 3, 12, 25, 41, TimeSpan.Zero));
        using var host = Host();

        var order = Assert.Single(WooCommercePullHost.Orders([await host.PullAsync(SyncResource.Orders)]));

        Assert.Equal("woocommerce", order.Source);
        Assert.Equal("727", order.ExternalId);
        Assert.Equal("processing", order.Status);
        Assert.False(order.Cancelled);
        Assert.Equal("RUB", order.Currency);
        Assert.Equal(2749.90m, order.Total);
        Assert.Equal(new DateTimeOffset(2024, 5, 3, 12, 25, 41, TimeSpan.Zero), order.UpdatedAt);
        Assert.Equal("25", order.Customer.ExternalId);
        Assert.Equal(["olga.kuznetsova@example.ru"], order.Customer.Emails);
        Assert.Equal(["8 (912) 345-67-89"], order.Customer.Phones);
        Assert.Equal(
            [
                new LineItem("93", "TEA-SEN-100", "Green tea Sencha, 100 g", null, null, 2m, 599.95m),
                new LineItem("94", null, "Teapot, glass", null, null, 1m, 1200m),
            ],
            order.Items);
    }

    [Theory]
    [InlineData("cancelled", true)]
    [InlineData("refunded", true)]
    [InlineData("failed", true)]
    [InlineData("completed", false)]
    [InlineData("pending", false)]
    public async Task Cancelled_refunded_and_failed_orders_do_not_count_as_purchases(string status, bool cancelled)
    {
        fake.AddOrder(800, T0, o => o["status"] = status);
        using var host = Host();

        var order = Assert.Single(WooCommercePullHost.Orders([await host.PullAsync(SyncResource.Orders)]));

        Assert.Equal(status, order.Status);
        Assert.Equal(cancelled, order.Cancelled);
    }

    [Fact]
    public async Task A_broken_order_becomes_an_ignore_naming_it_and_the_rest_of_the_page_maps()
    {
        AddOrders(5, TimeSpan.FromSeconds(1));
        fake.ModifyOrder(3, T0.AddSeconds(2), o => o["line_items"]![1]!.AsObject().Remove("quantity"));
        fake.ModifyOrder(5, T0.AddSeconds(4), o => o["total"] = "n/a");
        using var host = Host();

        var page = await host.PullAsync(SyncResource.Orders);

        Assert.Equal(5, page.Changes.Count);
        Assert.Equal("order 3: field 'line_items[1].quantity' is missing", Assert.IsType<ShopChange.Ignore>(page.Changes[2]).Reason);
        Assert.Equal("order 5: field 'total' must be a decimal number", Assert.IsType<ShopChange.Ignore>(page.Changes[4]).Reason);
        Assert.Equal(["1", "2", "4"], page.Changes.OfType<ShopChange.UpsertOrder>().Select(c => c.Order.ExternalId));
        // The broken newest order does not hold the cursor back: the next run does not read it again.
        Assert.Empty((await host.PullAsync(SyncResource.Orders, page.Cursor)).Changes);
    }

    [Fact]
    public async Task Guest_order_has_no_customer_id_and_names_the_buyer_by_billing_contacts()
    {
        fake.AddOrder(900, T0, fixture: "order-guest-cancelled.json");
        using var host = Host();

        var order = Assert.Single(WooCommercePullHost.Orders([await host.PullAsync(SyncResource.Orders)]));

        Assert.Null(order.Customer.ExternalId);
        Assert.Equal(["sergey.volkov@example.com"], order.Customer.Emails);
        Assert.True(order.Cancelled);
    }
}
