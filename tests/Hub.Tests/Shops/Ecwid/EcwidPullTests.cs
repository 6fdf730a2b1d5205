using Hub.Customers;
using Hub.Shops;
using Hub.Shops.Sync;

namespace Hub.Tests.Shops.Ecwid;

/// <summary>Windows, offsets, throttling and credentials of the Ecwid pull, against the fake store.</summary>
public sealed class EcwidPullTests(AzuriteFixture azurite) : IDisposable
{
    static readonly DateTimeOffset T0 = new(2026, 11, 1, 9, 0, 0, TimeSpan.Zero);
    static readonly long WindowEnd = (EcwidHost.Now - TimeSpan.FromMinutes(1)).ToUnixTimeSeconds();
    readonly EcwidFake fake = new();

    public void Dispose() => fake.Dispose();

    static List<string> CustomerIds(IEnumerable<PullPage> pages) =>
        [.. pages.SelectMany(p => p.Changes).OfType<ShopChange.UpsertCustomer>().Select(c => c.Customer.ExternalId!)];

    static List<string> OrderIds(IEnumerable<PullPage> pages) =>
        [.. pages.SelectMany(p => p.Changes).OfType<ShopChange.UpsertOrder>().Select(o => o.Order.ExternalId)];

    static IEnumerable<string> Range(int from, int to) => Enumerable.Range(from, to - from + 1).Select(i => i.ToString());

    void AddCustomers(int count)
    {
        for (var id = 1; id <= count; id++)
        {
            fake.AddCustomer(id, T0.AddMinutes(id));
        }
    }

    [Fact]
    public async Task Backfill_reads_the_whole_history_in_one_frozen_window_from_the_start_then_from_the_end_down_and_ends()
    {
        AddCustomers(250);
        using var host = new EcwidHost(azurite, fake);

        var pages = await host.RunAsync(SyncResource.Customers);

        Assert.Equal([true, true, false], pages.Select(p => p.HasMore));
        Assert.Equal(Range(1, 250), CustomerIds(pages).Distinct().OrderBy(int.Parse));
        Assert.All(pages, p => Assert.Equal(250, p.Total));
        var requests = fake.Requests;
        Assert.Equal(["0", "150", "50"], requests.Select(r => r.Query["offset"]));
        Assert.All(requests, r => Assert.Equal($"/api/v3/{EcwidFake.StoreId}/customers", r.Path));
        Assert.All(requests, r => Assert.Equal(WindowEnd.ToString(), r.Query["updatedTo"]));
        Assert.All(requests, r => Assert.False(r.Query.ContainsKey("updatedFrom")));
        Assert.All(requests, r => Assert.Equal(("100", "UPDATED_DATE_ASC"), (r.Query["limit"], r.Query["sortBy"])));
        Assert.Equal($$"""{"to":{{WindowEnd}},"next":150,"total":250}""", pages[0].Cursor);
        Assert.Equal($$"""{"from":{{WindowEnd}}}""", pages[^1].Cursor);
    }

    [Fact]
    public async Task The_next_run_starts_where_the_last_window_ended_and_changes_inside_the_settle_time_wait_for_the_run_after()
    {
        AddCustomers(30);
        using var host = new EcwidHost(azurite, fake);
        var finished = Assert.Single(await host.RunAsync(SyncResource.Customers)).Cursor;
        host.Time.Advance(TimeSpan.FromMinutes(15));
        fake.Touch("customers", "7", EcwidHost.Now.AddMinutes(5));
        fake.AddCustomer(300, EcwidHost.Now.AddMinutes(6));
        fake.AddCustomer(301, EcwidHost.Now.AddMinutes(14).AddSeconds(30));

        var next = Assert.Single(await host.RunAsync(SyncResource.Customers, finished));
        host.Time.Advance(TimeSpan.FromMinutes(15));
        var after = Assert.Single(await host.RunAsync(SyncResource.Customers, next.Cursor));

        Assert.Equal(["7", "300"], CustomerIds([next]));
        Assert.Equal(["301"], CustomerIds([after]));
        var second = fake.Requests[1];
        Assert.Equal((WindowEnd.ToString(), (WindowEnd + 15 * 60).ToString()), (second.Query["updatedFrom"], second.Query["updatedTo"]));
        Assert.False(next.HasMore);
    }

    [Fact]
    public async Task A_run_straight_after_the_last_one_asks_nothing_until_the_settle_time_has_passed()
    {
        AddCustomers(3);
        using var host = new EcwidHost(azurite, fake);
        var finished = Assert.Single(await host.RunAsync(SyncResource.Customers)).Cursor;

        var again = Assert.Single(await host.RunAsync(SyncResource.Customers, finished));

        Assert.Empty(again.Changes);
        Assert.Equal(finished, again.Cursor);
        Assert.Single(fake.Requests);
    }

