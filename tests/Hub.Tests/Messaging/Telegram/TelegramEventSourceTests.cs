using System.Text.Json.Nodes;
using Hub.Customers;
using Hub.Messaging.Channels;
using Hub.Messaging.Channels.Telegram;
using Microsoft.Extensions.Time.Testing;

namespace Hub.Tests.Messaging.Telegram;

public sealed class TelegramEventSourceTests
{
    static readonly DateTimeOffset Now = new(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);

    /// <summary>An Update with <c>my_chat_member</c> (Telegram.Bot Types/Update.cs), as Telegram posts it.</summary>
    static string ChatMember(long updateId, long chatId, string oldStatus, string newStatus, string chatType = "private", long date = 1767000000)
    {
        var bot = new JsonObject { ["id"] = 42, ["is_bot"] = true, ["first_name"] = "Shop bot" };
        var becomes = new JsonObject { ["user"] = bot.DeepClone(), ["status"] = newStatus };
        if (newStatus == "kicked")
        {
            becomes["until_date"] = 0;
        }
        return new JsonObject
        {
            ["update_id"] = updateId,
            ["my_chat_member"] = new JsonObject
            {
                ["chat"] = new JsonObject { ["id"] = chatId, ["first_name"] = "Анна", ["type"] = chatType },
                ["from"] = new JsonObject { ["id"] = chatId, ["is_bot"] = false, ["first_name"] = "Анна" },
                ["date"] = date,
                ["old_chat_member"] = new JsonObject { ["user"] = bot.DeepClone(), ["status"] = oldStatus },
                ["new_chat_member"] = becomes,
            },
        }.ToJsonString();
    }

    static MessagingHost Host() => TelegramHost.Start(new Dictionary<string, string?>
    {
        [TelegramSettings.BotTokenKey(TelegramHost.Shop)] = TelegramHost.Token,
        [TelegramSettings.WebhookSecretKey(TelegramHost.Shop)] = TelegramHost.Secret,
    }, new FakeTimeProvider(Now));

    static ProviderRequest Signed(string body, string secret = TelegramHost.Secret) =>
        ProviderRequests.Post(TelegramHost.Shop, body, (TelegramBot.SecretHeader, secret));

    [Fact]
    public void A_user_blocking_the_bot_is_an_opt_out_of_that_chat()
    {
        using var host = Host();

        var reply = host.Webhook().Handle(Signed(ChatMember(700001, 987654321, "member", "kicked")));

        Assert.Equal(200, reply.Status);
        var opted = Assert.Single(reply.Events);
        Assert.Equal(new ProviderEvent("telegram", "700001", ProviderEventKind.OptedOut, Channel.Telegram,
            DateTimeOffset.FromUnixTimeSeconds(1767000000), Address: "987654321", ShopId: TelegramHost.Shop, Detail: "blocked the bot"), opted);
    }

    [Fact]
    public void A_user_unblocking_the_bot_is_an_opt_in()
    {
        using var host = Host();

        var reply = host.Webhook().Handle(Signed(ChatMember(700002, 987654321, "kicked", "member")));

        var opted = Assert.Single(reply.Events);
        Assert.Equal(ProviderEventKind.OptedIn, opted.Kind);
        Assert.Equal("987654321", opted.Address);
        Assert.Equal("700002", opted.EventId);
    }

    [Theory]
    [InlineData("member", "kicked", "group")]
    [InlineData("left", "member", "private")]
    [InlineData("member", "administrator", "supergroup")]
    public void Other_membership_changes_are_accepted_without_events(string oldStatus, string newStatus, string chatType)
    {
        using var host = Host();

        var reply = host.Webhook().Handle(Signed(ChatMember(700003, -100123, oldStatus, newStatus, chatType)));

        Assert.Equal(200, reply.Status);
        Assert.Empty(reply.Events);
    }

    [Fact]
    public void A_plain_message_update_is_accepted_without_events()
    {
        using var host = Host();

        var reply = host.Webhook().Handle(Signed("""
            {"update_id":700004,"message":{"message_id":5,"date":1767000000,"chat":{"id":1,"type":"private"},"text":"/start"}}
            """));

        Assert.Equal(200, reply.Status);
        Assert.Empty(reply.Events);
    }

    [Theory]
    [InlineData("wrong-secret")]
    [InlineData("hook-Secret_")]
    [InlineData("")]
    public void A_request_with_the_wrong_secret_header_is_refused(string secret)
    {
        using var host = Host();

        var reply = host.Webhook().Handle(Signed(ChatMember(700005, 1, "member", "kicked"), secret));

        Assert.Equal(401, reply.Status);
        Assert.Empty(reply.Events);
    }

    [Fact]
    public void A_request_without_the_secret_header_is_refused()
    {
        using var host = Host();

        var reply = host.Webhook().Handle(ProviderRequests.Post(TelegramHost.Shop, ChatMember(700006, 1, "member", "kicked")));

        Assert.Equal(401, reply.Status);
        Assert.Contains(TelegramBot.SecretHeader, reply.Body);
    }

    [Fact]
    public void A_shop_without_a_webhook_secret_refuses_naming_the_setting()
    {
        using var host = Host();

        var reply = host.Webhook().Handle(ProviderRequests.Post("shop-9", ChatMember(700007, 1, "member", "kicked"), (TelegramBot.SecretHeader, TelegramHost.Secret)));

        Assert.Equal(401, reply.Status);
        Assert.Contains("Shops:shop-9:TelegramWebhookSecret", reply.Body);
    }

    [Fact]
    public void A_request_naming_no_shop_is_refused()
    {
        using var host = Host();

        var reply = host.Webhook().Handle(ProviderRequests.Post(null, ChatMember(700008, 1, "member", "kicked"), (TelegramBot.SecretHeader, TelegramHost.Secret)));

        Assert.Equal(401, reply.Status);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("""{"message":{}}""")]
    [InlineData("")]
    public void A_verified_body_that_is_no_update_is_malformed(string body)
    {
        using var host = Host();

        var reply = host.Webhook().Handle(Signed(body));

        Assert.Equal(400, reply.Status);
        Assert.Empty(reply.Events);
    }

    [Fact]
    public void Without_a_date_the_event_takes_the_clocks_time()
    {
        using var host = Host();

        var reply = host.Webhook().Handle(Signed("""
            {"update_id":700009,"my_chat_member":{"chat":{"id":5,"type":"private"},"old_chat_member":{"status":"member"},"new_chat_member":{"status":"kicked"}}}
            """));

        Assert.Equal(Now, Assert.Single(reply.Events).At);
    }
}
