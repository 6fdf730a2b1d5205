using Azure.Data.Tables;
using Hub.Customers;
using Hub.Shops;
using Hub.Storage;
using Hub.Webhooks;

namespace Hub.Tests.Webhooks;

public sealed class WebhookPipelineTests(AzuriteFixture azurite)
{
    const string CustomerBody = """
        {"id":706405506930370000,"email":"Bob.Norman@Mail.RU","first_name":"Bob","last_name":"Norman","phone":"8 (916) 123-45-67",
         "created_at":"2026-11-01T10:00:00+03:00","updated_at":"2026-11-20T12:00:00+03:00","addresses":[],"default_address":{"city":"Москва"}}
        """;

    static Dictionary<string, string> ShopifyHeaders(string body, string secret, string deliveryId = "b54557e4-bdd9-4b37-8a5f-bf7d70bcd043", string topic = "customers/update") => new()
    {
        ["X-Shopify-Topic"] = topic,
        ["X-Shopify-Hmac-Sha256"] = WebhookHarness.Sign(body, secret),
        ["X-Shopify-Webhook-Id"] = deliveryId,
        ["X-Shopify-Triggered-At"] = "2026-11-20T09:00:00Z",
        ["X-Shopify-Shop-Domain"] = "demo.myshopify.com",
    };