    [Fact]
    public async Task A_run_resumed_from_a_stored_mid_run_cursor_by_another_instance_keeps_its_window_and_reads_the_rest()
    {
        AddCustomers(250);
        using var first = new EcwidHost(azurite, fake);
        var page = await first.Source.PullAsync(first.Shop, SyncResource.Customers, null);

        using var second = new EcwidHost(azurite, fake, time: new(EcwidHost.Now.AddMinutes(40)));
        var rest = await second.RunAsync(SyncResource.Customers, page.Cursor);

        Assert.Equal(Range(1, 100), CustomerIds([page]));
        Assert.Equal(Range(101, 250), CustomerIds(rest).Except(CustomerIds([page])).OrderBy(int.Parse));
        Assert.All(fake.Requests, r => Assert.Equal(WindowEnd.ToString(), r.Query["updatedTo"]));
        Assert.Equal(["0", "150", "50"], fake.Requests.Select(r => r.Query["offset"]));
    }

    [Fact]
    public async Task Orders_updated_during_a_run_leave_its_window_without_pushing_unread_orders_past_the_offset_and_come_with_the_next_run()
    {
        for (var n = 1; n <= 250; n++)
        {
            fake.AddOrder($"ORD-{n}", T0.AddMinutes(n));
        }
        // Orders come newest first: the first page holds ORD-250…ORD-151. Before the second page five of those are
        // edited (they leave the window and everything behind them moves up by five); before the third, ORD-120 (not
        // read yet) and ORD-60 (read) are.
        fake.BeforeAnswer = number =>
        {
            if (number == 2)
            {
                foreach (var n in new[] { 250, 230, 210, 190, 170 })
                {
                    fake.Touch("orders", $"ORD-{n}", EcwidHost.Now.AddMinutes(2));
                }
            }
            if (number == 3)
            {
                fake.Touch("orders", "ORD-120", EcwidHost.Now.AddMinutes(3));
                fake.Touch("orders", "ORD-60", EcwidHost.Now.AddMinutes(3));
            }
        };
        using var host = new EcwidHost(azurite, fake);

        var run = await host.RunAsync(SyncResource.Orders);
        fake.BeforeAnswer = null;
        host.Time.Advance(TimeSpan.FromMinutes(15));
        var next = await host.RunAsync(SyncResource.Orders, run[^1].Cursor);

        var expected = Enumerable.Range(1, 250).Select(n => $"ORD-{n}").Order().ToList();
        Assert.Equal(expected.Except(["ORD-120"]), OrderIds(run).Distinct().Order());
        Assert.Equal(["ORD-120", "ORD-170", "ORD-190", "ORD-210", "ORD-230", "ORD-250", "ORD-60"], OrderIds(next).Order());
        Assert.Equal(["0", "150", "50", "0"], fake.Requests.Take(4).Select(r => r.Query["offset"]));
        Assert.All(fake.Requests, r => Assert.False(r.Query.ContainsKey("sortBy")));
    }

    [Fact]
    public async Task When_many_read_orders_leave_late_the_unread_ones_they_push_into_the_first_stretch_are_read_again()
    {
        for (var n = 1; n <= 250; n++)
        {
            fake.AddOrder($"ORD-{n}", T0.AddMinutes(n));
        }
        // After two pages ORD-150…ORD-101 are unread at offsets 100–149; sixty read orders ahead of them leave, which
        // moves them to 40–89, partly below the third page's offset 50.
        fake.BeforeAnswer = number =>
        {
            if (number == 3)
            {
                for (var n = 190; n <= 249; n++)
                {
                    fake.Touch("orders", $"ORD-{n}", EcwidHost.Now.AddMinutes(2));
                }
            }
        };
        using var host = new EcwidHost(azurite, fake);

        var run = await host.RunAsync(SyncResource.Orders);

        Assert.Equal(Enumerable.Range(1, 250).Select(n => $"ORD-{n}").Order(), OrderIds(run).Distinct().Order());
        Assert.Equal(["0", "150", "50", "0"], fake.Requests.Select(r => r.Query["offset"]));
    }

    [Fact]
    public async Task Abandoned_carts_are_read_the_same_way_from_carts()
    {
        fake.AddCart("6626E60A-A6F9-4CD5-8230-43D5F162E0CD", T0);
        using var host = new EcwidHost(azurite, fake);

        var page = Assert.Single(await host.RunAsync(SyncResource.Carts));

        Assert.Equal("6626E60A-A6F9-4CD5-8230-43D5F162E0CD", Assert.IsType<ShopChange.UpsertCart>(Assert.Single(page.Changes)).Cart.ExternalId);
        Assert.Equal($"/api/v3/{EcwidFake.StoreId}/carts", Assert.Single(fake.Requests).Path);
        Assert.Equal(new Dictionary<SyncResource, TimeSpan>
        {
            [SyncResource.Customers] = TimeSpan.FromMinutes(15), [SyncResource.Orders] = TimeSpan.FromMinutes(15), [SyncResource.Carts] = TimeSpan.FromMinutes(15),
        }, host.Source.Resources);
    }

