using System.Globalization;
using System.Text.Json;
using Hub.Customers;
using Hub.Http;

namespace Hub.Messaging.Channels.Telegram;

/// <summary>
/// The bot's webhook (<c>POST /api/providers/telegram/events?shop={shop}</c>). A request must carry the shop's
/// <c>secret_token</c> in <see cref="TelegramBot.SecretHeader"/>. In a private chat, <c>my_chat_member</c> with the new
/// status <c>kicked</c> means the user blocked the bot (OptedOut), back to <c>member</c> after <c>kicked</c> means
/// they unblocked it (OptedIn); the address is the chat id and the event id the <c>update_id</c>. Other updates are
/// answered 200 with no events (anything but 2xx makes Telegram deliver them again).
/// </summary>
internal sealed class TelegramEventSource(TelegramSettings settings, TimeProvider time) : IProviderEventSource
{
    public string Provider => TelegramBot.Provider;

    public ProviderReply Handle(ProviderRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.ShopId is not { } shopId)
        {
            return ProviderReply.Refused("The webhook URL names no shop (?shop=…).");
        }
        if (settings.WebhookSecret(shopId) is not { } secret)
        {
            return ProviderReply.Refused($"Telegram webhooks are not set up for shop '{shopId}': set '{TelegramSettings.WebhookSecretKey(shopId)}'.");
        }
        if (!SecretTokens.Match(request.Header(TelegramBot.SecretHeader), secret))
        {
            return ProviderReply.Refused($"The {TelegramBot.SecretHeader} header does not match the shop's webhook secret.");
        }
        TelegramUpdate? update;
        try
        {
            update = JsonSerializer.Deserialize<TelegramUpdate>(request.Body, HttpApis.SnakeCase);
        }
        catch (JsonException e)
        {
            return ProviderReply.Malformed($"The update is not valid JSON: {e.Message}");
        }
        if (update?.UpdateId is not { } updateId)
        {
            return ProviderReply.Malformed("The update has no update_id.");
        }
        return ProviderReply.Ok(Events(shopId, updateId, update.MyChatMember));
    }

    IReadOnlyList<ProviderEvent> Events(string shopId, long updateId, TelegramChatMemberUpdated? change)
    {
        if (change is not { Chat: { Type: TelegramBot.PrivateChat } chat })
        {
            return [];
        }
        ProviderEventKind? kind = (change.OldChatMember?.Status, change.NewChatMember?.Status) switch
        {
            (_, TelegramBot.BlockedStatus) => ProviderEventKind.OptedOut,
            (TelegramBot.BlockedStatus, TelegramBot.MemberStatus) => ProviderEventKind.OptedIn,
            _ => null,
        };
        if (kind is null)
        {
            return [];
        }
        var at = change.Date is > 0 and var seconds ? DateTimeOffset.FromUnixTimeSeconds(seconds) : time.GetUtcNow();
        return
        [
            new ProviderEvent(TelegramBot.Provider, updateId.ToString(CultureInfo.InvariantCulture), kind.Value, Channel.Telegram, at,
                Address: chat.Id.ToString(CultureInfo.InvariantCulture), ShopId: shopId,
                Detail: kind == ProviderEventKind.OptedOut ? "blocked the bot" : "unblocked the bot"),
        ];
    }
}
