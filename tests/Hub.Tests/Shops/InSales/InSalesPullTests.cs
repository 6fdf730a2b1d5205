using System.Text;
using Hub.Customers;
using Hub.Shops;
using Hub.Shops.Sync;
using Hub.Tests.Messaging;

namespace Hub.Tests.Shops.InSales;

/// <summary>Paging, cursors, throttling and credentials of the InSales pull, against the fake admin API.</summary>
public sealed class InSalesPullTests(AzuriteFixture azurite) : IDisposable
{
    static readonly DateTimeOffset T0 = new(2026, 11, 1, 9, 0, 0, TimeSpan.Zero);
    readonly InSalesFake fake = new();

    public void Dispose() => fake.Dispose();

    static List<string> ClientIds(IEnumerable<PullPage> pages) =>
        [.. pages.SelectMany(p => p.Changes).OfType<ShopChange.UpsertCustomer>().Select(c => c.Customer.ExternalId!)];

    static IEnumerable<string> Range(int from, int to) => Enumerable.Range(from, to - from + 1).Select(i => i.ToString());

    /// <summary>200 clients a minute apart, then 320 touched by one bulk update at the same instant.</summary>
    void AddBackfill()
    {
        for (var id = 1; id <= 200; id++)
        {
            fake.AddClient(id, T0.AddMinutes(id));
        }
        for (var id = 201; id <= 520; id++)
        {
            fake.AddClient(id, T0.AddDays(2));
        }
    }

    [Fact]
    public async Task Backfill_reads_every_client_once_over_pages_of_250_moving_by_updated_since_and_from_id_and_ends_on_an_empty_batch()
    {
        AddBackfill();
        using var host = new InSalesHost(azurite, fake);

        var pages = await host.RunAsync(SyncResource.Customers);

        Assert.Equal([250, 250, 20, 0], pages.Select(p => p.Changes.Count));
        Assert.Equal([true, true, true, false], pages.Select(p => p.HasMore));
        Assert.Equal(Range(1, 520), ClientIds(pages));
        var requests = fake.Requests;
        Assert.All(requests, r => Assert.Equal("/admin/clients.json", r.Path));
        Assert.All(requests, r => Assert.Equal("250", r.Query["per_page"]));
        Assert.Equal("1970-01-01 00:00:00 +00:00", requests[0].Query["updated_since"]);
        Assert.False(requests[0].Query.ContainsKey("from_id"));
        var bulk = InSalesFake.Time(T0.AddDays(2));
        Assert.Equal([(bulk, "250"), (bulk, "500"), (bulk, "520")], requests.Skip(1).Select(r => (r.Query["updated_since"], r.Query["from_id"])));
        Assert.Equal(pages[2].Cursor, pages[3].Cursor);
        Assert.Equal($$"""{"since":"{{bulk}}","fromId":520}""", pages[3].Cursor);
    }

    [Fact]
    public async Task The_cursor_of_a_finished_run_starts_the_next_run_after_the_last_change_it_read()
    {
        AddBackfill();
        using var host = new InSalesHost(azurite, fake);
        var finished = (await host.RunAsync(SyncResource.Customers))[^1].Cursor;
        fake.Touch("clients", 5, T0.AddDays(3), c => c["name"] = "Переименован");
        fake.AddClient(600, T0.AddDays(3).AddMinutes(1));
        var before = fake.Requests.Count;

        var next = await host.RunAsync(SyncResource.Customers, finished);

        Assert.Equal(["5", "600"], ClientIds(next));
        Assert.Equal("Переименован", next[0].Changes.OfType<ShopChange.UpsertCustomer>().First().Customer.FirstName);
        var first = fake.Requests[before];
        Assert.Equal((InSalesFake.Time(T0.AddDays(2)), "520"), (first.Query["updated_since"], first.Query["from_id"]));
        Assert.False(next[^1].HasMore);
    }

    [Fact]
    public async Task A_run_resumed_from_a_stored_mid_run_cursor_by_another_instance_gets_exactly_the_remaining_clients()
    {
        AddBackfill();
        using var first = new InSalesHost(azurite, fake);
        var page = await first.Source.PullAsync(first.Shop, SyncResource.Customers, null);
        var stored = page.Cursor;

        using var second = new InSalesHost(azurite, fake);
        var rest = await second.RunAsync(SyncResource.Customers, stored);

        Assert.Equal(Range(1, 250), ClientIds([page]));
        Assert.Equal(Range(251, 520), ClientIds(rest));
    }

