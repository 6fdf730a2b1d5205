using System.Threading.RateLimiting;

namespace Hub.Messaging.Channels.Telegram;

/// <summary>
/// Telegram's limits for this process (<see cref="SendRates"/>): <see cref="TelegramBot.MessagesPerSecondPerChat"/>
/// to one chat and <see cref="TelegramBot.MessagesPerSecond"/> per bot (one bot per shop). A send first waits for its
/// chat's turn, then for the bot's, so a busy chat does not hold the bot's allowance.
/// </summary>
internal sealed class TelegramRateLimits : IDisposable
{
    readonly PartitionedRateLimiter<(string ShopId, string ChatId)> perChat =
        PartitionedRateLimiter.Create<(string ShopId, string ChatId), (string, string)>(recipient =>
            RateLimitPartition.GetTokenBucketLimiter(recipient, _ => SendRates.PerSecond(TelegramBot.MessagesPerSecondPerChat)));

    readonly PartitionedRateLimiter<(string ShopId, string ChatId)> perBot =
        PartitionedRateLimiter.Create<(string ShopId, string ChatId), string>(recipient =>
            RateLimitPartition.GetTokenBucketLimiter(recipient.ShopId, _ => SendRates.PerSecond(TelegramBot.MessagesPerSecond)));

    readonly PartitionedRateLimiter<(string ShopId, string ChatId)> both;

    public TelegramRateLimits() => both = PartitionedRateLimiter.CreateChained(perChat, perBot);

    /// <summary>A lease that is acquired when the message may go now, or refused when the line is full.</summary>
    public ValueTask<RateLimitLease> WaitTurnAsync(string shopId, string chatId, CancellationToken cancellationToken) =>
        both.AcquireAsync((shopId, chatId), 1, cancellationToken);

    public void Dispose()
    {
        both.Dispose();
        perChat.Dispose();
        perBot.Dispose();
    }
}
