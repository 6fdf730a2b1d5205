using Microsoft.Extensions.Configuration;

namespace Hub.Messaging.Channels.Telegram;

/// <summary>
/// A shop's bot: <c>Shops:{shop}:TelegramBotToken</c> (from @BotFather) and <c>Shops:{shop}:TelegramWebhookSecret</c>
/// (the <c>secret_token</c> given to <c>setWebhook</c>). App settings <c>Shops__{shop}__…</c>, in Azure Key Vault
/// references; read on every use, so a new token needs no restart.
/// </summary>
internal sealed class TelegramSettings(IConfiguration configuration)
{
    public static string BotTokenKey(string shopId) => $"Shops:{shopId}:TelegramBotToken";
    public static string WebhookSecretKey(string shopId) => $"Shops:{shopId}:TelegramWebhookSecret";

    public string? BotToken(string shopId) => Read(BotTokenKey(shopId));
    public string? WebhookSecret(string shopId) => Read(WebhookSecretKey(shopId));

    string? Read(string key) => configuration[key] is { } value && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;
}