    [Theory]
    [InlineData(7, 7)]
    [InlineData(null, 60)]
    public async Task A_429_becomes_a_throttle_with_its_Retry_After_or_a_minute_of_the_per_minute_limit(int? retryAfter, int expectedSeconds)
    {
        fake.AnswerNext(429, """{"errorMessage":"Too many requests"}""", retryAfter);
        using var host = new EcwidHost(azurite, fake);

        var e = await Assert.ThrowsAsync<PlatformThrottledException>(() => host.Source.PullAsync(host.Shop, SyncResource.Orders, null));

        Assert.Equal(TimeSpan.FromSeconds(expectedSeconds), e.RetryAfter);
        Assert.Equal(Platforms.Ecwid, e.Platform);
        Assert.Single(fake.Requests);
    }

    [Fact]
    public async Task Every_call_carries_the_secret_token_as_a_bearer()
    {
        fake.AddCustomer(1, T0);
        using var host = new EcwidHost(azurite, fake);

        await host.RunAsync(SyncResource.Customers);
        await host.Source.FetchAsync(host.Shop, SyncResource.Customers, "1");

        Assert.Equal(2, fake.Requests.Count);
        Assert.All(fake.Requests, r => Assert.Equal($"Bearer {EcwidFake.Token}", r.Authorization));
    }

    [Fact]
    public async Task A_refused_token_names_the_setting_and_is_not_retried()
    {
        using var host = new EcwidHost(azurite, fake, token: "secret_revoked");

        var e = await Assert.ThrowsAsync<PlatformApiException>(() => host.Source.PullAsync(host.Shop, SyncResource.Customers, null));

        Assert.Equal(403, e.Status);
        Assert.False(e.Transient);
        Assert.Contains($"Shops__{host.Shop.Id}__ApiToken", e.Message);
        Assert.Contains("Invalid access token", e.Message);
        Assert.Single(fake.Requests);
    }

    [Fact]
    public async Task A_missing_token_is_named_before_any_request_is_sent()
    {
        using var host = new EcwidHost(azurite, fake, token: null);

        var e = await Assert.ThrowsAsync<PlatformApiException>(() => host.Source.PullAsync(host.Shop, SyncResource.Carts, null));

        Assert.Contains($"Shops__{host.Shop.Id}__ApiToken", e.Message);
        Assert.Empty(fake.Requests);
    }

    [Fact]
    public async Task A_cursor_that_is_not_ours_is_refused_with_how_to_start_over()
    {
        using var host = new EcwidHost(azurite, fake);

        var e = await Assert.ThrowsAsync<PlatformApiException>(() => host.Source.PullAsync(host.Shop, SyncResource.Orders, """{"since":"2026-11-20 12:00:00 +03:00","fromId":4}"""));

        Assert.Contains("reset", e.Message);
        Assert.Empty(fake.Requests);
    }

    [Fact]
    public async Task Fetching_one_entity_reads_it_a_404_deletes_a_customer_but_keeps_an_order_and_a_hint_of_another_store_is_ignored_unread()
    {
        fake.AddCustomer(42, T0);
        using var host = new EcwidHost(azurite, fake);

        var customer = Assert.IsType<ShopChange.UpsertCustomer>(Assert.Single(await host.Source.FetchAsync(host.Shop, SyncResource.Customers, $"store:{EcwidFake.StoreId}:42")));
        var gone = Assert.IsType<ShopChange.DeleteCustomer>(Assert.Single(await host.Source.FetchAsync(host.Shop, SyncResource.Customers, "43")));
        var order = Assert.IsType<ShopChange.Ignore>(Assert.Single(await host.Source.FetchAsync(host.Shop, SyncResource.Orders, "XJ12H")));
        var foreign = Assert.IsType<ShopChange.Ignore>(Assert.Single(await host.Source.FetchAsync(host.Shop, SyncResource.Customers, "store:2001:42")));

        Assert.Equal("42", customer.Customer.ExternalId);
        Assert.Equal(("ecwid", "43"), (gone.Customer.Source, gone.Customer.ExternalId));
        Assert.Contains("ecwid order XJ12H no longer exists (404)", order.Reason);
        Assert.Contains("store 2001", foreign.Reason);
        Assert.Contains($"store {EcwidFake.StoreId}", foreign.Reason);
        Assert.Equal(["customers/42", "customers/43", "orders/XJ12H"], fake.Requests.Select(r => r.Path[$"/api/v3/{EcwidFake.StoreId}/".Length..]));
    }
}
