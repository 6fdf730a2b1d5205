using System.Text;
using System.Text.Json.Nodes;
using Hub.Customers;
using Hub.Shops.WooCommerce;
using Hub.Webhooks;

namespace Hub.Tests.Shops;

public sealed class WooCommerceWebhooksTests() : WebhookSourceTests(new WooCommerceWebhooks(), "woocommerce")
{
    const string Secret = "wc-secret-9f8e7d6c5b4a";
    const string PreviousSecret = "wc-secret-old-1a2b3c";

    // --- ping and signature ---

    [Fact]
    public void Unsigned_webhook_id_body_is_a_ping()
    {
        var request = Request(Encoding.ASCII.GetBytes("webhook_id=17"), ("Content-Type", "application/x-www-form-urlencoded"));

        Assert.True(source.IsPing(request));
    }

    [Theory]
    [InlineData("webhook_id=17&x=1")]
    [InlineData("webhook_id=")]
    [InlineData("{\"id\":17}")]
    public void Other_unsigned_bodies_are_not_pings(string body)
    {
        Assert.False(source.IsPing(Request(Encoding.ASCII.GetBytes(body))));
    }

    [Fact]
    public void Signed_webhook_id_body_is_not_a_ping()
    {
        var body = Encoding.ASCII.GetBytes("webhook_id=17");

        Assert.False(source.IsPing(Request(body, ("X-WC-Webhook-Signature", HmacSignature.Compute(body, Secret)))));
    }

    [Fact]
    public void Real_delivery_is_not_a_ping()
    {
        var body = Fixture("order-updated.json");

        Assert.False(source.IsPing(Request(body, ("X-WC-Webhook-Signature", HmacSignature.Compute(body, Secret)))));
    }

    [Fact]
    public void Signature_over_the_raw_body_is_valid_and_a_rotated_secret_is_accepted()
    {
        var body = Fixture("order-updated.json");

        Assert.Equal(SignatureCheck.Valid, source.Verify(Request(body, ("X-WC-Webhook-Signature", HmacSignature.Compute(body, Secret))), [Secret]));
        Assert.Equal(SignatureCheck.Valid, source.Verify(Request(body, ("x-wc-webhook-signature", HmacSignature.Compute(body, PreviousSecret))), [Secret, PreviousSecret]));
    }

    [Fact]
    public void Forged_signature_is_invalid()
    {
        var body = Fixture("order-updated.json");
        var request = Request(body, ("X-WC-Webhook-Signature", HmacSignature.Compute(body, "guess")));

        Assert.Equal(SignatureCheck.Invalid, source.Verify(request, [Secret]));
    }

    [Fact]
    public void Missing_signature_is_reported_as_missing()
    {
        Assert.Equal(SignatureCheck.Missing, source.Verify(Request(Fixture("order-updated.json")), [Secret]));
        Assert.Equal("X-WC-Webhook-Signature", source.SignatureHeader);
    }

    // --- describe ---

    [Fact]
    public void Delivery_id_is_the_resource_version_so_a_resend_is_a_duplicate()
    {
        var body = Fixture("order-updated.json");

        var first = source.Describe(Request(body, ("X-WC-Webhook-Topic", "order.updated"), ("X-WC-Webhook-Resource", "order"), ("X-WC-Webhook-Delivery-ID", "a1")));
        var resend = source.Describe(Request(body, ("X-WC-Webhook-Topic", "order.updated"), ("X-WC-Webhook-Delivery-ID", "b2")));

        Assert.Equal("order:727:2024-05-03T12:25:41", first.DeliveryId);
        Assert.Equal(first.DeliveryId, resend.DeliveryId);
        Assert.Equal("order.updated", first.Topic);
        Assert.Equal(new DateTimeOffset(2024, 5, 3, 12, 25, 41, TimeSpan.Zero), first.OccurredAt);
    }

    [Fact]
    public void Delivery_id_of_a_customer_never_modified_uses_its_creation_time()
    {
        var info = source.Describe(Request(Fixture("customer-created-never-modified.json"), ("X-WC-Webhook-Topic", "customer.created")));

        Assert.Equal("customer:26:2024-05-02T06:00:00", info.DeliveryId);
    }

