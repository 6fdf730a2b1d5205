using System.Text;
using Hub.Customers;
using Hub.Shops;
using Hub.Shops.RetailCrm;
using Hub.Shops.Sync;
using Hub.Storage;
using Hub.Tests.Webhooks;
using Hub.Webhooks;
using Microsoft.Extensions.DependencyInjection;

namespace Hub.Tests.Shops.RetailCrm;

/// <summary>RetailCRM trigger calls: the URL token, the body an admin configures, and the re-read they lead to.</summary>
public sealed class RetailCrmWebhooksTests(AzuriteFixture azurite)
{
    static readonly Dictionary<string, string> Json = new() { ["Content-Type"] = "application/json" };
    static readonly Dictionary<string, string> Form = new() { ["Content-Type"] = "application/x-www-form-urlencoded" };

    async Task<(WebhookHarness Harness, string ShopId)> HarnessAsync()
    {
        var shopId = AzuriteFixture.NewShopId("rcw");
        var harness = new WebhookHarness(azurite, shopId);
        await harness.AddShopAsync(shopId, Platforms.RetailCrm);
        return (harness, shopId);
    }

    /// <summary>
    /// What the receiver recorded for this body (null: nothing). Receipts are per shop, so unlike the shared queue they
    /// cannot be hidden by another test reading its own messages at the same moment.
    /// </summary>
    static async Task<string?> ReceiptStatusAsync(WebhookHarness harness, string shopId, string body)
    {
        var delivery = WebhookSources.Find("retailcrm")!.Describe(WebhookRequest.Create([], Encoding.UTF8.GetBytes(body)));
        var receipt = await harness.Get<WebhookReceipts>().GetAsync(WebhookReceipts.Partition(shopId, harness.Time.GetUtcNow()), delivery.DeliveryId);
        return receipt?.GetString("Status");
    }

    [Fact]
    public async Task A_trigger_call_with_the_shops_token_is_queued_as_a_hint_to_read_the_customer_again()
    {
        var (harness, shopId) = await HarnessAsync();

        var (status, message) = await harness.PostAsync("retailcrm", shopId, """{"entity":"customer","id":"4711"}""", Json, token: WebhookHarness.Secret);

        Assert.Equal(200, status);
        Assert.StartsWith("Accepted customer delivery customer:4711:", message);
        Assert.Equal(ReceiptStatus.Queued, await ReceiptStatusAsync(harness, shopId, """{"entity":"customer","id":"4711"}"""));
        Assert.Equal([new ShopChange.Refetch(SyncResource.Customers, "4711")], WebhookSources.Find("retailcrm")!.Map("customer", Encoding.UTF8.GetBytes("""{"entity":"customer","id":4711}""")));
    }

    [Fact]
    public async Task The_previous_secret_is_accepted_during_a_rotation_and_form_encoded_bodies_are_read()
    {
        var (harness, shopId) = await HarnessAsync();

        var (status, _) = await harness.PostAsync("retailcrm", shopId, "entity=order&id=9001", Form, token: WebhookHarness.PreviousSecret);

        Assert.Equal(200, status);
        Assert.Equal(ReceiptStatus.Queued, await ReceiptStatusAsync(harness, shopId, "entity=order&id=9001"));
        Assert.Equal([new ShopChange.Refetch(SyncResource.Orders, "9001")], WebhookSources.Find("retailcrm")!.Map("order", Encoding.UTF8.GetBytes("entity=order&id=9001")));
        Assert.Equal([new ShopChange.Refetch(SyncResource.Carts, "15")], WebhookSources.Find("retailcrm")!.Map("cart", Encoding.UTF8.GetBytes(""" {"entity":"Cart","id":"15"} """)));
    }

    [Theory]
    [InlineData("shpss_someone_else", "does not match")]
    [InlineData(null, "Missing")]
    public async Task A_wrong_or_missing_token_is_refused_and_nothing_is_queued(string? token, string expected)
    {
        var (harness, shopId) = await HarnessAsync();

        var (status, message) = await harness.PostAsync("retailcrm", shopId, """{"entity":"customer","id":"4711"}""", Json, token: token);

        Assert.Equal(401, status);
        Assert.Contains(expected, message);
        Assert.Null(await ReceiptStatusAsync(harness, shopId, """{"entity":"customer","id":"4711"}"""));
    }