    [Fact]
    public async Task Clients_changed_during_a_run_move_behind_the_cursor_and_come_later_so_nothing_is_skipped()
    {
        AddBackfill();
        using var host = new InSalesHost(azurite, fake);
        var page = await host.Source.PullAsync(host.Shop, SyncResource.Customers, null);
        fake.Touch("clients", 3, T0.AddDays(5));
        fake.Touch("clients", 400, T0.AddDays(5));
        fake.Remove("clients", 260);

        var rest = await host.RunAsync(SyncResource.Customers, page.Cursor);

        var all = ClientIds([page, .. rest]);
        Assert.Equal(Range(1, 520).Except(["260"]).Order(), all.Distinct().Order());
        Assert.Single(all, id => id == "400");
        Assert.Equal(2, all.Count(id => id == "3"));
        Assert.Equal(["3", "400"], ClientIds(rest)[^2..]);
    }

    [Fact]
    public async Task When_InSales_ignores_from_id_the_repeated_anchor_items_are_dropped_so_nothing_is_read_twice()
    {
        fake.HonoursFromId = false;
        for (var id = 1; id <= 200; id++)
        {
            fake.AddClient(id, T0.AddMinutes(id));
        }
        for (var id = 201; id <= 320; id++)
        {
            fake.AddClient(id, T0.AddDays(2));
        }
        using var host = new InSalesHost(azurite, fake);

        var pages = await host.RunAsync(SyncResource.Customers);

        Assert.Equal(Range(1, 320), ClientIds(pages));
        Assert.DoesNotContain(pages.SelectMany(p => p.Changes), c => c is ShopChange.Ignore);
    }

    [Fact]
    public async Task A_full_page_stuck_at_one_instant_because_from_id_is_ignored_is_skipped_past_with_a_reason_instead_of_looping()
    {
        fake.HonoursFromId = false;
        for (var id = 1; id <= 300; id++)
        {
            fake.AddClient(id, T0);
        }
        fake.AddClient(301, T0.AddHours(1));
        using var host = new InSalesHost(azurite, fake);

        var pages = await host.RunAsync(SyncResource.Customers);

        var ignore = Assert.Single(pages.SelectMany(p => p.Changes).OfType<ShopChange.Ignore>());
        Assert.Contains("from_id=250", ignore.Reason);
        Assert.Contains(InSalesFake.Time(T0), ignore.Reason);
        Assert.Equal([.. Range(1, 250), "301"], ClientIds(pages));
        Assert.Equal("2026-11-01 09:00:01 +00:00", fake.Requests[2].Query["updated_since"]);
        Assert.False(pages[^1].HasMore);
    }

    [Theory]
    [InlineData(42, 42)]
    [InlineData(null, 150)]
    public async Task A_503_of_the_rate_limit_becomes_a_throttle_with_its_Retry_After_or_the_gems_150_seconds(int? retryAfter, int expectedSeconds)
    {
        fake.AnswerNext(503, "", retryAfter, usage: "500/500");
        using var host = new InSalesHost(azurite, fake);

        var e = await Assert.ThrowsAsync<PlatformThrottledException>(() => host.Source.PullAsync(host.Shop, SyncResource.Orders, null));

        Assert.Equal(TimeSpan.FromSeconds(expectedSeconds), e.RetryAfter);
        Assert.Equal(Platforms.InSales, e.Platform);
        Assert.Contains("503", e.Message);
        Assert.Single(fake.Requests);
    }

    [Theory]
    [InlineData("120/500", null)]
    [InlineData("250/500", null)]
    [InlineData("251/500", 3.030303)]
    [InlineData("440/500", 60.0)]
    [InlineData("470/500", 300.0)]
    [InlineData("440/1000", null)]
    public async Task The_usage_header_near_its_ceiling_pauses_the_next_page_so_the_window_is_never_exceeded(string usage, double? pauseSeconds)
    {
        fake.AnswerNext(200, "[]", usage: usage);
        using var host = new InSalesHost(azurite, fake);

        var page = await host.Source.PullAsync(host.Shop, SyncResource.Customers, null);

        Assert.Equal(pauseSeconds, page.Pause?.TotalSeconds is { } seconds ? Math.Round(seconds, 6) : null);
    }