    [Fact]
    public void Delivery_id_of_a_deletion_marks_it_deleted()
    {
        var info = source.Describe(Request(Fixture("customer-deleted.json"), ("X-WC-Webhook-Topic", "customer.deleted")));

        Assert.Equal("customer:25:deleted", info.DeliveryId);
        Assert.Null(info.OccurredAt);
    }

    [Fact]
    public void Describe_without_topic_names_the_header()
    {
        var error = Assert.Throws<WebhookFormatException>(() => source.Describe(Request(Fixture("order-updated.json"))));

        Assert.Contains("X-WC-Webhook-Topic", error.Message);
    }

    [Fact]
    public void Describe_without_modification_time_names_the_field()
    {
        var body = Edit("order-updated.json", json =>
        {
            json.Remove("date_modified_gmt");
            json.Remove("date_created_gmt");
        });

        var error = Assert.Throws<WebhookFormatException>(() => source.Describe(Request(body, ("X-WC-Webhook-Topic", "order.updated"))));

        Assert.Equal("order.updated: field 'date_modified_gmt' is missing", error.Message);
    }

    // --- customers ---

    [Fact]
    public void Customer_created_maps_profile_billing_contacts_and_gmt_times()
    {
        var customer = Single<ShopChange.UpsertCustomer>("customer.created", Fixture("customer-created.json")).Customer;

        Assert.Equal("woocommerce", customer.Source);
        Assert.Equal("25", customer.ExternalId);
        Assert.Equal("Olga", customer.FirstName);
        Assert.Equal("Kuznetsova", customer.LastName);
        Assert.Equal(["olga.kuznetsova@example.ru", "olga.work@example.ru"], customer.Emails);
        Assert.Equal(["8 (912) 345-67-89"], customer.Phones);
        Assert.Equal("Yekaterinburg", customer.City);
        Assert.Equal(new DateTimeOffset(2024, 5, 1, 10, 0, 0, TimeSpan.Zero), customer.CreatedAt);
        Assert.Equal(new DateTimeOffset(2024, 5, 1, 10, 5, 30, TimeSpan.Zero), customer.UpdatedAt);
    }

    [Fact]
    public void Customer_with_empty_fields_and_no_modification_time_keeps_only_what_is_there()
    {
        var customer = Single<ShopChange.UpsertCustomer>("customer.updated", Fixture("customer-created-never-modified.json")).Customer;

        Assert.Equal("26", customer.ExternalId);
        Assert.Null(customer.FirstName);
        Assert.Equal(["petr@example.ru"], customer.Emails);
        Assert.Empty(customer.Phones);
        Assert.Null(customer.City);
        Assert.Equal(new DateTimeOffset(2024, 5, 2, 6, 0, 0, TimeSpan.Zero), customer.UpdatedAt);
    }

    [Fact]
    public void Customer_deleted_flags_the_customer_by_id()
    {
        var change = Single<ShopChange.DeleteCustomer>("customer.deleted", Fixture("customer-deleted.json"));

        Assert.Equal("25", change.Customer.ExternalId);
        Assert.Equal("woocommerce", change.Customer.Source);
    }

    // --- orders ---

    [Fact]
    public void Order_maps_number_status_total_buyer_and_items()
    {
        var order = Single<ShopChange.UpsertOrder>("order.updated", Fixture("order-updated.json")).Order;

        Assert.Equal("woocommerce", order.Source);
        Assert.Equal("727", order.ExternalId);
        Assert.Equal("727", order.Number);
        Assert.Equal("processing", order.Status);
        Assert.False(order.Cancelled);
        Assert.Equal("RUB", order.Currency);
        Assert.Equal(2749.90m, order.Total);
        Assert.Equal(new DateTimeOffset(2024, 5, 3, 12, 20, 0, TimeSpan.Zero), order.CreatedAt);
        Assert.Equal(new DateTimeOffset(2024, 5, 3, 12, 25, 41, TimeSpan.Zero), order.UpdatedAt);

        Assert.Equal("25", order.Customer.ExternalId);
        Assert.Equal("Olga", order.Customer.FirstName);
        Assert.Equal(["olga.kuznetsova@example.ru"], order.Customer.Emails);
        Assert.Equal(["8 (912) 345-67-89"], order.Customer.Phones);
        Assert.Equal("Yekaterinburg", order.Customer.City);

        Assert.Equal(
            [
                new LineItem("93", "TEA-SEN-100", "Green tea Sencha, 100 g", null, null, 2m, 599.95m),
                new LineItem("94", null, "Teapot, glass", null, null, 1m, 1200m),
            ],
            order.Items);
    }

