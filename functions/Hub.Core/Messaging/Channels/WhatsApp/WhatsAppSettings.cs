using Microsoft.Extensions.Configuration;

namespace Hub.Messaging.Channels.WhatsApp;

/// <summary>
/// A shop's WhatsApp Business number: <c>Shops:{shop}:WhatsAppToken</c> (a system-user access token),
/// <c>Shops:{shop}:WhatsAppPhoneNumberId</c> (the sending number's id, not the number), <c>Shops:{shop}:WhatsAppAppSecret</c>
/// (signs webhooks) and <c>Shops:{shop}:WhatsAppVerifyToken</c> (our word for the webhook's verification GET).
/// Read on every use, so new values need no restart.
/// </summary>
internal sealed class WhatsAppSettings(IConfiguration configuration)
{
    public static string TokenKey(string shopId) => $"Shops:{shopId}:WhatsAppToken";
    public static string PhoneNumberIdKey(string shopId) => $"Shops:{shopId}:WhatsAppPhoneNumberId";
    public static string AppSecretKey(string shopId) => $"Shops:{shopId}:WhatsAppAppSecret";
    public static string VerifyTokenKey(string shopId) => $"Shops:{shopId}:WhatsAppVerifyToken";

    public string? Token(string shopId) => Read(TokenKey(shopId));
    public string? PhoneNumberId(string shopId) => Read(PhoneNumberIdKey(shopId));
    public string? AppSecret(string shopId) => Read(AppSecretKey(shopId));
    public string? VerifyToken(string shopId) => Read(VerifyTokenKey(shopId));

    string? Read(string key) => configuration[key] is { } value && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;
}