    [Theory]
    [InlineData("""{"id":"4711"}""", "field 'entity' is missing")]
    [InlineData("""{"entity":"product","id":"4711"}""", "field 'entity' must be one of customer, order, cart")]
    [InlineData("""{"entity":"customer","id":"{{ customer.id }}"}""", "field 'id' must be a RetailCRM id")]
    [InlineData("""{"entity":"customer",""", "not valid JSON")]
    [InlineData("entity=order", "field 'id' is missing")]
    public async Task A_malformed_body_is_answered_400_naming_the_field_without_echoing_it(string body, string expected)
    {
        var (harness, shopId) = await HarnessAsync();

        var (status, message) = await harness.PostAsync("retailcrm", shopId, body, Json, token: WebhookHarness.Secret);

        Assert.Equal(400, status);
        Assert.Contains(expected, message);
        Assert.DoesNotContain("{{", message);
    }

    [Fact]
    public async Task An_identical_repeat_is_a_duplicate_while_a_call_for_a_later_change_is_a_new_delivery()
    {
        var (harness, shopId) = await HarnessAsync();
        const string first = """{"entity":"order","id":"77","at":"2026-11-20 12:00:00"}""";

        var one = await harness.PostAsync("retailcrm", shopId, first, Json, token: WebhookHarness.Secret);
        var again = await harness.PostAsync("retailcrm", shopId, first, Json, token: WebhookHarness.Secret);
        var later = await harness.PostAsync("retailcrm", shopId, first.Replace("12:00:00", "12:05:00"), Json, token: WebhookHarness.Secret);

        Assert.Equal((200, 200, 200), (one.Status, again.Status, later.Status));
        Assert.StartsWith("Accepted order delivery order:77:", one.Body);
        Assert.StartsWith("Duplicate delivery order:77:", again.Body);
        Assert.StartsWith("Accepted order delivery order:77:", later.Body);
        Assert.NotEqual(one.Body, later.Body);
        Assert.Equal(ReceiptStatus.Queued, await ReceiptStatusAsync(harness, shopId, first.Replace("12:00:00", "12:05:00")));
    }

    [Fact]
    public async Task A_processed_hint_reads_the_customer_from_RetailCRM_and_stores_it()
    {
        using var host = new RetailCrmHost(azurite);
        var shop = await host.Services.GetRequiredService<ShopStore>().SaveAsync(host.Shop);
        host.Fake.AddCustomer(4711, c => c["email"] = "Hint.Me@Example.RU");
        host.Fake.AddHistory("customers", 4711, RetailCrmHost.Now - TimeSpan.FromMinutes(3), "email");
        const string body = """{"entity":"customer","id":"4711"}""";
        var source = WebhookSources.Find("retailcrm")!;
        var request = WebhookRequest.Create([], Encoding.UTF8.GetBytes(body)) with { PathToken = RetailCrmHost.WebhookSecret };
        Assert.Equal(SignatureCheck.Valid, source.Verify(request, host.Services.GetRequiredService<ShopSecrets>().WebhookSecrets(shop.Id)));
        var info = source.Describe(request);

        var outcomes = await host.Services.GetRequiredService<ShopEventProcessor>().ProcessAsync(new ShopEvent(
            shop.Id, Platforms.RetailCrm, info.Topic, info.DeliveryId, WebhookReceipts.Partition(shop.Id, RetailCrmHost.Now), RetailCrmHost.Now,
            Convert.ToBase64String(Encoding.UTF8.GetBytes(body))), attempt: 1);

        var outcome = Assert.Single(outcomes);
        Assert.Equal(IngestStatus.Created, outcome.Status);
        var customer = (await host.Services.GetRequiredService<CustomerIngestion>().Store.GetAsync(shop.Id, outcome.CustomerId!))!.Customer;
        Assert.Equal("hint.me@example.ru", customer.Emails[0].Value);
        Assert.Equal("4711", customer.ExternalIds[Platforms.RetailCrm]);
        Assert.Equal(RetailCrmHost.Now - TimeSpan.FromMinutes(3), customer.SourceVersions[Platforms.RetailCrm]);
    }
}
