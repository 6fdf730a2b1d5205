using System.Text;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using Hub.Customers;
using Hub.Shops;
using Hub.Storage;
using Hub.Tests.Webhooks;
using Hub.Webhooks;

namespace Hub.Tests.Shops.Ecwid;

/// <summary>
/// Ecwid deliveries through the real pipeline: the signature over "{eventCreated}.{eventId}" with the app's
/// client_secret, dedupe on eventId, and the entity re-read from the (fake) store instead of trusting the body.
/// </summary>
public sealed class EcwidWebhooksTests(AzuriteFixture azurite) : IDisposable
{
    static readonly DateTimeOffset At = new(2026, 11, 20, 9, 0, 0, TimeSpan.Zero);
    readonly EcwidFake fake = new();

    public void Dispose() => fake.Dispose();

    async Task<(WebhookHarness Harness, Shop Shop)> ConnectAsync()
    {
        var shopId = AzuriteFixture.NewShopId("ecww");
        var harness = new WebhookHarness(azurite, new Dictionary<string, string?> { [ShopSecrets.ApiTokenKey(shopId)] = EcwidFake.Token }, shopId);
        var shop = await harness.Get<ShopStore>().SaveAsync(new Shop { Id = shopId, Platform = Platforms.Ecwid, ApiUrl = fake.ApiUrl });
        return (harness, shop);
    }

    static JsonObject Event(string type, long entityId, JsonObject? data = null, string? eventId = null, string storeId = EcwidFake.StoreId) => new()
    {
        ["eventId"] = eventId ?? Guid.NewGuid().ToString(),
        ["eventCreated"] = At.ToUnixTimeSeconds(),
        ["storeId"] = long.Parse(storeId),
        ["entityId"] = entityId,
        ["eventType"] = type,
        ["data"] = data,
    };

    static string Signature(JsonObject evt, string secret) =>
        WebhookHarness.Sign($"{evt["eventCreated"]!.GetValue<long>()}.{evt["eventId"]!.GetValue<string>()}", secret);

    static Task<(int Status, string Body)> PostAsync(WebhookHarness harness, Shop shop, JsonObject evt, string? signature)
    {
        var headers = new Dictionary<string, string> { ["Content-Type"] = "application/json" };
        if (signature is not null)
        {
            headers["X-Ecwid-Webhook-Signature"] = signature;
        }
        return harness.PostAsync("ecwid", shop.Id, evt.ToJsonString(), headers);
    }

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

    async Task ProcessAsync(WebhookHarness harness, Shop shop) =>
        await harness.Functions.Process(Assert.Single(await harness.TakeMessagesAsync(shop.Id)), CancellationToken.None);

    [Fact]
    public async Task A_signed_customer_event_is_re_read_from_the_store_and_stored_as_the_store_has_it()
    {
        var (harness, shop) = await ConnectAsync();
        fake.AddCustomer(177737165, At, c => c["email"] = "Support@Lightspeedhq.com");
        var evt = Event("customer.updated", 177737165);

        var (status, answer) = await PostAsync(harness, shop, evt, Signature(evt, WebhookHarness.Secret));
        await ProcessAsync(harness, shop);

        Assert.Equal(200, status);
        Assert.Contains("customer.updated", answer);
        Assert.Equal($"/api/v3/{EcwidFake.StoreId}/customers/177737165", Assert.Single(fake.Requests).Path);
        var ingestion = harness.Get<CustomerIngestion>();
        var id = Assert.Single(await ingestion.FindAsync(shop, new CustomerRecord { Source = "ecwid", ExternalId = "177737165" }));
        Assert.Equal("support@lightspeedhq.com", (await ingestion.Store.GetAsync(shop.Id, id))!.Customer.Emails[0].Value);
        var receipt = Assert.Single(await ReceiptsAsync(shop.Id));
        Assert.Equal((evt["eventId"]!.GetValue<string>(), ReceiptStatus.Processed), (receipt.GetString("DeliveryId"), receipt.GetString("Status")));
    }

    [Theory]
    [InlineData("forged")]
    [InlineData("missing")]
    [InlineData("body-changed")]
    public async Task A_forged_or_missing_signature_is_refused_and_nothing_is_stored_or_fetched(string kind)
    {
        var (harness, shop) = await ConnectAsync();
        var evt = Event("order.created", 492512057, new JsonObject { ["orderId"] = "EBJFT" });
        var signature = kind switch
        {
            "forged" => Signature(evt, "somebody-elses-client-secret"),
            "missing" => null,
            _ => Signature(evt, WebhookHarness.Secret),
        };
        if (kind == "body-changed")
        {
            evt["eventCreated"] = At.ToUnixTimeSeconds() + 1;
        }

        var (status, answer) = await PostAsync(harness, shop, evt, signature);

        Assert.Equal(401, status);
        Assert.Contains("X-Ecwid-Webhook-Signature", answer);
        Assert.Empty(await ReceiptsAsync(shop.Id));
        Assert.Empty(await harness.TakeMessagesAsync(shop.Id));
        Assert.Empty(fake.Requests);
    }

    [Fact]
    public async Task The_same_event_delivered_twice_is_one_delivery()
    {
        var (harness, shop) = await ConnectAsync();
        var evt = Event("order.updated", 492512057, new JsonObject { ["orderId"] = "EBJFT", ["newPaymentStatus"] = "PAID" });

        var first = await PostAsync(harness, shop, evt, Signature(evt, WebhookHarness.Secret));
        var second = await PostAsync(harness, shop, evt, Signature(evt, WebhookHarness.Secret));

        Assert.Equal((200, 200), (first.Status, second.Status));
        Assert.Contains("Duplicate", second.Body);
        Assert.Single(await harness.TakeMessagesAsync(shop.Id));
    }

