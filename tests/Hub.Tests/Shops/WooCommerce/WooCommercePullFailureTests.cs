using System.Net;
using System.Net.Sockets;
using System.Text;
using Hub.Customers;
using Hub.Shops;
using Hub.Shops.Sync;

namespace Hub.Tests.Shops.WooCommerce;

public sealed class WooCommercePullFailureTests(AzuriteFixture azurite) : IDisposable
{
    static readonly DateTimeOffset T0 = new(2024, 6, 1, 9, 0, 0, TimeSpan.Zero);
    readonly WooCommerceFake fake = new();

    public void Dispose() => fake.Dispose();

    [Fact]
    public async Task Every_call_sends_the_consumer_key_and_secret_as_http_basic_auth()
    {
        fake.AddOrder(1, T0);
        fake.AddCustomer(2);
        using var host = new WooCommercePullHost(azurite, fake);

        await host.PullAsync(SyncResource.Orders);
        await host.PullAsync(SyncResource.Customers);
        await host.Source.FetchAsync(host.Shop, SyncResource.Orders, "1");

        var expected = "Basic " + Convert.ToBase64String(Encoding.ASCII.GetBytes($"{WooCommerceFake.ConsumerKey}:{WooCommerceFake.ConsumerSecret}"));
        Assert.Equal(3, fake.Requests.Count);
        Assert.All(fake.Requests, r => Assert.Equal(expected, r.Authorization));
        Assert.All(fake.Requests, r => Assert.Equal(200, r.Status));
    }

    [Fact]
    public async Task A_refused_key_is_an_error_naming_both_settings_and_what_the_site_said()
    {
        using var host = new WooCommercePullHost(azurite, fake, consumerSecret: "cs_revoked");

        var error = await Assert.ThrowsAsync<PlatformApiException>(() => host.PullAsync(SyncResource.Orders));

        Assert.Equal(401, error.Status);
        Assert.False(error.Transient);
        Assert.Contains($"Shops__{host.ShopId}__ApiLogin and Shops__{host.ShopId}__ApiToken", error.Message);
        Assert.Contains("Consumer secret is invalid.", error.Message);
        Assert.DoesNotContain("cs_revoked", error.Message);
    }

    [Theory]
    [InlineData("login")]
    [InlineData("token")]
    public async Task A_missing_credential_names_its_setting_before_any_call(string missing)
    {
        using var host = new WooCommercePullHost(azurite, fake,
            consumerKey: missing == "login" ? null : WooCommerceFake.ConsumerKey,
            consumerSecret: missing == "token" ? null : WooCommerceFake.ConsumerSecret);

        var error = await Assert.ThrowsAsync<PlatformApiException>(() => host.PullAsync(SyncResource.Customers));

        Assert.Contains($"Shops__{host.ShopId}__{(missing == "login" ? "ApiLogin" : "ApiToken")}", error.Message);
        Assert.Empty(fake.Requests);
    }

    [Theory]
    [InlineData(429, 120)]
    [InlineData(503, 30)]
    public async Task A_host_that_throttles_becomes_a_throttle_with_its_retry_after_and_is_not_retried(int status, int seconds)
    {
        fake.AddOrder(1, T0);
        fake.FailNext(status, TimeSpan.FromSeconds(seconds));
        using var host = new WooCommercePullHost(azurite, fake);

        var throttled = await Assert.ThrowsAsync<PlatformThrottledException>(() => host.PullAsync(SyncResource.Orders));

        Assert.Equal(TimeSpan.FromSeconds(seconds), throttled.RetryAfter);
        Assert.Equal("woocommerce", throttled.Platform);
        Assert.Single(fake.Requests);
        // The same cursor works once the host lets calls through again.
        Assert.Single((await host.PullAsync(SyncResource.Orders)).Changes);
    }

    [Fact]
    public async Task A_throttle_without_retry_after_waits_the_default()
    {
        fake.FailNext(429);
        using var host = new WooCommercePullHost(azurite, fake);

        var throttled = await Assert.ThrowsAsync<PlatformThrottledException>(() => host.PullAsync(SyncResource.Customers));

        Assert.Equal(PlatformFailures.DefaultRetryAfter, throttled.RetryAfter);
    }

    [Fact]
    public async Task A_plain_http_site_is_refused_before_the_secret_is_sent()
    {
        using var host = new WooCommercePullHost(azurite, fake, apiUrl: "http://shop.example");

        var error = await Assert.ThrowsAsync<PlatformApiException>(() => host.PullAsync(SyncResource.Orders));

        Assert.Contains("only over HTTPS", error.Message);
        Assert.Contains("http://shop.example", error.Message);
    }

    [Fact]
    public async Task A_shop_without_an_api_url_says_how_to_set_it()
    {
        using var host = new WooCommercePullHost(azurite, fake, apiUrl: null);

        var error = await Assert.ThrowsAsync<PlatformApiException>(() => host.PullAsync(SyncResource.Orders));

        Assert.Contains($"shop '{host.ShopId}' has no API URL", error.Message);
        Assert.Contains("--api-url", error.Message);
    }

    [Fact]
    public async Task A_site_answering_html_is_an_error_pointing_at_the_api_url()
    {
        fake.AnswersHtml = true;
        using var host = new WooCommercePullHost(azurite, fake);

        var error = await Assert.ThrowsAsync<PlatformApiException>(() => host.PullAsync(SyncResource.Orders));

        Assert.Contains("GET orders answered 200 with a body that is not JSON (text/html)", error.Message);
        Assert.Contains("/wp-json/wc/v3", error.Message);
        Assert.DoesNotContain("Welcome", error.Message);
    }

