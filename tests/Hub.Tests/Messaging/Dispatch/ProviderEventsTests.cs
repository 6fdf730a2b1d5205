using System.Text;
using Hub.Customers;
using Hub.Messaging;
using Hub.Messaging.Channels;
using Hub.Messaging.Channels.Sms;
using Hub.Messaging.Channels.Telegram;
using Hub.Tests.Messaging.Sms;

namespace Hub.Tests.Messaging.Dispatch;

/// <summary>
/// Provider webhooks through <see cref="ProviderEventProcessor"/> with the real verifiers: an SMS sent through the
/// SMSC peer is marked delivered by SMSC's callback (once, however often it arrives); a forged callback changes
/// nothing; a Telegram user blocking the bot suppresses their chat for every kind of message.
/// </summary>
public sealed class ProviderEventsTests(AzuriteFixture azurite)
{
    const string CallbackToken = "cb-7f1e2d";
    const string TelegramSecret = "tg-secret-41";

    static ProviderRequest Callback(string shopId, string body, string token = CallbackToken) => new(
        "POST", Encoding.UTF8.GetBytes(body), new Dictionary<string, string> { ["Content-Type"] = "application/x-www-form-urlencoded" },
        new Dictionary<string, string> { ["shop"] = shopId }, token);

    [Fact]
    public async Task An_smsc_delivery_callback_marks_the_sent_message_delivered_once()
    {
        using var smsc = new SmscFake();
        await using var h = await new DispatchHarness(azurite, shop => new Dictionary<string, string?>(smsc.Settings(shop))
        {
            [ChannelRouter.Key(shop, Channel.Sms)] = "smsc",
            [SmsCallbacks.TokenKey(shop)] = CallbackToken,
        }).WithShopAsync();
        var ids = await h.AddCustomersAsync(1);
        Assert.Equal(1, (await h.Dispatcher.DispatchAsync(h.Job(ids, Channel.Sms))).Sent);
        var entry = await h.Ledger.GetAsync(h.ShopId, "campaign-1", ids[0], 0);
        var events = h.Get<ProviderEventProcessor>();
        var body = $"id={entry!.ProviderMessageId}&phone=79990000000&status=1&err=0";

        var forged = await events.HandleAsync("smsc", Callback(h.ShopId, body, token: "guess"));
        var first = await events.HandleAsync("smsc", Callback(h.ShopId, body));
        var repeat = await events.HandleAsync("smsc", Callback(h.ShopId, body));

        Assert.Equal(401, forged.Reply.Status);
        Assert.Equal((200, 1, 0), (first.Reply.Status, first.New, first.Unmatched));
        Assert.Equal((0, 1), (repeat.New, repeat.Repeated));
        var delivered = await h.Ledger.GetAsync(h.ShopId, "campaign-1", ids[0], 0);
        Assert.Equal(h.Time.GetUtcNow().Date, delivered!.DeliveredAt?.UtcDateTime.Date);
        Assert.Equal(1.40m, delivered.Cost);
    }

