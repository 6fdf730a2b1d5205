using System.Globalization;
using Hub.Customers;
using Microsoft.Extensions.Logging;
using Refit;

namespace Hub.Messaging.Channels.Vk;

/// <summary>
/// Sends community messages through <c>messages.send</c>: to <c>peer_id</c> = <see cref="OutboundMessage.Address"/>
/// (a VK user id), with <c>random_id</c> from our message id (<see cref="VkRandomId"/>), so VK drops a repeat of a
/// message it already took — which also makes a send without an answer safe to retry. Buttons become an inline
/// keyboard of links. Paced by <see cref="VkRateLimits"/>; answers mapped by <see cref="VkAnswers"/>.
/// </summary>
internal sealed class VkSender(
    IVkMessagesApi api,
    VkMessagingSettings settings,
    VkRateLimits limits,
    ILogger<VkSender> logger) : IChannelSender
{
    public Channel Channel => Channel.Vk;
    public string Provider => VkMessaging.Provider;
    public int MaxBatch => 1;

    public async Task<IReadOnlyList<SendOutcome>> SendAsync(string shopId, IReadOnlyList<OutboundMessage> messages, CancellationToken cancellationToken = default)
    {
        var outcomes = await OneCallPerMessage.SendAsync(shopId, messages, settings.CommunityToken(shopId), $"VK is not connected for shop '{shopId}': set the community token in the setting '{VkMessagingSettings.CommunityTokenKey(shopId)}'", (token, message) =>
        {
            MessageChecks.Require(message, shopId, Channel.Vk);
            return SendOneAsync(shopId, token, message, cancellationToken);
        });
        foreach (var outcome in outcomes)
        {
            logger.LogInformation("VK message {MessageId} of shop {ShopId}: {Result} {Error}", outcome.MessageId, shopId, outcome.Result, outcome.Error);
        }
        return outcomes;
    }

    async Task<SendOutcome> SendOneAsync(string shopId, string token, OutboundMessage message, CancellationToken cancellationToken)
    {
        using var turn = await limits.WaitTurnAsync(shopId, cancellationToken);
        if (!turn.IsAcquired)
        {
            return SendRates.Throttled(message.MessageId, VkMessaging.Provider, turn);
        }
        try
        {
            var response = await api.SendAsync(token, Form(message), cancellationToken);
            return response.HasRequestError(out var unanswered)
                ? TransportFailure.Outcome(message.MessageId, VkMessaging.Provider, unanswered, providerDropsRepeats: true)
                : VkAnswers.ToOutcome(message.MessageId, response);
        }
        catch (ApiRequestException e) when (!cancellationToken.IsCancellationRequested)
        {
            return TransportFailure.Outcome(message.MessageId, VkMessaging.Provider, e, providerDropsRepeats: true);
        }
    }

    static Dictionary<string, string> Form(OutboundMessage message)
    {
        var form = new Dictionary<string, string>
        {
            ["peer_id"] = message.Address.Trim(),
            ["random_id"] = VkRandomId.For(message.MessageId).ToString(CultureInfo.InvariantCulture),
            ["message"] = message.Content.Text,
            ["v"] = VkMessaging.ApiVersion,
        };
        if (VkKeyboard.For(message.Content.Buttons) is { } keyboard)
        {
            form["keyboard"] = keyboard;
        }
        return form;
    }
}
