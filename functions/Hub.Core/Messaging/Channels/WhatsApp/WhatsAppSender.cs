using Hub.Customers;
using Microsoft.Extensions.Logging;
using Refit;

namespace Hub.Messaging.Channels.WhatsApp;

/// <summary>
/// Sends messages from the shop's WhatsApp Business number through the Cloud API: free text inside the 24-hour
/// service window, the approved template outside it (<see cref="WhatsAppMessage.For"/>), each carrying our message id
/// as <c>biz_opaque_callback_data</c>. Paced by <see cref="WhatsAppRateLimits"/>; answers mapped by <see cref="WhatsAppAnswers"/>.
/// </summary>
internal sealed class WhatsAppSender(
    IWhatsAppCloudApi api,
    WhatsAppSettings settings,
    WhatsAppRateLimits limits,
    ILogger<WhatsAppSender> logger) : IChannelSender
{
    public Channel Channel => Channel.WhatsApp;
    public string Provider => WhatsAppCloud.Provider;
    public int MaxBatch => 1;

    public async Task<IReadOnlyList<SendOutcome>> SendAsync(string shopId, IReadOnlyList<OutboundMessage> messages, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(shopId);
        ArgumentNullException.ThrowIfNull(messages);
        var token = settings.Token(shopId);
        var phoneNumberId = settings.PhoneNumberId(shopId);
        var missing = string.Join(", ", new[] { (token, WhatsAppSettings.TokenKey(shopId)), (phoneNumberId, WhatsAppSettings.PhoneNumberIdKey(shopId)) }
            .Where(setting => setting.Item1 is null).Select(setting => $"'{setting.Item2}'"));
        var outcomes = new List<SendOutcome>(messages.Count);
        foreach (var message in messages)
        {
            MessageChecks.Require(message, shopId, Channel.WhatsApp);
            var (body, problem) = WhatsAppMessage.For(message);
            var outcome = missing.Length > 0
                ? new SendOutcome(message.MessageId, SendResult.Failed, Error: $"WhatsApp is not connected for shop '{shopId}': set {missing}")
                : body is null
                    ? new SendOutcome(message.MessageId, SendResult.Failed, Error: $"whatsapp: {problem}")
                    : await SendOneAsync(token!, phoneNumberId!, message.MessageId, body, cancellationToken);
            logger.LogInformation("WhatsApp message {MessageId} of shop {ShopId}: {Result} {Error}", message.MessageId, shopId, outcome.Result, outcome.Error);
            outcomes.Add(outcome);
        }
        return outcomes;
    }

    async Task<SendOutcome> SendOneAsync(string token, string phoneNumberId, string messageId, WhatsAppMessage body, CancellationToken cancellationToken)
    {
        using var turn = await limits.WaitTurnAsync(phoneNumberId, cancellationToken);
        if (!turn.IsAcquired)
        {
            return SendRates.Throttled(messageId, WhatsAppCloud.Provider, turn);
        }
        try
        {
            var response = await api.SendAsync(token, phoneNumberId, body, cancellationToken);
            return response.HasRequestError(out var unanswered)
                ? TransportFailure.Outcome(messageId, WhatsAppCloud.Provider, unanswered, providerDropsRepeats: false)
                : WhatsAppAnswers.ToOutcome(messageId, response);
        }
        catch (ApiRequestException e) when (!cancellationToken.IsCancellationRequested)
        {
            return TransportFailure.Outcome(messageId, WhatsAppCloud.Provider, e, providerDropsRepeats: false);
        }
    }
}
