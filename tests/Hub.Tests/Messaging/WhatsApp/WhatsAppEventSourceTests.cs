using System.Text.Json.Nodes;
using Hub.Customers;
using Hub.Messaging.Channels;
using Hub.Messaging.Channels.WhatsApp;
using Microsoft.Extensions.Time.Testing;

namespace Hub.Tests.Messaging.WhatsApp;

public sealed class WhatsAppEventSourceTests
{
    static readonly DateTimeOffset Now = new(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);
    static readonly DateTimeOffset Stamped = DateTimeOffset.FromUnixTimeSeconds(1767000000);

    static MessagingHost Host() => WhatsAppHost.Start(new Dictionary<string, string?>
    {
        [WhatsAppSettings.AppSecretKey(WhatsAppHost.Shop)] = WhatsAppHost.AppSecret,
        [WhatsAppSettings.VerifyTokenKey(WhatsAppHost.Shop)] = WhatsAppHost.VerifyToken,
    }, new FakeTimeProvider(Now));

    [Fact]
    public void Metas_verification_request_with_the_shops_token_is_answered_with_the_challenge()
    {
        using var host = Host();

        var reply = host.Webhook().Handle(ProviderRequests.Get(WhatsAppHost.Shop,
            ("hub.mode", "subscribe"), ("hub.verify_token", WhatsAppHost.VerifyToken), ("hub.challenge", "1158201444")));

        Assert.Equal((200, "1158201444"), (reply.Status, reply.Body));
        Assert.Empty(reply.Events);
    }

    [Theory]
    [InlineData("subscribe", "guessed-token")]
    [InlineData("unsubscribe", WhatsAppHost.VerifyToken)]
    [InlineData("", WhatsAppHost.VerifyToken)]
    public void A_verification_request_with_a_wrong_token_or_mode_is_refused_without_the_challenge(string mode, string token)
    {
        using var host = Host();

        var reply = host.Webhook().Handle(ProviderRequests.Get(WhatsAppHost.Shop,
            ("hub.mode", mode), ("hub.verify_token", token), ("hub.challenge", "1158201444")));

        Assert.Equal(401, reply.Status);
        Assert.DoesNotContain("1158201444", reply.Body);
    }

    [Fact]
    public void A_verification_request_for_a_shop_without_a_verify_token_names_the_setting()
    {
        using var host = Host();

        var reply = host.Webhook().Handle(ProviderRequests.Get("shop-9", ("hub.mode", "subscribe"), ("hub.verify_token", "x"), ("hub.challenge", "1")));

        Assert.Equal(401, reply.Status);
        Assert.Contains("Shops:shop-9:WhatsAppVerifyToken", reply.Body);
    }

    [Fact]
    public void Delivered_read_and_failed_statuses_become_events_with_our_message_id_and_the_wamid()
    {
        using var host = Host();
        var body = WhatsAppWebhooks.Notification(
            WhatsAppWebhooks.Status("wamid.A", "sent", "msg-1"),
            WhatsAppWebhooks.Status("wamid.A", "delivered", "msg-1"),
            WhatsAppWebhooks.Status("wamid.A", "read", "msg-1", timestamp: 1767000060),
            WhatsAppWebhooks.Status("wamid.B", "failed", "msg-2", errors: WhatsAppWebhooks.Error(131026, "Message undeliverable")));

        var reply = host.Webhook().Handle(WhatsAppWebhooks.Signed(body));

        Assert.Equal(200, reply.Status);
        Assert.Equal(
        [
            new ProviderEvent("whatsapp", "wamid.A:delivered", ProviderEventKind.Delivered, Channel.WhatsApp, Stamped, "msg-1", "wamid.A", ShopId: WhatsAppHost.Shop),
            new ProviderEvent("whatsapp", "wamid.A:read", ProviderEventKind.Read, Channel.WhatsApp, Stamped.AddMinutes(1), "msg-1", "wamid.A", ShopId: WhatsAppHost.Shop),
            new ProviderEvent("whatsapp", "wamid.B:failed", ProviderEventKind.Failed, Channel.WhatsApp, Stamped, "msg-2", "wamid.B", ShopId: WhatsAppHost.Shop,
                Detail: "131026: Message undeliverable: details of 131026"),
        ], reply.Events);
    }

    [Fact]
    public void A_failure_because_the_person_stopped_promotions_is_also_their_opt_out()
    {
        using var host = Host();
        var body = WhatsAppWebhooks.Notification(
            WhatsAppWebhooks.Status("wamid.C", "failed", "msg-3", errors: WhatsAppWebhooks.Error(131050, "User has stopped marketing messages")));

        var reply = host.Webhook().Handle(WhatsAppWebhooks.Signed(body));

        Assert.Equal([ProviderEventKind.Failed, ProviderEventKind.OptedOut], reply.Events.Select(e => e.Kind));
        var optOut = reply.Events[1];
        Assert.Equal("+79995551111", optOut.Address);
        Assert.Equal("msg-3", optOut.MessageId);
        Assert.NotEqual(reply.Events[0].EventId, optOut.EventId);
    }