    async Task<List<TableEntity>> ReceiptsAsync(string shopId)
    {
        var table = azurite.Clients.Tables.GetTableClient(TableNames.WebhookReceipts);
        var rows = new List<TableEntity>();
        await foreach (var row in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey ge {shopId + "|"} and PartitionKey lt {shopId + "}"}")))
        {
            rows.Add(row);
        }
        return rows;
    }

    [Fact]
    public async Task Signed_shopify_delivery_is_queued_then_processed_into_a_customer()
    {
        var shopId = AzuriteFixture.NewShopId("wh");
        var harness = new WebhookHarness(azurite, shopId);
        var shop = await harness.AddShopAsync(shopId, Platforms.Shopify);

        var (status, _) = await harness.PostAsync("shopify", shopId, CustomerBody, ShopifyHeaders(CustomerBody, WebhookHarness.Secret));

        Assert.Equal(200, status);
        var message = Assert.Single(await harness.TakeMessagesAsync(shopId));
        await harness.Functions.Process(message, CancellationToken.None);
        var ingestion = harness.Get<CustomerIngestion>();
        var id = Assert.Single(await ingestion.FindAsync(shop, new CustomerRecord { Source = "shopify", ExternalId = "706405506930370000" }));
        var customer = (await ingestion.Store.GetAsync(shopId, id))!.Customer;
        Assert.Equal("bob.norman@mail.ru", customer.Emails[0].Value);
        Assert.Equal("+79161234567", customer.Phones[0].Value);
        Assert.Equal(ReceiptStatus.Processed, Assert.Single(await ReceiptsAsync(shopId)).GetString("Status"));
    }

    [Fact]
    public async Task Delivery_signed_with_the_previous_secret_during_rotation_is_accepted()
    {
        var shopId = AzuriteFixture.NewShopId("wh");
        var harness = new WebhookHarness(azurite, shopId);
        await harness.AddShopAsync(shopId, Platforms.Shopify);

        var (status, _) = await harness.PostAsync("shopify", shopId, CustomerBody, ShopifyHeaders(CustomerBody, WebhookHarness.PreviousSecret));

        Assert.Equal(200, status);
        Assert.Single(await harness.TakeMessagesAsync(shopId));
    }

    [Theory]
    [InlineData("forged")]
    [InlineData("missing")]
    public async Task Forged_or_unsigned_delivery_is_refused_and_nothing_is_stored(string kind)
    {
        var shopId = AzuriteFixture.NewShopId("wh");
        var harness = new WebhookHarness(azurite, shopId);
        await harness.AddShopAsync(shopId, Platforms.Shopify);
        var headers = ShopifyHeaders(CustomerBody, "somebody-elses-secret");
        if (kind == "missing")
        {
            headers.Remove("X-Shopify-Hmac-Sha256");
        }

        var (status, body) = await harness.PostAsync("shopify", shopId, CustomerBody, headers);

        Assert.Equal(401, status);
        Assert.Contains("X-Shopify-Hmac-Sha256", body);
        Assert.Empty(await ReceiptsAsync(shopId));
        Assert.Empty(await harness.TakeMessagesAsync(shopId));
    }

    [Fact]
    public async Task Unknown_shop_gets_404()
    {
        var harness = new WebhookHarness(azurite);

        var (status, body) = await harness.PostAsync("shopify", "no-such-shop", CustomerBody, ShopifyHeaders(CustomerBody, WebhookHarness.Secret));

        Assert.Equal(404, status);
        Assert.Contains("no-such-shop", body);
    }

    [Fact]
    public async Task Duplicate_delivery_is_answered_200_and_processed_once()
    {
        var shopId = AzuriteFixture.NewShopId("wh");
        var harness = new WebhookHarness(azurite, shopId);
        await harness.AddShopAsync(shopId, Platforms.Shopify);
        var headers = ShopifyHeaders(CustomerBody, WebhookHarness.Secret);

        var first = await harness.PostAsync("shopify", shopId, CustomerBody, headers);
        var second = await harness.PostAsync("shopify", shopId, CustomerBody, headers);

        Assert.Equal(200, first.Status);
        Assert.Equal(200, second.Status);
        Assert.Contains("Duplicate", second.Body);
        Assert.Single(await harness.TakeMessagesAsync(shopId));
    }

    [Fact]
    public async Task WooCommerce_ping_gets_200_and_nothing_else()
    {
        var shopId = AzuriteFixture.NewShopId("wh");
        var harness = new WebhookHarness(azurite, shopId);
        await harness.AddShopAsync(shopId, Platforms.WooCommerce);

        var (status, _) = await harness.PostAsync("woocommerce", shopId, "webhook_id=17", new Dictionary<string, string>());

        Assert.Equal(200, status);
        Assert.Empty(await ReceiptsAsync(shopId));
        Assert.Empty(await harness.TakeMessagesAsync(shopId));
    }

    [Fact]
    public async Task Signed_woocommerce_order_lands_with_its_line_items()
    {
        var shopId = AzuriteFixture.NewShopId("wh");
        var harness = new WebhookHarness(azurite, shopId);
        var shop = await harness.AddShopAsync(shopId, Platforms.WooCommerce);
        const string order = """
            {"id":727,"number":"727","status":"processing","currency":"RUB","total":"2490.00","customer_id":0,
             "date_created_gmt":"2026-11-19T08:00:00","date_modified_gmt":"2026-11-19T08:05:00",
             "billing":{"first_name":"Мария","last_name":"Иванова","email":"maria@yandex.ru","phone":"+7 (912) 000-11-22","city":"Казань"},
             "line_items":[{"id":1,"name":"Acuvue Oasys","product_id":93,"quantity":2,"sku":"AO-6","price":1245}]}
            """;
        var headers = new Dictionary<string, string>
        {
            ["X-WC-Webhook-Topic"] = "order.updated",
            ["X-WC-Webhook-Resource"] = "order",
            ["X-WC-Webhook-Event"] = "updated",
            ["X-WC-Webhook-Signature"] = WebhookHarness.Sign(order, WebhookHarness.Secret),
            ["X-WC-Webhook-Delivery-ID"] = "d1",
        };

        Assert.Equal(200, (await harness.PostAsync("woocommerce", shopId, order, headers)).Status);
        await harness.Functions.Process(Assert.Single(await harness.TakeMessagesAsync(shopId)), CancellationToken.None);

        var ingestion = harness.Get<CustomerIngestion>();
        var id = Assert.Single(await ingestion.FindAsync(shop, new CustomerRecord { Source = "csv", Emails = ["maria@yandex.ru"] }));
        var customer = (await ingestion.Store.GetAsync(shopId, id))!.Customer;
        Assert.Equal(1, customer.Aggregates.OrdersCount);
        Assert.Equal(2490.00m, customer.Aggregates.TotalSpent);
        var stored = Assert.Single(await ingestion.Store.OrdersOfAsync(shopId, id));
        Assert.Equal("AO-6", Assert.Single(stored.Items).Sku);
    }

    [Fact]
    public async Task Signed_payload_that_cannot_be_mapped_is_kept_retried_and_reported_when_poisoned()
    {
        var shopId = AzuriteFixture.NewShopId("wh");
        var harness = new WebhookHarness(azurite, shopId);
        await harness.AddShopAsync(shopId, Platforms.Shopify);
        const string broken = """{"email":"x@mail.ru","updated_at":"2026-11-20T12:00:00Z"}""";

        var (status, _) = await harness.PostAsync("shopify", shopId, broken, ShopifyHeaders(broken, WebhookHarness.Secret, topic: "orders/create"));
        Assert.Equal(200, status);
        var message = Assert.Single(await harness.TakeMessagesAsync(shopId));

        var first = await Assert.ThrowsAsync<WebhookFormatException>(() => harness.Functions.Process(WebhookHarness.Redelivered(message, 1), CancellationToken.None));
        var receipt = Assert.Single(await ReceiptsAsync(shopId));
        Assert.Equal(ReceiptStatus.Failed, receipt.GetString("Status"));
        Assert.Contains("'id'", receipt.GetString("Error"));

        await Assert.ThrowsAsync<WebhookFormatException>(() => harness.Functions.Process(WebhookHarness.Redelivered(message, ShopEventProcessor.MaxAttempts), CancellationToken.None));
        receipt = Assert.Single(await ReceiptsAsync(shopId));
        Assert.Equal(ReceiptStatus.Poisoned, receipt.GetString("Status"));
        Assert.Contains("poison", receipt.GetString("Error"));
        Assert.Contains("'id'", first.Message);
    }
}