    [Fact]
    public async Task Every_call_carries_the_app_identifier_and_password_as_http_basic()
    {
        fake.AddClient(1, T0);
        using var host = new InSalesHost(azurite, fake);

        await host.RunAsync(SyncResource.Customers);
        await host.Source.FetchAsync(host.Shop, SyncResource.Orders, "1");

        var expected = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{InSalesFake.Login}:{InSalesFake.Password}"));
        Assert.Equal(3, fake.Requests.Count);
        Assert.All(fake.Requests, r => Assert.Equal(expected, r.Authorization));
    }

    [Fact]
    public async Task A_401_names_both_credential_settings_and_is_not_retried()
    {
        using var host = new InSalesHost(azurite, fake, password: "not-the-password");

        var e = await Assert.ThrowsAsync<PlatformApiException>(() => host.Source.PullAsync(host.Shop, SyncResource.Customers, null));

        Assert.Equal(401, e.Status);
        Assert.False(e.Transient);
        Assert.Contains($"Shops__{host.Shop.Id}__ApiLogin", e.Message);
        Assert.Contains($"Shops__{host.Shop.Id}__ApiToken", e.Message);
        Assert.Single(fake.Requests);
    }

    [Fact]
    public async Task A_missing_login_is_named_before_any_request_is_sent()
    {
        using var host = new InSalesHost(azurite, fake, login: null);

        var e = await Assert.ThrowsAsync<PlatformApiException>(() => host.Source.PullAsync(host.Shop, SyncResource.Customers, null));

        Assert.Contains($"Shops__{host.Shop.Id}__ApiLogin", e.Message);
        Assert.Empty(fake.Requests);
    }

    [Fact]
    public async Task A_shop_that_cannot_be_reached_is_a_transient_failure_naming_the_call()
    {
        using var host = new InSalesHost(azurite, fake, apiUrl: ClosedPort.Url());

        var e = await Assert.ThrowsAsync<PlatformApiException>(() => host.Source.PullAsync(host.Shop, SyncResource.Orders, null));

        Assert.True(e.Transient);
        Assert.Null(e.Status);
        Assert.Contains("GET /admin/orders.json", e.Message);
    }

    [Theory]
    [InlineData("page=3")]
    [InlineData("""{"from":1763629200}""")]
    [InlineData("""{"since":"вчера"}""")]
    public async Task A_cursor_that_is_not_ours_is_refused_with_how_to_start_over_instead_of_restarting_the_backfill(string cursor)
    {
        using var host = new InSalesHost(azurite, fake);

        var e = await Assert.ThrowsAsync<PlatformApiException>(() => host.Source.PullAsync(host.Shop, SyncResource.Customers, cursor));

        Assert.Contains("reset", e.Message);
        Assert.Empty(fake.Requests);
    }

    [Fact]
    public async Task Clients_and_orders_are_pulled_every_15_minutes_and_carts_are_refused_as_undocumented()
    {
        using var host = new InSalesHost(azurite, fake);

        Assert.Equal(new Dictionary<SyncResource, TimeSpan> { [SyncResource.Customers] = TimeSpan.FromMinutes(15), [SyncResource.Orders] = TimeSpan.FromMinutes(15) },
            host.Source.Resources);
        var e = await Assert.ThrowsAsync<PlatformApiException>(() => host.Source.PullAsync(host.Shop, SyncResource.Carts, null));
        Assert.Contains("carts", e.Message);
        Assert.Empty(fake.Requests);
    }

    [Fact]
    public async Task Fetching_one_entity_reads_it_and_a_404_deletes_a_client_but_keeps_an_order()
    {
        fake.AddClient(5, T0, c => c["name"] = "Ольга");
        using var host = new InSalesHost(azurite, fake);

        var client = Assert.IsType<ShopChange.UpsertCustomer>(Assert.Single(await host.Source.FetchAsync(host.Shop, SyncResource.Customers, "5")));
        var gone = Assert.IsType<ShopChange.DeleteCustomer>(Assert.Single(await host.Source.FetchAsync(host.Shop, SyncResource.Customers, "999")));
        var order = Assert.IsType<ShopChange.Ignore>(Assert.Single(await host.Source.FetchAsync(host.Shop, SyncResource.Orders, "999")));

        Assert.Equal("Ольга", client.Customer.FirstName);
        Assert.Equal(("insales", "999"), (gone.Customer.Source, gone.Customer.ExternalId));
        Assert.Contains("insales order 999", order.Reason);
        Assert.Contains("404", order.Reason);
        Assert.Equal(["/admin/clients/5.json", "/admin/clients/999.json", "/admin/orders/999.json"], fake.Requests.Select(r => r.Path));
    }
}
