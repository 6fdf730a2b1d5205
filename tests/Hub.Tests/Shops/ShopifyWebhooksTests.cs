using System.Text;
using System.Text.Json.Nodes;
using Hub.Customers;
using Hub.Shops.Shopify;
using Hub.Webhooks;

namespace Hub.Tests.Shops;

public sealed class ShopifyWebhooksTests() : WebhookSourceTests(new ShopifyWebhooks(), "shopify")
{
    const string Secret = "shpss_current_0123456789abcdef";
    const string PreviousSecret = "shpss_previous_fedcba9876543210";

    // --- signature ---

    [Fact]
    public void Signature_over_the_raw_body_is_valid()
    {
        var body = Fixture("orders-create.json");
        var request = Request(body, ("X-Shopify-Hmac-Sha256", HmacSignature.Compute(body, Secret)));

        Assert.Equal(SignatureCheck.Valid, source.Verify(request, [Secret]));
    }

    [Fact]
    public void Signature_made_with_the_previous_secret_is_accepted_during_rotation()
    {
        var body = Fixture("orders-create.json");
        var request = Request(body, ("x-shopify-hmac-sha256", HmacSignature.Compute(body, PreviousSecret)));

        Assert.Equal(SignatureCheck.Valid, source.Verify(request, [Secret, PreviousSecret]));
        Assert.Equal(SignatureCheck.Invalid, source.Verify(request, [Secret]));
    }

    [Fact]
    public void Forged_signature_is_invalid()
    {
        var body = Fixture("orders-create.json");
        var signature = HmacSignature.Compute(body, "attacker-guess");

        Assert.Equal(SignatureCheck.Invalid, source.Verify(Request(body, ("X-Shopify-Hmac-Sha256", signature)), [Secret]));
        Assert.Equal(SignatureCheck.Invalid, source.Verify(Request(body, ("X-Shopify-Hmac-Sha256", "not base64!")), [Secret]));
    }

    [Fact]
    public void Body_changed_after_signing_is_invalid()
    {
        var body = Fixture("orders-create.json");
        var signature = HmacSignature.Compute(body, Secret);
        var tampered = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(body).Replace("5480.50", "1.00"));

