using Hub.Customers;
using Microsoft.Extensions.Logging;
using Refit;

namespace Hub.Messaging.Channels.Telegram;

/// <summary>
/// Sends messages through the shop's Telegram bot: one <c>sendMessage</c> per message, to the chat id in
/// <see cref="OutboundMessage.Address"/>, paced by <see cref="TelegramRateLimits"/>. The answer becomes a
/// <see cref="SendOutcome"/> by <see cref="TelegramAnswers"/>. The token travels in the URL path, so it is never logged.
/// </summary>
internal sealed class TelegramSender(
    ITelegramBotApi api,
    TelegramSettings settings,
    TelegramRateLimits limits,
    ILogger<TelegramSender> logger) : IChannelSender
{
    public Channel Channel => Channel.Telegram;
    public string Provider => TelegramBot.Provider;
    public int MaxBatch => 1;

    public async Task<IReadOnlyList<SendOutcome>> SendAsync(string shopId, IReadOnlyList<OutboundMessage> messages, CancellationToken cancellationToken = default)
    {
        var outcomes = await OneCallPerMessage.SendAsync(shopId, messages, settings.BotToken(shopId), $"Telegram is not connected for shop '{shopId}': set the bot token in the setting '{TelegramSettings.BotTokenKey(shopId)}'", (token, message) =>
        {
            MessageChecks.Require(message, shopId, Channel.Telegram);
            return SendOneAsync(shopId, token, message, cancellationToken);
        });
        foreach (var outcome in outcomes)
        {
            logger.LogInformation("Telegram message {MessageId} of shop {ShopId}: {Result} {Error}", outcome.MessageId, shopId, outcome.Result, outcome.Error);
        }
        return outcomes;
    }

    async Task<SendOutcome> SendOneAsync(string shopId, string token, OutboundMessage message, CancellationToken cancellationToken)
    {
        using var turn = await limits.WaitTurnAsync(shopId, message.Address, cancellationToken);
        if (!turn.IsAcquired)
        {
            return SendRates.Throttled(message.MessageId, TelegramBot.Provider, turn);
        }
        try
        {
            var response = await api.SendMessageAsync(token, TelegramSendMessage.For(message), cancellationToken);
            return response.HasRequestError(out var unanswered)
                ? TransportFailure.Outcome(message.MessageId, TelegramBot.Provider, unanswered, providerDropsRepeats: false)
                : TelegramAnswers.ToOutcome(message.MessageId, response);
        }
        catch (ApiRequestException e) when (!cancellationToken.IsCancellationRequested)
        {
            return TransportFailure.Outcome(message.MessageId, TelegramBot.Provider, e, providerDropsRepeats: false);
        }
    }
}