    [Fact]
    public async Task An_order_event_re_reads_the_order_by_its_id_and_stores_it_with_its_items()
    {
        var (harness, shop) = await ConnectAsync();
        fake.AddOrder("EBJFT", At);
        var evt = Event("order.created", 492512057, new JsonObject { ["orderId"] = "EBJFT", ["newPaymentStatus"] = "PAID", ["newFulfillmentStatus"] = "PROCESSING" });

        await PostAsync(harness, shop, evt, Signature(evt, WebhookHarness.Secret));
        await ProcessAsync(harness, shop);

        Assert.Equal($"/api/v3/{EcwidFake.StoreId}/orders/EBJFT", Assert.Single(fake.Requests).Path);
        var ingestion = harness.Get<CustomerIngestion>();
        var id = Assert.Single(await ingestion.FindAsync(shop, new CustomerRecord { Source = "ecwid", ExternalId = "177737165" }));
        var order = Assert.Single(await ingestion.Store.OrdersOfAsync(shop.Id, id));
        Assert.Equal(("EBJFT", "Dodo"), (order.Id, Assert.Single(order.Items).Brand));
    }

    [Fact]
    public async Task An_unfinished_order_event_re_reads_its_cart_by_data_cartId()
    {
        var (harness, shop) = await ConnectAsync();
        fake.AddCart("6626E60A-A6F9-4CD5-8230-43D5F162E0CD", At);
        var evt = Event("unfinished_order.updated", 492512099, new JsonObject { ["orderId"] = "XJ12H", ["cartId"] = "6626E60A-A6F9-4CD5-8230-43D5F162E0CD" });

        await PostAsync(harness, shop, evt, Signature(evt, WebhookHarness.Secret));
        await ProcessAsync(harness, shop);

        Assert.Equal($"/api/v3/{EcwidFake.StoreId}/carts/6626E60A-A6F9-4CD5-8230-43D5F162E0CD", Assert.Single(fake.Requests).Path);
        Assert.Equal(ReceiptStatus.Processed, Assert.Single(await ReceiptsAsync(shop.Id)).GetString("Status"));
        var ingestion = harness.Get<CustomerIngestion>();
        Assert.Single(await ingestion.FindAsync(shop, new CustomerRecord { Source = "ecwid", ExternalId = "15319410" }));
    }

    [Fact]
    public async Task An_event_of_another_store_is_accepted_but_ignored_unread_with_both_stores_named()
    {
        var (harness, shop) = await ConnectAsync();
        var evt = Event("customer.updated", 42, storeId: "2001");

        var (status, _) = await PostAsync(harness, shop, evt, Signature(evt, WebhookHarness.Secret));
        await ProcessAsync(harness, shop);

        Assert.Equal(200, status);
        Assert.Empty(fake.Requests);
        var outcome = Assert.Single(await ReceiptsAsync(shop.Id)).GetString("Outcome");
        Assert.Contains("Ignored", outcome);
        Assert.Contains("store 2001", outcome);
        Assert.Contains($"store {EcwidFake.StoreId}", outcome);
    }

    [Fact]
    public async Task A_deleted_order_re_reads_as_404_and_an_unused_event_is_ignored_without_a_call()
    {
        var (harness, shop) = await ConnectAsync();
        var deleted = Event("order.deleted", 492512057, new JsonObject { ["orderId"] = "GONE1" });
        var product = Event("product.updated", 439710255);

        await PostAsync(harness, shop, deleted, Signature(deleted, WebhookHarness.Secret));
        await PostAsync(harness, shop, product, Signature(product, WebhookHarness.Secret));
        foreach (var message in await harness.TakeMessagesAsync(shop.Id))
        {
            await harness.Functions.Process(message, CancellationToken.None);
        }

        var outcomes = (await ReceiptsAsync(shop.Id)).ToDictionary(r => r.GetString("Topic"), r => r.GetString("Outcome"));
        Assert.Contains("ecwid order GONE1 no longer exists (404)", outcomes["order.deleted"]);
        Assert.Contains("event product.updated is not used", outcomes["product.updated"]);
        Assert.Equal($"/api/v3/{EcwidFake.StoreId}/orders/GONE1", Assert.Single(fake.Requests).Path);
    }

    [Fact]
    public void The_signature_covers_event_created_and_event_id_exactly_as_ecwid_documents()
    {
        var source = new Hub.Shops.Ecwid.EcwidWebhooks();
        var body = """{"eventId":"80aece08-40e8-4145-8764-6c2f0d38678","eventCreated":1471427604,"storeId":1003,"entityId":28966148,"eventType":"order.created"}""";
        var signature = Convert.ToBase64String(System.Security.Cryptography.HMACSHA256.HashData(
            Encoding.UTF8.GetBytes("client_secret_1"), Encoding.UTF8.GetBytes("1471427604.80aece08-40e8-4145-8764-6c2f0d38678")));
        var request = WebhookRequest.Create([KeyValuePair.Create("X-Ecwid-Webhook-Signature", signature)], Encoding.UTF8.GetBytes(body));

        Assert.Equal(SignatureCheck.Valid, source.Verify(request, ["client_secret_1"]));
        Assert.Equal(SignatureCheck.Invalid, source.Verify(request, ["secret_token_not_client_secret"]));
        Assert.Equal(new DeliveryInfo("80aece08-40e8-4145-8764-6c2f0d38678", "order.created", DateTimeOffset.FromUnixTimeSeconds(1471427604)), source.Describe(request));
    }
}
