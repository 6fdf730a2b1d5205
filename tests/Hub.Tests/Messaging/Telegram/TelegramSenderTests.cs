using Hub.Customers;
using Hub.Messaging.Channels;
using Hub.Messaging.Channels.Telegram;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace Hub.Tests.Messaging.Telegram;

public sealed class TelegramSenderTests
{
    [Fact]
    public async Task A_message_goes_to_the_chat_as_plain_text_and_comes_back_with_telegrams_message_id()
    {
        using var fake = new TelegramBotFake();
        using var host = TelegramHost.Start(fake.Settings(TelegramHost.Shop, TelegramHost.Token));

        var outcomes = await host.Sender().SendAsync(TelegramHost.Shop, [Outbound.Message(Channel.Telegram, "987654321")]);

        var outcome = Assert.Single(outcomes);
        Assert.Equal(new SendOutcome("msg-1", SendResult.Sent, "1001"), outcome);
        var request = Assert.Single(fake.Requests);
        Assert.Equal(TelegramHost.Token, request.Token);
        Assert.Equal(987654321L, request.ChatId!.GetValue<long>());
        Assert.Equal("Привет! Ваша корзина ждёт", request.Text);
        Assert.Null(request.ReplyMarkup);
        Assert.StartsWith("application/json", request.ContentType);
    }

    [Fact]
    public async Task The_bot_token_travels_in_the_path_verbatim_as_the_Bot_API_documents()
    {
        using var wire = new RawRequestLine();
        using var host = TelegramHost.Start(new Dictionary<string, string?>
        {
            [TelegramBot.BaseUrlKey] = wire.Url,
            [TelegramSettings.BotTokenKey(TelegramHost.Shop)] = TelegramHost.Token,
        });

        var sending = host.Sender().SendAsync(TelegramHost.Shop, [Outbound.Message(Channel.Telegram, "1")]);

        Assert.Equal($"POST /bot{TelegramHost.Token}/sendMessage HTTP/1.1", await wire.Line);
        await sending;
    }

    [Fact]
    public async Task Buttons_become_an_inline_keyboard_of_url_buttons_one_per_row()
    {
        using var fake = new TelegramBotFake();
        using var host = TelegramHost.Start(fake.Settings(TelegramHost.Shop, TelegramHost.Token));
        var message = Outbound.Message(Channel.Telegram, "42", buttons:
            [new MessageButton("Вернуться в корзину", "https://shop.example/cart/1"), new MessageButton("Отписаться", "https://hub.example/u/1")]);

        await host.Sender().SendAsync(TelegramHost.Shop, [message]);

        var keyboard = Assert.Single(fake.Requests).ReplyMarkup!["inline_keyboard"]!.AsArray();
        Assert.Equal(2, keyboard.Count);
        Assert.Equal("Вернуться в корзину", (string?)keyboard[0]![0]!["text"]);
        Assert.Equal("https://shop.example/cart/1", (string?)keyboard[0]![0]!["url"]);
        Assert.Equal("https://hub.example/u/1", (string?)keyboard[1]![0]!["url"]);
        Assert.Single(keyboard[1]!.AsArray());
    }

    [Fact]
    public async Task A_channel_username_is_sent_as_a_string_chat_id()
    {
        using var fake = new TelegramBotFake();
        using var host = TelegramHost.Start(fake.Settings(TelegramHost.Shop, TelegramHost.Token));

        await host.Sender().SendAsync(TelegramHost.Shop, [Outbound.Message(Channel.Telegram, "@shop_news")]);

        Assert.Equal("@shop_news", Assert.Single(fake.Requests).ChatId!.GetValue<string>());
    }

    [Fact]
    public async Task Without_a_bot_token_every_message_fails_naming_the_setting_and_nothing_is_sent()
    {
        using var fake = new TelegramBotFake();
        var settings = fake.Settings(TelegramHost.Shop, TelegramHost.Token);
        settings.Remove(TelegramSettings.BotTokenKey(TelegramHost.Shop));
        using var host = TelegramHost.Start(settings);

        var outcomes = await host.Sender().SendAsync(TelegramHost.Shop,
            [Outbound.Message(Channel.Telegram, "1", "m1"), Outbound.Message(Channel.Telegram, "2", "m2")]);

        Assert.Equal(["m1", "m2"], outcomes.Select(o => o.MessageId));
        Assert.All(outcomes, o =>
        {
            Assert.Equal(SendResult.Failed, o.Result);
            Assert.Contains("Shops:shop-1:TelegramBotToken", o.Error);
        });
        Assert.Empty(fake.Requests);
    }

    [Fact]
    public async Task A_bot_api_nobody_listens_on_is_retried_later()
    {
        using var fake = new TelegramBotFake();
        var settings = fake.Settings(TelegramHost.Shop, TelegramHost.Token);
        settings[TelegramBot.BaseUrlKey] = ClosedPort.Url();
        using var host = TelegramHost.Start(settings);

        var outcome = Assert.Single(await host.Sender().SendAsync(TelegramHost.Shop, [Outbound.Message(Channel.Telegram, "1")]));

        Assert.Equal(SendResult.Retry, outcome.Result);
        Assert.Equal(TransportFailure.RetryAfter, outcome.RetryAfter);
    }

    [Fact]
    public async Task A_send_without_an_answer_in_time_is_not_repeated_because_telegram_may_have_delivered_it()
    {
        using var server = WireMockServer.Start();
        server.Given(Request.Create().UsingPost())
            .RespondWith(Response.Create().WithDelay(TimeSpan.FromSeconds(3)).WithBodyAsJson(new { ok = true, result = new { message_id = 1 } }));
        using var host = TelegramHost.Start(new Dictionary<string, string?>
        {
            [TelegramBot.BaseUrlKey] = server.Url,
            [TelegramSettings.BotTokenKey(TelegramHost.Shop)] = TelegramHost.Token,
        }, attemptTimeout: TimeSpan.FromMilliseconds(300));

        var outcome = Assert.Single(await host.Sender().SendAsync(TelegramHost.Shop, [Outbound.Message(Channel.Telegram, "1")]));

        Assert.Equal(SendResult.Failed, outcome.Result);
        Assert.Contains("may have been delivered", outcome.Error);
    }

    [Fact]
    public async Task A_message_for_another_channel_is_a_programming_error()
    {
        using var fake = new TelegramBotFake();
        using var host = TelegramHost.Start(fake.Settings(TelegramHost.Shop, TelegramHost.Token));

        await Assert.ThrowsAsync<ArgumentException>(() => host.Sender().SendAsync(TelegramHost.Shop, [Outbound.Message(Channel.Vk, "1")]));
        Assert.Empty(fake.Requests);
    }
}
