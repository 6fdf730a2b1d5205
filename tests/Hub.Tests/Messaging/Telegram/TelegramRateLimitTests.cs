using System.Diagnostics;
using Hub.Customers;
using Hub.Messaging.Channels;

namespace Hub.Tests.Messaging.Telegram;

/// <summary>
/// The per-chat limit (1 message a second) on the real clock: System.Threading.RateLimiting's token buckets do not
/// take a TimeProvider. The test measures order, and a lower bound of the wait, which a slow machine only lengthens.
/// </summary>
public sealed class TelegramRateLimitTests
{
    [Fact]
    public async Task A_second_message_to_the_same_chat_waits_a_second_while_other_chats_go_at_once()
    {
        using var fake = new TelegramBotFake();
        using var host = TelegramHost.Start(fake.Settings(TelegramHost.Shop, TelegramHost.Token));
        var sender = host.Sender();

        // The first call of a fresh client is slow (connection, JIT); take it before measuring.
        await sender.SendAsync(TelegramHost.Shop, [Outbound.Message(Channel.Telegram, "300", "warm-up")]);

        var started = Stopwatch.GetTimestamp();
        var sameChat = Task.WhenAll(
            sender.SendAsync(TelegramHost.Shop, [Outbound.Message(Channel.Telegram, "100", "a1")]),
            sender.SendAsync(TelegramHost.Shop, [Outbound.Message(Channel.Telegram, "100", "a2")]));
        var other = await sender.SendAsync(TelegramHost.Shop, [Outbound.Message(Channel.Telegram, "200", "b1")]);
        var held = (await sameChat).SelectMany(o => o);

        Assert.All(other.Concat(held), o => Assert.Equal(SendResult.Sent, o.Result));
        var requests = fake.Requests.Skip(1).ToList();
        Assert.Equal(["100", "200", "100"], requests.Select(r => r.ChatId!.ToString()));
        // The chat's turn is counted from when the first message was let through, which is after `started`.
        var wait = Stopwatch.GetElapsedTime(started, requests[2].Timestamp);
        Assert.True(wait >= TimeSpan.FromMilliseconds(950), $"the second message to chat 100 went {wait.TotalMilliseconds} ms after the first was sent");
    }

    [Fact]
    public async Task The_same_chat_id_of_another_shops_bot_is_another_chat()
    {
        using var fake = new TelegramBotFake();
        var settings = fake.Settings(TelegramHost.Shop, TelegramHost.Token).Concat(fake.Settings("shop-2", "777:XYZ"))
            .Where(s => s.Value is not null).DistinctBy(s => s.Key);
        using var host = TelegramHost.Start(settings);
        var sender = host.Sender();

        await sender.SendAsync(TelegramHost.Shop, [Outbound.Message(Channel.Telegram, "100", "a1")]);
        var held = sender.SendAsync(TelegramHost.Shop, [Outbound.Message(Channel.Telegram, "100", "a2")]);
        await sender.SendAsync("shop-2", [Outbound.Message(Channel.Telegram, "100", "b1", shopId: "shop-2")]);
        await held;

        Assert.Equal([TelegramHost.Token, "777:XYZ", TelegramHost.Token], fake.Requests.Select(r => r.Token));
    }

    [Fact]
    public async Task When_a_chats_line_is_full_a_message_is_handed_back_to_retry_instead_of_waiting()
    {
        using var fake = new TelegramBotFake();
        using var host = TelegramHost.Start(fake.Settings(TelegramHost.Shop, TelegramHost.Token));
        var sender = host.Sender();
        using var stop = new CancellationTokenSource();

        var first = sender.SendAsync(TelegramHost.Shop, [Outbound.Message(Channel.Telegram, "100", "m0")]);
        var queued = Enumerable.Range(1, (int)SendRates.MaxWait.TotalSeconds) // ten seconds' worth wait in line
            .Select(i => sender.SendAsync(TelegramHost.Shop, [Outbound.Message(Channel.Telegram, "100", $"m{i}")], stop.Token)).ToList();
        var refused = Assert.Single(await sender.SendAsync(TelegramHost.Shop, [Outbound.Message(Channel.Telegram, "100", "m11", text: "one too many")]));
        await stop.CancelAsync();

        Assert.Equal(SendResult.Retry, refused.Result);
        Assert.True(refused.RetryAfter >= TimeSpan.FromSeconds(1), $"retry after {refused.RetryAfter}");
        foreach (var waiting in queued)
        {
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
        }
        Assert.Equal(SendResult.Sent, Assert.Single(await first).Result);
        Assert.DoesNotContain(fake.Requests, r => r.Text == "one too many");
    }
}