    [Fact]
    public async Task A_sendgrid_open_event_finds_its_message_by_the_ledger_key_it_echoes_without_an_index_row()
    {
        using var sendgrid = new Email.SendGridFake();
        using var key = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256);
        await using var h = await new DispatchHarness(azurite, shop => new Dictionary<string, string?>(sendgrid.Settings(shop))
        {
            [ChannelRouter.Key(shop, Channel.Email)] = "sendgrid",
            [Hub.Messaging.Channels.Email.SendGridSettings.WebhookPublicKeyKey(shop)] = Convert.ToBase64String(key.ExportSubjectPublicKeyInfo()),
        }).WithShopAsync();
        var ids = await h.AddCustomersAsync(3);
        Assert.Equal(3, (await h.Dispatcher.DispatchAsync(h.Job(ids))).Sent);
        var email = sendgrid.Emails.Single(e => e.To == "c1@mail.ru");
        Assert.Equal(("campaign-1", ids[1], "0"), (email.CustomArgs["hub_source"], email.CustomArgs["hub_customer"], email.CustomArgs["hub_step"]));
        // SendGrid echoes the custom_args as top-level fields of each event.
        var at = h.Time.GetUtcNow().ToUnixTimeSeconds();
        var body = $$"""[{"email":"c1@mail.ru","timestamp":{{at}},"event":"open","sg_event_id":"ev-1","sg_message_id":"{{email.MessageId}}.filter","hub_message_id":"{{email.CustomArgs["hub_message_id"]}}","hub_shop":"{{h.ShopId}}","hub_source":"campaign-1","hub_customer":"{{ids[1]}}","hub_step":"0"}]""";
        var timestamp = (at + 60).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var signature = key.SignData(Encoding.UTF8.GetBytes(timestamp + body), System.Security.Cryptography.HashAlgorithmName.SHA256, System.Security.Cryptography.DSASignatureFormat.Rfc3279DerSequence);
        var request = new ProviderRequest("POST", Encoding.UTF8.GetBytes(body), new Dictionary<string, string>
        {
            ["x-twilio-email-event-webhook-signature"] = Convert.ToBase64String(signature),
            ["X-Twilio-Email-Event-Webhook-Timestamp"] = timestamp,
        }, new Dictionary<string, string> { ["shop"] = h.ShopId });

        var result = await h.Get<ProviderEventProcessor>().HandleAsync("sendgrid", request);

        Assert.True(result.Reply.Status == 200, result.Reply.ToString());
        Assert.Equal((1, 0), (result.New, result.Unmatched));
        Assert.NotNull((await h.Ledger.GetAsync(h.ShopId, "campaign-1", ids[1], 0))!.OpenedAt);
        Assert.Null((await h.Ledger.GetAsync(h.ShopId, "campaign-1", ids[0], 0))!.OpenedAt);
        // The batch wrote no MessageRefs rows for our ids: the events do not need them.
        Assert.Null(await h.Ledger.FindAsync(email.CustomArgs["hub_message_id"], null, null));
    }

    [Fact]
    public async Task A_user_blocking_the_bot_is_suppressed_for_every_message()
    {
        await using var h = await new DispatchHarness(azurite, shop => new Dictionary<string, string?>
        {
            [TelegramSettings.WebhookSecretKey(shop)] = TelegramSecret,
        }).WithShopAsync();
        var update = """
            {"update_id":9001,"my_chat_member":{"chat":{"id":777,"type":"private"},"from":{"id":777,"is_bot":false,"first_name":"A"},"date":1764061200,
             "old_chat_member":{"status":"member","user":{"id":1,"is_bot":true,"first_name":"bot"}},
             "new_chat_member":{"status":"kicked","user":{"id":1,"is_bot":true,"first_name":"bot"},"until_date":0}}}
            """;
        var request = new ProviderRequest("POST", Encoding.UTF8.GetBytes(update),
            new Dictionary<string, string> { [TelegramBot.SecretHeader] = TelegramSecret }, new Dictionary<string, string> { ["shop"] = h.ShopId });

        var result = await h.Get<ProviderEventProcessor>().HandleAsync("telegram", request);

        Assert.Equal((200, 1), (result.Reply.Status, result.New));
        var suppression = await h.Get<Suppressions>().GetAsync(h.ShopId, Channel.Telegram, "777");
        Assert.Equal(SuppressionScope.All, suppression!.Scope);
        Assert.True(Suppressions.Stops(suppression, MessageKind.Transactional));
    }

    [Fact]
    public async Task An_unknown_provider_is_named_with_the_known_ones()
    {
        await using var h = await new DispatchHarness(azurite).WithShopAsync();

        var result = await h.Get<ProviderEventProcessor>().HandleAsync("pigeon", new ProviderRequest("POST", [], new Dictionary<string, string>(), new Dictionary<string, string>()));

        Assert.Equal(404, result.Reply.Status);
        Assert.Contains("sendgrid", result.Reply.Body);
        Assert.Contains("telegram", result.Reply.Body);
    }
}
