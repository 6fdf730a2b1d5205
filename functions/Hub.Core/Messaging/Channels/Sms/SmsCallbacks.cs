using Microsoft.Extensions.Configuration;

namespace Hub.Messaging.Channels.Sms;

/// <summary>
/// Where SMS providers report delivery: <c>{Hub:PublicBaseUrl}/api/providers/{provider}/events/{token}?shop={shop}</c>,
/// the token being the shop's secret <c>Shops:{shop}:SmsCallbackToken</c> (SMSC and SMS Aero sign nothing, channels.md §2).
/// SMS Aero gets the URL with each message (<c>callbackUrl</c>); for SMSC the shop enters it once in SMSC's settings.
/// </summary>
internal sealed class SmsCallbacks(IConfiguration configuration)
{
    /// <summary>The hub's public address (like <c>https://hub-func.azurewebsites.net</c>); without it no callback URL is sent.</summary>
    public const string PublicBaseUrlKey = "Hub:PublicBaseUrl";

    public static string TokenKey(string shopId) => $"Shops:{shopId}:SmsCallbackToken";

    public string? Token(string shopId) => MissingSettings.Value(configuration, TokenKey(shopId));

    /// <summary>The callback URL for <paramref name="provider"/> and the shop, or null when the public URL or the shop's token is not set.</summary>
    public string? UrlFor(string provider, string shopId) =>
        MissingSettings.Value(configuration, PublicBaseUrlKey) is { } baseUrl && Token(shopId) is { } token
            ? $"{baseUrl.TrimEnd('/')}/api/providers/{provider}/events/{Uri.EscapeDataString(token)}?shop={Uri.EscapeDataString(shopId)}"
            : null;
}
