using System.Text.Json.Nodes;
using Azure.Data.Tables;
using Hub.Customers;
using Hub.Shops;
using Hub.Shops.InSales;
using Hub.Shops.Sync;
using Hub.Storage;
using Hub.Tests.Webhooks;
using Hub.Webhooks;

namespace Hub.Tests.Shops.InSales;

/// <summary>
/// InSales deliveries through the real pipeline: the secret token in the URL, the topic and delivery id derived from
/// the body, and the entity re-read from the (fake) API instead of trusting the unsigned body.
/// </summary>
public sealed class InSalesWebhooksTests(AzuriteFixture azurite) : IDisposable
{
    static readonly DateTimeOffset At = new(2026, 11, 20, 9, 0, 0, TimeSpan.Zero);
    readonly InSalesFake fake = new();

    public void Dispose() => fake.Dispose();

    async Task<(WebhookHarness Harness, Shop Shop)> ConnectAsync()
    {
        var shopId = AzuriteFixture.NewShopId("insw");
        var harness = new WebhookHarness(azurite, new Dictionary<string, string?>
        {
            [ShopSecrets.ApiLoginKey(shopId)] = InSalesFake.Login,
            [ShopSecrets.ApiTokenKey(shopId)] = InSalesFake.Password,
        }, shopId);
        var shop = await harness.Get<ShopStore>().SaveAsync(new Shop { Id = shopId, Platform = Platforms.InSales, ApiUrl = fake.Url });
        return (harness, shop);
    }

    static Task<(int Status, string Body)> PostAsync(WebhookHarness harness, Shop shop, JsonNode body, string? token = WebhookHarness.Secret) =>
        harness.PostAsync("insales", shop.Id, body.ToJsonString(), new Dictionary<string, string> { ["Content-Type"] = "application/json" }, token);

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
    public async Task A_client_delivery_with_the_shops_token_is_re_read_from_the_api_and_what_insales_says_now_is_stored()
    {
        var (harness, shop) = await ConnectAsync();
        var body = fake.AddClient(41, At, c => c["email"] = "olga@mail.ru").DeepClone();
        fake.Touch("clients", 41, At.AddMinutes(5), c => c["name"] = "Ольга (из API)");
        body["name"] = "Ольга (из вебхука)";

        var (status, answer) = await PostAsync(harness, shop, body);
        await harness.Functions.Process(Assert.Single(await harness.TakeMessagesAsync(shop.Id)), CancellationToken.None);

        Assert.Equal(200, status);
        Assert.Contains("client/*", answer);
        Assert.Equal("/admin/clients/41.json", Assert.Single(fake.Requests).Path);
        var ingestion = harness.Get<CustomerIngestion>();
        var id = Assert.Single(await ingestion.FindAsync(shop, new CustomerRecord { Source = "insales", ExternalId = "41" }));
        var customer = (await ingestion.Store.GetAsync(shop.Id, id))!.Customer;
        Assert.Equal("Ольга (из API)", customer.FirstName);
        Assert.Equal("olga@mail.ru", customer.Emails[0].Value);
        var receipt = Assert.Single(await ReceiptsAsync(shop.Id));
        Assert.Equal($"client:41:{At:yyyy-MM-ddTHH:mm:ss.fffZ}", receipt.GetString("DeliveryId"));
        Assert.Equal(ReceiptStatus.Processed, receipt.GetString("Status"));
    }

    [Theory]
    [InlineData("wrong-token")]
    [InlineData(null)]
    public async Task A_delivery_without_the_shops_token_is_refused_and_nothing_is_stored_or_fetched(string? token)
    {
        var (harness, shop) = await ConnectAsync();
        var body = fake.AddOrder(7, At).DeepClone();

        var (status, answer) = await PostAsync(harness, shop, body, token);

        Assert.Equal(401, status);
        Assert.Contains("URL token", answer);
        Assert.Empty(await ReceiptsAsync(shop.Id));
        Assert.Empty(await harness.TakeMessagesAsync(shop.Id));
        Assert.Empty(fake.Requests);
    }

    [Fact]
    public async Task The_previous_token_is_accepted_during_a_rotation()
    {
        var (harness, shop) = await ConnectAsync();

        var (status, _) = await PostAsync(harness, shop, fake.AddOrder(7, At).DeepClone(), WebhookHarness.PreviousSecret);

        Assert.Equal(200, status);
    }

    [Fact]
    public async Task An_order_delivery_is_an_orders_hint_and_the_same_version_delivered_twice_is_one_delivery()
    {
        var (harness, shop) = await ConnectAsync();
        var body = fake.AddOrder(7, At).DeepClone();

        var first = await PostAsync(harness, shop, body);
        var second = await PostAsync(harness, shop, body);
        await harness.Functions.Process(Assert.Single(await harness.TakeMessagesAsync(shop.Id)), CancellationToken.None);

        Assert.Equal((200, 200), (first.Status, second.Status));
        Assert.Contains("orders/*", first.Body);
        Assert.Contains("Duplicate", second.Body);
        Assert.Equal($"order:7:{At:yyyy-MM-ddTHH:mm:ss.fffZ}", Assert.Single(await ReceiptsAsync(shop.Id)).GetString("DeliveryId"));
        Assert.Equal("/admin/orders/7.json", Assert.Single(fake.Requests).Path);
        var ingestion = harness.Get<CustomerIngestion>();
        var id = Assert.Single(await ingestion.FindAsync(shop, new CustomerRecord { Source = "insales", ExternalId = "507" }));
        Assert.Equal("7", Assert.Single(await ingestion.Store.OrdersOfAsync(shop.Id, id)).Id);
    }

    [Fact]
    public async Task A_destroyed_order_re_reads_as_404_and_is_recorded_as_ignored_with_the_reason()
    {
        var (harness, shop) = await ConnectAsync();
        var body = fake.AddOrder(8, At).DeepClone();
        fake.Remove("orders", 8);

        await PostAsync(harness, shop, body);
        await harness.Functions.Process(Assert.Single(await harness.TakeMessagesAsync(shop.Id)), CancellationToken.None);

        var receipt = Assert.Single(await ReceiptsAsync(shop.Id));
        Assert.Equal(ReceiptStatus.Processed, receipt.GetString("Status"));
        Assert.Contains("insales order 8 no longer exists (404)", receipt.GetString("Outcome"));
    }

    [Fact]
    public async Task A_body_that_is_neither_an_order_nor_a_client_is_answered_400_naming_what_was_looked_for()
    {
        var (harness, shop) = await ConnectAsync();

        var (status, answer) = await PostAsync(harness, shop, new JsonObject { ["id"] = 5, ["title"] = "Линзы", ["updated_at"] = "2026-11-20T12:00:00+03:00" });

        Assert.Equal(400, status);
        Assert.Contains("order_lines", answer);
        Assert.Contains("surname", answer);
    }

    [Fact]
    public void Mapping_turns_the_body_into_a_hint_for_its_entity_only()
    {
        var source = new InSalesWebhooks();
        var client = System.Text.Encoding.UTF8.GetBytes("""{"id":41,"name":"Ольга","surname":null,"registered":true,"updated_at":"2026-11-20T12:00:00.000+03:00"}""");

        var hint = Assert.IsType<ShopChange.Refetch>(Assert.Single(source.Map(InSalesWebhooks.ClientTopic, client)));

        Assert.Equal(new ShopChange.Refetch(SyncResource.Customers, "41"), hint);
    }
}
