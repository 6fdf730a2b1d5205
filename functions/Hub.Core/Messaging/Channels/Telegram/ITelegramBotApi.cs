using Refit;

namespace Hub.Messaging.Channels.Telegram;

/// <summary>
/// The Bot API call the channel makes: <c>POST /bot{token}/sendMessage</c> with a JSON body. Telegram answers
/// <c>{"ok":true,"result":Message}</c> or <c>{"ok":false,"error_code","description","parameters"}</c> with the same
/// HTTP status as <c>error_code</c>. Registered by <see cref="TelegramRegistration"/>.
/// </summary>
internal interface ITelegramBotApi
{
    [Post("/bot{token}/sendMessage")]
    Task<IApiResponse<TelegramReply<TelegramMessage>>> SendMessageAsync(string token, [Body] TelegramSendMessage message, CancellationToken cancellationToken);
}
