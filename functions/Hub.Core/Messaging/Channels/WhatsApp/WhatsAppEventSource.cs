using System.Globalization;
using System.Text.Json;
using Hub.Customers;
using Hub.Http;

namespace Hub.Messaging.Channels.WhatsApp;

/// <summary>
/// The WhatsApp webhook (<c>/api/providers/whatsapp/events?shop={shop}</c>). Meta's verification GET
/// (<c>hub.mode=subscribe</c>, <c>hub.verify_token</c>) is answered with <c>hub.challenge</c> when the token is the
/// shop's. A POST must be signed with the shop's App Secret (<see cref="WhatsAppSignature"/>); its statuses
/// <c>delivered</c>, <c>read</c> and <c>failed</c> become events carrying our message id (<c>biz_opaque_callback_data</c>)
/// and the <c>wamid</c>, with the event id <c>{wamid}:{status}</c>. A failure with 131050 (stopped promotions) is an
/// opt-out of the recipient as well.
/// </summary>
internal sealed class WhatsAppEventSource(WhatsAppSettings settings, TimeProvider time) : IProviderEventSource
{
    public string Provider => WhatsAppCloud.Provider;

    public ProviderReply Handle(ProviderRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.ShopId is not { } shopId)
        {
            return ProviderReply.Refused("The webhook URL names no shop (?shop=…).");
        }
        return string.Equals(request.Method, "GET", StringComparison.OrdinalIgnoreCase) ? Verify(shopId, request) : Notify(shopId, request);
    }

    ProviderReply Verify(string shopId, ProviderRequest request)
    {
        if (settings.VerifyToken(shopId) is not { } verifyToken)
        {
            return ProviderReply.Refused($"WhatsApp webhooks are not set up for shop '{shopId}': set '{WhatsAppSettings.VerifyTokenKey(shopId)}'.");
        }
        var query = request.Query;
        if (query.GetValueOrDefault("hub.mode") != "subscribe" || !SecretTokens.Match(query.GetValueOrDefault("hub.verify_token"), verifyToken))
        {
            return ProviderReply.Refused("Not a subscription with the shop's verify token.");
        }
        return ProviderReply.Ok([], query.GetValueOrDefault("hub.challenge") ?? "");
    }

    ProviderReply Notify(string shopId, ProviderRequest request)
    {
        if (settings.AppSecret(shopId) is not { } appSecret)
        {
            return ProviderReply.Refused($"WhatsApp webhooks are not set up for shop '{shopId}': set '{WhatsAppSettings.AppSecretKey(shopId)}'.");
        }
        if (!WhatsAppSignature.Matches(request.Body, request.Header(WhatsAppCloud.SignatureHeader), appSecret))
        {
            return ProviderReply.Refused($"The {WhatsAppCloud.SignatureHeader} signature does not match the shop's App Secret.");
        }
        WhatsAppNotification? notification;
        try
        {
            notification = JsonSerializer.Deserialize<WhatsAppNotification>(request.Body, HttpApis.SnakeCase);
        }
        catch (JsonException e)
        {
            return ProviderReply.Malformed($"The notification is not valid JSON: {e.Message}");
        }
        if (notification?.Entry is not { } entries)
        {
            return ProviderReply.Malformed("The notification has no entry list.");
        }
        var statuses = entries.SelectMany(e => e?.Changes ?? []).SelectMany(c => c?.Value?.Statuses ?? []).Where(s => s is not null);
        return ProviderReply.Ok(statuses.SelectMany(s => Events(shopId, s)).ToList());
    }

    IEnumerable<ProviderEvent> Events(string shopId, WhatsAppStatus status)
    {
        if (status.Id is not { Length: > 0 } wamid)
        {
            yield break;
        }
        ProviderEventKind? kind = status.Status switch
        {
            WhatsAppCloud.Delivered => ProviderEventKind.Delivered,
            WhatsAppCloud.Read => ProviderEventKind.Read,
            WhatsAppCloud.Failed => ProviderEventKind.Failed,
            _ => null,
        };
        if (kind is null)
        {
            yield break;
        }
        var at = long.TryParse(status.Timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds > 0
            ? DateTimeOffset.FromUnixTimeSeconds(seconds)
            : time.GetUtcNow();
        var messageId = string.IsNullOrEmpty(status.BizOpaqueCallbackData) ? null : status.BizOpaqueCallbackData;
        var errors = (status.Errors ?? []).Where(e => e is not null).ToList();
        var detail = errors.Count == 0 ? null : string.Join("; ", errors.Select(e => $"{e.Code}: {e.Describe()}"));
        yield return new ProviderEvent(WhatsAppCloud.Provider, $"{wamid}:{status.Status}", kind.Value, Channel.WhatsApp, at,
            messageId, wamid, ShopId: shopId, Detail: detail);
        if (kind == ProviderEventKind.Failed && errors.Any(e => e.Code == WhatsAppCloud.Codes.StoppedPromotions))
        {
            yield return new ProviderEvent(WhatsAppCloud.Provider, $"{wamid}:{status.Status}:opted_out", ProviderEventKind.OptedOut, Channel.WhatsApp, at,
                messageId, wamid, Address: string.IsNullOrEmpty(status.RecipientId) ? null : "+" + status.RecipientId.TrimStart('+'),
                ShopId: shopId, Detail: detail);
        }
    }
}