        Assert.Equal(SignatureCheck.Invalid, source.Verify(Request(tampered, ("X-Shopify-Hmac-Sha256", signature)), [Secret]));
    }

    [Fact]
    public void Missing_signature_is_reported_as_missing_and_is_never_a_ping()
    {
        var request = Request(Fixture("orders-create.json"), ("X-Shopify-Topic", "orders/create"));

        Assert.Equal(SignatureCheck.Missing, source.Verify(request, [Secret]));
        Assert.False(source.IsPing(request));
        Assert.Equal("X-Shopify-Hmac-Sha256", source.SignatureHeader);
    }

    // --- describe ---

    [Fact]
    public void Describe_reads_webhook_id_topic_and_trigger_time()
    {
        var request = Request([],
            ("X-Shopify-Webhook-Id", "b54557e4-bdd9-4b37-8a5f-bf7d70bcd043"),
            ("X-Shopify-Topic", "orders/create"),
            ("X-Shopify-Triggered-At", "2025-03-15T11:02:12.123456789Z"));

        var info = source.Describe(request);

        Assert.Equal("b54557e4-bdd9-4b37-8a5f-bf7d70bcd043", info.DeliveryId);
        Assert.Equal("orders/create", info.Topic);
        // Shopify writes nanoseconds; .NET rounds them to 100 ns ticks.
        Assert.Equal(new DateTimeOffset(2025, 3, 15, 11, 2, 12, TimeSpan.Zero).AddTicks(1234568), info.OccurredAt);
    }

    [Fact]
    public void Describe_without_trigger_time_has_no_occurred_at()
    {
        var info = source.Describe(Request([], ("X-Shopify-Webhook-Id", "w-1"), ("X-Shopify-Topic", "customers/update")));

        Assert.Null(info.OccurredAt);
    }

    [Fact]
    public void Describe_without_webhook_id_names_the_header()
    {
        var error = Assert.Throws<WebhookFormatException>(() => source.Describe(Request([], ("X-Shopify-Topic", "orders/create"))));

        Assert.Contains("X-Shopify-Webhook-Id", error.Message);
    }

    [Fact]
    public void Describe_without_topic_names_the_header()
    {
        var error = Assert.Throws<WebhookFormatException>(() => source.Describe(Request([], ("X-Shopify-Webhook-Id", "w-1"))));

        Assert.Contains("X-Shopify-Topic", error.Message);
    }

    // --- customers ---

    [Fact]
    public void Customer_create_maps_profile_contacts_and_city()
    {
        var customer = Single<ShopChange.UpsertCustomer>("customers/create", Fixture("customers-create.json")).Customer;

        Assert.Equal("shopify", customer.Source);
        Assert.Equal("706405506930370084", customer.ExternalId);
        Assert.Equal("Anna", customer.FirstName);
        Assert.Equal("Smirnova", customer.LastName);
        Assert.Equal(["anna.smirnova@example.com"], customer.Emails);
        // The customer's phone first, then address phones, each once.
        Assert.Equal(["+79995551111", "8 (916) 123-45-67"], customer.Phones);
        Assert.Equal("Moscow", customer.City);
        Assert.Equal(new DateTimeOffset(2025, 3, 14, 9, 30, 5, TimeSpan.Zero), customer.CreatedAt);
        Assert.Equal(new DateTimeOffset(2025, 3, 14, 9, 31, 40, TimeSpan.Zero), customer.UpdatedAt);
        // API 2025-01+: no consent fields in customer payloads, so none are invented.
        Assert.Empty(customer.Consents);
    }

    [Fact]
    public void Customer_update_with_legacy_consent_fields_maps_email_consent_and_skips_redacted_sms()
    {
        var customer = Single<ShopChange.UpsertCustomer>("customers/update", Fixture("customers-update-with-consent.json")).Customer;

        var email = Assert.Single(customer.Consents);
        Assert.Equal(Channel.Email, email.Key);
        Assert.Equal(new Consent(ConsentState.Granted, "shopify", new DateTimeOffset(2024, 12, 20, 23, 40, 0, TimeSpan.Zero)), email.Value);
        Assert.Empty(customer.Phones);
        Assert.Null(customer.City);
        Assert.Equal(["vip"], customer.Tags);
    }

    [Theory]
    [InlineData("subscribed", ConsentState.Granted)]
    [InlineData("unsubscribed", ConsentState.Denied)]
    [InlineData("not_subscribed", ConsentState.Denied)]
    [InlineData("pending", ConsentState.Pending)]
    [InlineData("SUBSCRIBED", ConsentState.Granted)]
    public void Consent_states_map_to_hub_states(string state, ConsentState expected)
    {
        var body = Edit("customers-update-with-consent.json", json => json["sms_marketing_consent"] = new JsonObject { ["state"] = state, ["consent_updated_at"] = null });

        var customer = Single<ShopChange.UpsertCustomer>("customers/update", body).Customer;

        // Without consent_updated_at, the customer's updated_at dates the consent.
        Assert.Equal(new Consent(expected, "shopify", new DateTimeOffset(2024, 12, 20, 23, 45, 12, TimeSpan.Zero)), customer.Consents[Channel.Sms]);
    }

    [Fact]
    public void Customer_delete_flags_the_customer_by_id()
    {
        var change = Single<ShopChange.DeleteCustomer>("customers/delete", Fixture("customers-delete.json"));

        Assert.Equal("706405506930370084", change.Customer.ExternalId);
        Assert.Equal("shopify", change.Customer.Source);
        Assert.Equal(DateTimeOffset.UnixEpoch, change.At);
    }

    [Fact]
    public void Customer_redact_erases_the_person_by_id_email_and_phone()
    {
        var customer = Single<ShopChange.EraseCustomer>("customers/redact", Fixture("customers-redact.json")).Customer;

        Assert.Equal("191167", customer.ExternalId);
        Assert.Equal(["john@example.com"], customer.Emails);
        Assert.Equal(["555-625-1199"], customer.Phones);
    }

    [Theory]
    [InlineData("customers_email_marketing_consent/update")]
    [InlineData("customers/email_marketing_consent_update")]
    public void Email_consent_topic_updates_the_email_consent_under_either_spelling(string topic)
    {
        var customer = Single<ShopChange.UpdateConsent>(topic, Fixture("customers-email-marketing-consent-update.json")).Customer;

        Assert.Equal("706405506930370084", customer.ExternalId);
        Assert.Equal(["anna.smirnova@example.com"], customer.Emails);
        Assert.Equal(new Consent(ConsentState.Denied, "shopify", new DateTimeOffset(2025, 4, 1, 8, 15, 0, TimeSpan.Zero)), Assert.Single(customer.Consents).Value);
        Assert.Equal(Channel.Email, Assert.Single(customer.Consents).Key);
    }

    [Theory]
    [InlineData("customers_marketing_consent/update")]
    [InlineData("customers/marketing_consent_update")]
    public void Sms_consent_topic_updates_the_sms_consent_under_either_spelling(string topic)
    {
        var customer = Single<ShopChange.UpdateConsent>(topic, Fixture("customers-marketing-consent-update.json")).Customer;

        Assert.Equal("706405506930370084", customer.ExternalId);
        Assert.Equal(["+79995551111"], customer.Phones);
        var consent = Assert.Single(customer.Consents);
        Assert.Equal(Channel.Sms, consent.Key);
        Assert.Equal(new Consent(ConsentState.Pending, "shopify", new DateTimeOffset(2025, 4, 2, 7, 0, 0, TimeSpan.Zero)), consent.Value);
    }

    [Fact]
    public void Redacted_consent_state_is_ignored_not_turned_into_a_consent()
    {
        var body = Edit("customers-email-marketing-consent-update.json", json => json["email_marketing_consent"]!["state"] = "redacted");

        var ignore = Single<ShopChange.Ignore>("customers_email_marketing_consent/update", body);

        Assert.Contains("redacted", ignore.Reason);
    }

    // --- orders ---

    [Fact]
    public void Order_create_maps_number_status_total_currency_buyer_and_items()
    {
        var order = Single<ShopChange.UpsertOrder>("orders/create", Fixture("orders-create.json")).Order;

        Assert.Equal("shopify", order.Source);
        Assert.Equal("5745118543949", order.ExternalId);
        Assert.Equal("#1001", order.Number);
        Assert.Equal("paid", order.Status);
        Assert.False(order.Cancelled);
        Assert.Equal("RUB", order.Currency);
        Assert.Equal(5480.50m, order.Total);
        Assert.Equal(new DateTimeOffset(2025, 3, 15, 11, 2, 11, TimeSpan.Zero), order.CreatedAt);
        Assert.Equal(new DateTimeOffset(2025, 3, 15, 11, 2, 13, TimeSpan.Zero), order.UpdatedAt);

        Assert.Equal("706405506930370084", order.Customer.ExternalId);
        Assert.Equal("Anna", order.Customer.FirstName);
        Assert.Equal(["anna.smirnova@example.com"], order.Customer.Emails);
        Assert.Equal(["+79995551111", "+7 916 123-45-67"], order.Customer.Phones);
        Assert.Equal("Moscow", order.Customer.City);

        Assert.Equal(
            [
                new LineItem("8123456789012", "SER-30", "Hydrating Serum", "La Roche-Posay", null, 2m, 1890.25m),
                new LineItem(null, null, "Gift wrapping", null, null, 1m, 1400.00m),
            ],
            order.Items);
    }

    [Fact]
    public void Guest_order_has_no_customer_id_and_takes_contacts_from_the_order()
    {
        var order = Single<ShopChange.UpsertOrder>("orders/create", Fixture("orders-create-guest.json")).Order;

        Assert.Null(order.Customer.ExternalId);
        Assert.Equal(["guest.buyer@example.com"], order.Customer.Emails);
        Assert.Equal(["+15556251199"], order.Customer.Phones);
        Assert.Equal("Maria", order.Customer.FirstName);
        Assert.Equal("Kazan", order.Customer.City);
        Assert.Equal("USD", order.Currency);
        Assert.Equal(49.90m, order.Total);
        Assert.Equal("pending", order.Status);
        var item = Assert.Single(order.Items);
        Assert.Equal("Nivea", item.Brand);
        Assert.Equal("Lip care", item.Category);
        Assert.Equal(24.95m, item.Price);
    }

    [Theory]
    [InlineData("orders/cancelled")]
    [InlineData("orders/updated")]
    public void Order_with_cancelled_at_is_cancelled(string topic)
    {
        var order = Single<ShopChange.UpsertOrder>(topic, Fixture("orders-cancelled.json")).Order;

        Assert.True(order.Cancelled);
        Assert.Equal("refunded/fulfilled", order.Status);
        Assert.Equal(new DateTimeOffset(2025, 3, 17, 8, 0, 2, TimeSpan.Zero), order.UpdatedAt);
    }

    [Fact]
    public void Paid_topic_is_an_order_upsert()
    {
        var order = Single<ShopChange.UpsertOrder>("orders/paid", Fixture("orders-create.json")).Order;

        Assert.Equal("5745118543949", order.ExternalId);
    }

    // --- checkouts ---

    [Fact]
    public void Abandoned_checkout_becomes_a_cart_with_recovery_url()
    {
        var cart = Single<ShopChange.UpsertCart>("checkouts/create", Fixture("checkouts-create.json")).Cart;

        // Keyed on the checkout's id, which GraphQL pulls can give too (they have no token).
        Assert.Equal("36215489552718", cart.ExternalId);
        Assert.Equal("https://hub-demo.myshopify.com/65432/checkouts/ac/b1946ac92492d2347c6235b4d2611184/recover?key=5f3c", cart.RecoveryUrl);
        Assert.Equal(3899.97m, cart.Total);
        Assert.Equal("RUB", cart.Currency);
        Assert.False(cart.Converted);
        Assert.Equal(new DateTimeOffset(2025, 3, 18, 17, 14, 30, TimeSpan.Zero), cart.UpdatedAt);
        Assert.Equal("706405506930370085", cart.Customer.ExternalId);
        Assert.Equal(["ivan.petrov@example.com"], cart.Customer.Emails);
        Assert.Equal("Novosibirsk", cart.Customer.City);
        Assert.Equal(new LineItem("8123456789014", "SUN-50", "Sunscreen SPF 50", "Bioderma", null, 3m, 1299.99m), Assert.Single(cart.Items));
    }

    [Fact]
    public void Completed_checkout_is_converted_and_keeps_its_id()
    {
        var body = Edit("checkouts-create.json", json =>
        {
            json["completed_at"] = "2025-03-18T20:30:00+03:00";
            json.Remove("token");
        });

        var cart = Single<ShopChange.UpsertCart>("checkouts/update", body).Cart;

        Assert.True(cart.Converted);
        Assert.Equal("36215489552718", cart.ExternalId);
    }

    [Fact]
    public void Checkout_without_id_names_the_field()
    {
        var body = Edit("checkouts-create.json", json => json.Remove("id"));

        var error = Assert.Throws<WebhookFormatException>(() => source.Map("checkouts/update", body));

        Assert.Contains("'id'", error.Message);
    }

    // --- other topics and bad input ---

    [Theory]
    [InlineData("products/update")]
    [InlineData("app/uninstalled")]
    [InlineData("shop/redact")]
    public void Unused_topic_is_ignored_without_reading_the_body(string topic)
    {
        var ignore = Single<ShopChange.Ignore>(topic, Encoding.UTF8.GetBytes("not json"));

        Assert.Equal($"topic {topic} is not used", ignore.Reason);
    }

    [Fact]
    public void Malformed_json_names_the_topic()
    {
        var error = Assert.Throws<WebhookFormatException>(() => source.Map("orders/create", Encoding.UTF8.GetBytes("{\"id\": 1, \"total_price\": ")));

        Assert.Equal("orders/create: the body is not valid JSON", error.Message);
    }

    [Fact]
    public void Order_without_id_names_the_field()
    {
        var body = Edit("orders-create.json", json => json.Remove("id"));

        var error = Assert.Throws<WebhookFormatException>(() => source.Map("orders/create", body));

        Assert.Equal("orders/create: field 'id' is missing", error.Message);
    }

    [Fact]
    public void Customer_without_updated_at_names_the_field()
    {
        var body = Edit("customers-create.json", json => json["updated_at"] = null);

        var error = Assert.Throws<WebhookFormatException>(() => source.Map("customers/create", body));

        Assert.Equal("customers/create: field 'updated_at' is missing", error.Message);
    }

    [Fact]
    public void Line_item_price_of_the_wrong_type_names_the_item_and_field_but_not_personal_data()
    {
        var body = Edit("orders-create.json", json => json["line_items"]![1]!["price"] = new JsonObject());

        var error = Assert.Throws<WebhookFormatException>(() => source.Map("orders/create", body));

        Assert.Equal("orders/create: field 'line_items[1].price' must be a decimal number", error.Message);
        Assert.DoesNotContain("anna", error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Unparseable_total_names_the_field()
    {
        var body = Edit("orders-create.json", json => json["current_total_price"] = "5 480,50");

        var error = Assert.Throws<WebhookFormatException>(() => source.Map("orders/paid", body));

        Assert.Equal("orders/paid: field 'current_total_price' must be a decimal number", error.Message);
    }

    [Fact]
    public void Order_total_is_the_current_total_after_refunds_and_the_original_total_when_absent()
    {
        var refunded = Edit("orders-create.json", json => json["current_total_price"] = "3590.25");
        var legacy = Edit("orders-create.json", json => json.Remove("current_total_price"));

        Assert.Equal(3590.25m, Single<ShopChange.UpsertOrder>("orders/updated", refunded).Order.Total);
        Assert.Equal(5480.50m, Single<ShopChange.UpsertOrder>("orders/updated", legacy).Order.Total);
    }

    [Fact]
    public void Customer_email_of_the_wrong_type_names_the_field()
    {
        var body = Edit("customers-create.json", json => json["email"] = 42);

        var error = Assert.Throws<WebhookFormatException>(() => source.Map("customers/update", body));

        Assert.Equal("customers/update: field 'email' must be a string", error.Message);
    }

    [Fact]
    public void Consent_update_without_customer_id_names_the_field()
    {
        var body = Edit("customers-email-marketing-consent-update.json", json => json.Remove("customer_id"));

        var error = Assert.Throws<WebhookFormatException>(() => source.Map("customers_email_marketing_consent/update", body));

        Assert.Equal("customers_email_marketing_consent/update: field 'customer_id' is missing", error.Message);
    }

    [Fact]
    public void Registry_finds_shopify_case_insensitively()
    {
        Assert.IsType<ShopifyWebhooks>(WebhookSources.Find("Shopify"));
        Assert.Null(WebhookSources.Find("magento"));
    }
}
