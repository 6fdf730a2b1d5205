using Hub.Customers;
using Hub.Messaging.Channels;
using Hub.Messaging.Channels.Telegram;

namespace Hub.Tests.Messaging.Telegram;

public sealed class TelegramErrorTests
{
    /// <summary>Telegram's refusals (status, description, retry_after) and what the hub does next.</summary>
    public static TheoryData<int, string, int?, SendResult, int?> Refusals => new()
    {
        { 429, "Too Many Requests: retry after 7", 7, SendResult.Retry, 7 },
        { 429, "Too Many Requests: retry after 35", 35, SendResult.Retry, 35 },
        { 403, TelegramBotFake.BlockedDescription, null, SendResult.OptOut, null },
        { 403, "Forbidden: user is deactivated", null, SendResult.OptOut, null },
        { 400, TelegramBotFake.ChatNotFoundDescription, null, SendResult.Unreachable, null },
        { 400, "Bad Request: message is too long", null, SendResult.Failed, null },
        { 400, "Bad Request: can't parse entities", null, SendResult.Failed, null },
        { 404, "Not Found", null, SendResult.Failed, null },
        { 500, "Internal Server Error", null, SendResult.Retry, 30 },
        { 502, "Bad Gateway", null, SendResult.Retry, 30 },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task Each_refusal_maps_to_what_the_hub_does_next(int status, string description, int? retryAfter, SendResult expected, int? expectedWaitSeconds)
    {
        using var fake = new TelegramBotFake();
        using var host = TelegramHost.Start(fake.Settings(TelegramHost.Shop, TelegramHost.Token));
        fake.FailNext(status, description, retryAfter);

        var outcome = Assert.Single(await host.Sender().SendAsync(TelegramHost.Shop, [Outbound.Message(Channel.Telegram, "555")]));

        Assert.Equal(expected, outcome.Result);
        Assert.Equal(expectedWaitSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : null, outcome.RetryAfter);
        Assert.Contains(description, outcome.Error);
        Assert.Contains(status.ToString(System.Globalization.CultureInfo.InvariantCulture), outcome.Error);
        Assert.Null(outcome.ProviderMessageId);
        Assert.Single(fake.Requests);
    }

    [Fact]
    public async Task A_user_who_blocked_the_bot_is_an_opt_out_and_others_still_get_their_messages()
    {
        using var fake = new TelegramBotFake();
        using var host = TelegramHost.Start(fake.Settings(TelegramHost.Shop, TelegramHost.Token));
        fake.Block("111");
        fake.Forget("222");

        var outcomes = await host.Sender().SendAsync(TelegramHost.Shop,
        [
            Outbound.Message(Channel.Telegram, "111", "m1"),
            Outbound.Message(Channel.Telegram, "222", "m2"),
            Outbound.Message(Channel.Telegram, "333", "m3"),
        ]);

        Assert.Equal([SendResult.OptOut, SendResult.Unreachable, SendResult.Sent], outcomes.Select(o => o.Result));
        Assert.Contains("bot was blocked by the user", outcomes[0].Error);
    }

    [Fact]
    public async Task A_token_telegram_does_not_know_fails_without_a_retry()
    {
        using var fake = new TelegramBotFake();
        var settings = fake.Settings(TelegramHost.Shop, TelegramHost.Token);
        settings[TelegramSettings.BotTokenKey(TelegramHost.Shop)] = "999:revoked";
        using var host = TelegramHost.Start(settings);

        var outcome = Assert.Single(await host.Sender().SendAsync(TelegramHost.Shop, [Outbound.Message(Channel.Telegram, "1")]));

        Assert.Equal(SendResult.Failed, outcome.Result);
        Assert.Contains("401", outcome.Error);
    }
}
