using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Hub.Customers;
using Hub.Http;

namespace Hub.Messaging.Channels.Vk;

/// <summary>
/// The community's Callback API server (<c>POST /api/providers/vk/events?shop={shop}</c>). A request must carry the
/// shop's secret key and community id. <c>confirmation</c> is answered with the shop's confirmation string;
/// <c>message_deny</c> is an opt-out and <c>message_allow</c> an opt-in of the <c>user_id</c>; every other event is
/// answered <c>ok</c> with no events (anything else makes VK send it again). The event id is VK's <c>event_id</c>.
/// </summary>
internal sealed class VkEventSource(VkMessagingSettings settings, TimeProvider time) : IProviderEventSource
{
    public string Provider => VkMessaging.Provider;

    public ProviderReply Handle(ProviderRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.ShopId is not { } shopId)
        {
            return ProviderReply.Refused("The callback URL names no shop (?shop=…).");
        }
        var secret = settings.CallbackSecret(shopId);
        var groupId = settings.GroupId(shopId);
        if (secret is null || groupId is null)
        {
            return ProviderReply.Refused($"VK callbacks are not set up for shop '{shopId}': set '{VkMessagingSettings.CallbackSecretKey(shopId)}' and '{VkMessagingSettings.GroupIdKey(shopId)}'.");
        }
        VkCallback? callback;
        try
        {
            callback = JsonSerializer.Deserialize<VkCallback>(request.Body, HttpApis.SnakeCase);
        }
        catch (JsonException e)
        {
            return ProviderReply.Malformed($"The callback is not valid JSON: {e.Message}");
        }
        if (!SecretTokens.Match(callback?.Secret, secret))
        {
            return ProviderReply.Refused("The callback's secret does not match the shop's VK secret key.");
        }
        if (callback!.GroupId?.ToString(CultureInfo.InvariantCulture) != groupId)
        {
            return ProviderReply.Refused($"The callback is for community {callback.GroupId}, not the shop's.");
        }
        if (string.IsNullOrEmpty(callback.Type))
        {
            return ProviderReply.Malformed("The callback has no type.");
        }
        return callback.Type switch
        {
            VkMessaging.Confirmation => settings.Confirmation(shopId) is { } confirmation
                ? ProviderReply.Ok([], confirmation)
                : ProviderReply.Refused($"VK asks to confirm the server, but '{VkMessagingSettings.ConfirmationKey(shopId)}' is not set."),
            VkMessaging.MessageDeny => Consent(shopId, callback, request.Body, ProviderEventKind.OptedOut, "denied messages from the community"),
            VkMessaging.MessageAllow => Consent(shopId, callback, request.Body, ProviderEventKind.OptedIn, "allowed messages from the community"),
            _ => ProviderReply.Ok([], VkMessaging.Ok),
        };
    }

    ProviderReply Consent(string shopId, VkCallback callback, byte[] body, ProviderEventKind kind, string detail)
    {
        if (callback.UserId is not { } userId)
        {
            return ProviderReply.Malformed($"The {callback.Type} event names no object.user_id.");
        }
        // VK always sends event_id; without one, the body itself tells a repeat from a new event.
        var eventId = string.IsNullOrEmpty(callback.EventId) ? Convert.ToHexStringLower(SHA256.HashData(body)) : callback.EventId;
        return ProviderReply.Ok(
        [
            new ProviderEvent(VkMessaging.Provider, eventId, kind, Channel.Vk, time.GetUtcNow(),
                Address: userId.ToString(CultureInfo.InvariantCulture), ShopId: shopId, Detail: detail),
        ], VkMessaging.Ok);
    }
}