    [Fact]
    public async Task A_site_that_does_not_answer_is_a_transient_error_naming_the_call()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var closedPort = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        using var host = new WooCommercePullHost(azurite, fake, apiUrl: $"http://127.0.0.1:{closedPort}");

        var error = await Assert.ThrowsAsync<PlatformApiException>(() => host.PullAsync(SyncResource.Customers));

        Assert.True(error.Transient);
        Assert.Null(error.Status);
        Assert.StartsWith("woocommerce: GET customers failed:", error.Message);
    }

    [Fact]
    public async Task A_cursor_this_version_did_not_write_is_a_clear_error()
    {
        using var host = new WooCommercePullHost(azurite, fake);

        var error = await Assert.ThrowsAsync<PlatformApiException>(() => host.PullAsync(SyncResource.Orders, "page=3"));

        Assert.Contains("stored orders cursor", error.Message);
        Assert.Empty(fake.Requests);
    }

    // --- fetch (webhook hints) ---

    [Fact]
    public async Task Fetch_rereads_one_order_or_customer_by_id()
    {
        fake.AddOrder(727, new DateTimeOffset(2024, 5, 3, 12, 25, 41, TimeSpan.Zero));
        fake.AddCustomer(25, email: "olga.kuznetsova@example.ru");
        using var host = new WooCommercePullHost(azurite, fake);

        var order = Assert.IsType<ShopChange.UpsertOrder>(Assert.Single(await host.Source.FetchAsync(host.Shop, SyncResource.Orders, "727"))).Order;
        var customer = Assert.IsType<ShopChange.UpsertCustomer>(Assert.Single(await host.Source.FetchAsync(host.Shop, SyncResource.Customers, "25"))).Customer;

        Assert.Equal("727", order.ExternalId);
        Assert.Equal(2749.90m, order.Total);
        Assert.Contains("olga.kuznetsova@example.ru", customer.Emails);
        Assert.Equal(["/wp-json/wc/v3/orders/727", "/wp-json/wc/v3/customers/25"], fake.Requests.Select(r => r.Path));
    }

    [Theory]
    [InlineData(SyncResource.Orders)]
    [InlineData(SyncResource.Customers)]
    public async Task Fetch_of_an_entity_the_site_no_longer_has_gives_no_changes(SyncResource resource)
    {
        using var host = new WooCommercePullHost(azurite, fake);

        Assert.Empty(await host.Source.FetchAsync(host.Shop, resource, "404"));
        Assert.Equal(404, Assert.Single(fake.Requests).Status);
    }

    [Fact]
    public async Task Fetch_when_woocommerce_is_not_active_is_an_error_not_a_missing_entity()
    {
        fake.WooCommerceActive = false;
        using var host = new WooCommercePullHost(azurite, fake);

        var error = await Assert.ThrowsAsync<PlatformApiException>(() => host.Source.FetchAsync(host.Shop, SyncResource.Orders, "727"));

        Assert.Equal(404, error.Status);
        Assert.Contains("API URL", error.Message);
        Assert.Contains("rest_no_route", error.Message);
    }

    [Fact]
    public async Task Fetch_with_an_id_that_is_not_a_number_is_refused_without_a_call()
    {
        using var host = new WooCommercePullHost(azurite, fake);

        var error = await Assert.ThrowsAsync<PlatformApiException>(() => host.Source.FetchAsync(host.Shop, SyncResource.Orders, "727/notes"));

        Assert.Contains("'727/notes' is not a WooCommerce order id", error.Message);
        Assert.Empty(fake.Requests);
    }

    [Fact]
    public async Task Pulled_orders_go_through_ingestion_and_a_guest_order_attaches_to_the_customer_with_its_email()
    {
        fake.AddCustomer(25, email: "olga.kuznetsova@example.ru");
        fake.AddOrder(901, T0, fixture: "order-guest-cancelled.json", edit: o =>
        {
            o["status"] = "completed";
            o["billing"]!["email"] = "Olga.Kuznetsova@Example.ru";
        });
        using var host = new WooCommercePullHost(azurite, fake);
        var shop = new Shop { Id = host.ShopId, Platform = Platforms.WooCommerce, ApiUrl = fake.Url };

        var customerOutcome = await host.Ingestion.ApplyAsync(shop, Assert.Single((await host.PullAsync(SyncResource.Customers)).Changes));
        var orderOutcome = await host.Ingestion.ApplyAsync(shop, Assert.Single((await host.PullAsync(SyncResource.Orders)).Changes));

        Assert.Equal(IngestStatus.Created, customerOutcome.Status);
        Assert.Equal(customerOutcome.CustomerId, orderOutcome.CustomerId);
        var orders = await host.Ingestion.Store.OrdersOfAsync(host.ShopId, customerOutcome.CustomerId!);
        Assert.Equal("901", Assert.Single(orders).Id);
        var stored = (await host.Ingestion.Store.GetAsync(host.ShopId, customerOutcome.CustomerId!))!.Customer;
        Assert.Equal(1, stored.Aggregates.OrdersCount);
        Assert.Equal("25", stored.ExternalIds["woocommerce"]);
    }
}