    [Fact]
    public void A_status_without_our_id_still_names_the_wamid()
    {
        using var host = Host();

        var reply = host.Webhook().Handle(WhatsAppWebhooks.Signed(WhatsAppWebhooks.Notification(WhatsAppWebhooks.Status("wamid.D", "delivered", callbackData: null))));

        var delivered = Assert.Single(reply.Events);
        Assert.Null(delivered.MessageId);
        Assert.Equal("wamid.D", delivered.ProviderMessageId);
    }

    [Fact]
    public void An_incoming_message_is_accepted_without_events()
    {
        using var host = Host();
        var body = WhatsAppWebhooks.WithValue(new JsonObject
        {
            ["messaging_product"] = "whatsapp",
            ["metadata"] = new JsonObject { ["phone_number_id"] = WhatsAppHost.PhoneNumberId },
            ["contacts"] = new JsonArray(new JsonObject { ["wa_id"] = "79995551111", ["profile"] = new JsonObject { ["name"] = "Анна" } }),
            ["messages"] = new JsonArray(new JsonObject { ["from"] = "79995551111", ["id"] = "wamid.IN", ["timestamp"] = "1767000000", ["type"] = "text", ["text"] = new JsonObject { ["body"] = "Стоп" } }),
        });

        var reply = host.Webhook().Handle(WhatsAppWebhooks.Signed(body));

        Assert.Equal(200, reply.Status);
        Assert.Empty(reply.Events);
    }

    [Fact]
    public void A_notification_signed_with_another_secret_is_refused()
    {
        using var host = Host();
        var body = WhatsAppWebhooks.Notification(WhatsAppWebhooks.Status("wamid.A", "read"));

        var reply = host.Webhook().Handle(WhatsAppWebhooks.Signed(body, secret: "someone-elses-secret"));

        Assert.Equal(401, reply.Status);
        Assert.Empty(reply.Events);
    }

    [Fact]
    public void A_notification_altered_after_signing_is_refused()
    {
        using var host = Host();
        var signed = WhatsAppWebhooks.Notification(WhatsAppWebhooks.Status("wamid.A", "read"));
        var altered = signed.Replace("read", "failed", StringComparison.Ordinal);

        var reply = host.Webhook().Handle(ProviderRequests.Post(WhatsAppHost.Shop, altered,
            ("X-Hub-Signature-256", WhatsAppWebhooks.Signature(signed, WhatsAppHost.AppSecret))));

        Assert.Equal(401, reply.Status);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("sha256=")]
    [InlineData("sha256=zz")]
    [InlineData("sha1=0123456789abcdef0123456789abcdef01234567")]
    public void A_notification_without_a_proper_signature_is_refused(string? signature)
    {
        using var host = Host();
        var body = WhatsAppWebhooks.Notification(WhatsAppWebhooks.Status("wamid.A", "read"));
        var headers = signature is null ? [] : new[] { ("X-Hub-Signature-256", signature) };

        var reply = host.Webhook().Handle(ProviderRequests.Post(WhatsAppHost.Shop, body, headers));

        Assert.Equal(401, reply.Status);
    }

    [Fact]
    public void An_upper_case_hex_signature_is_accepted()
    {
        using var host = Host();
        var body = WhatsAppWebhooks.Notification(WhatsAppWebhooks.Status("wamid.A", "read"));
        var signature = "sha256=" + WhatsAppWebhooks.Signature(body, WhatsAppHost.AppSecret)["sha256=".Length..].ToUpperInvariant();

        var reply = host.Webhook().Handle(ProviderRequests.Post(WhatsAppHost.Shop, body, ("X-Hub-Signature-256", signature)));

        Assert.Single(reply.Events);
    }

    [Fact]
    public void A_shop_without_an_app_secret_refuses_naming_the_setting()
    {
        using var host = Host();

        var reply = host.Webhook().Handle(WhatsAppWebhooks.Signed(WhatsAppWebhooks.Notification(), shopId: "shop-9"));

        Assert.Equal(401, reply.Status);
        Assert.Contains("Shops:shop-9:WhatsAppAppSecret", reply.Body);
    }

    [Theory]
    [InlineData("{not json")]
    [InlineData("""{"object":"whatsapp_business_account"}""")]
    [InlineData("[]")]
    public void A_signed_body_that_is_no_notification_is_malformed(string body)
    {
        using var host = Host();

        var reply = host.Webhook().Handle(WhatsAppWebhooks.Signed(body));

        Assert.Equal(400, reply.Status);
    }

    [Fact]
    public void A_status_without_a_timestamp_takes_the_clocks_time()
    {
        using var host = Host();
        var status = WhatsAppWebhooks.Status("wamid.E", "delivered");
        status.Remove("timestamp");

        var reply = host.Webhook().Handle(WhatsAppWebhooks.Signed(WhatsAppWebhooks.Notification(status)));

        Assert.Equal(Now, Assert.Single(reply.Events).At);
    }
}