    [Theory]
    [InlineData("order.created")]
    [InlineData("order.restored")]
    public void Created_and_restored_orders_are_upserts(string topic)
    {
        Assert.Equal("727", Single<ShopChange.UpsertOrder>(topic, Fixture("order-updated.json")).Order.ExternalId);
    }

    [Fact]
    public void Guest_cancelled_order_has_no_customer_id_and_is_cancelled()
    {
        var order = Single<ShopChange.UpsertOrder>("order.updated", Fixture("order-guest-cancelled.json")).Order;

        Assert.Null(order.Customer.ExternalId);
        Assert.Equal(["sergey.volkov@example.com"], order.Customer.Emails);
        Assert.True(order.Cancelled);
        Assert.Equal("cancelled", order.Status);
        Assert.Equal("EUR", order.Currency);
        Assert.Equal(15.50m, order.Total);
        Assert.Equal(new LineItem(null, null, "Mug", null, null, 1m, 15.5m), Assert.Single(order.Items));
    }

    [Theory]
    [InlineData("refunded", true)]
    [InlineData("failed", true)]
    [InlineData("completed", false)]
    [InlineData("on-hold", false)]
    public void Refunded_and_failed_orders_count_as_cancelled(string status, bool cancelled)
    {
        var body = Edit("order-updated.json", json => json["status"] = status);

        Assert.Equal(cancelled, Single<ShopChange.UpsertOrder>("order.updated", body).Order.Cancelled);
    }

    [Fact]
    public void Order_deleted_is_ignored_with_a_reason()
    {
        var ignore = Single<ShopChange.Ignore>("order.deleted", Fixture("order-deleted.json"));

        Assert.Contains("only the order id", ignore.Reason);
    }

    [Theory]
    [InlineData("product.updated")]
    [InlineData("coupon.created")]
    [InlineData("action.woocommerce_cart_updated")]
    public void Unused_topic_is_ignored(string topic)
    {
        Assert.Equal($"topic {topic} is not used", Single<ShopChange.Ignore>(topic, Encoding.UTF8.GetBytes("{}")).Reason);
    }

    // --- bad input ---

    [Fact]
    public void Malformed_json_names_the_topic()
    {
        var error = Assert.Throws<WebhookFormatException>(() => source.Map("order.updated", Encoding.UTF8.GetBytes("webhook_id=17")));

        Assert.Equal("order.updated: the body is not valid JSON", error.Message);
    }

    [Fact]
    public void Order_without_total_names_the_field()
    {
        var body = Edit("order-updated.json", json => json.Remove("total"));

        var error = Assert.Throws<WebhookFormatException>(() => source.Map("order.updated", body));

        Assert.Equal("order.updated: field 'total' is missing", error.Message);
    }

    [Fact]
    public void Customer_with_a_non_numeric_id_names_the_field()
    {
        var body = Edit("customer-created.json", json => json["id"] = 25.5);

        var error = Assert.Throws<WebhookFormatException>(() => source.Map("customer.updated", body));

        Assert.Equal("customer.updated: field 'id' must be an integer or a string", error.Message);
    }

    [Fact]
    public void Line_item_without_quantity_names_the_item()
    {
        var body = Edit("order-updated.json", json => json["line_items"]![0]!.AsObject().Remove("quantity"));

        var error = Assert.Throws<WebhookFormatException>(() => source.Map("order.created", body));

        Assert.Equal("order.created: field 'line_items[0].quantity' is missing", error.Message);
    }

    [Fact]
    public void Registry_finds_woocommerce_case_insensitively()
    {
        Assert.IsType<WooCommerceWebhooks>(WebhookSources.Find("WooCommerce"));
        Assert.Same(WebhookSources.All["woocommerce"], WebhookSources.Find("woocommerce"));
    }
}
