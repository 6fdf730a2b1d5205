using System.Text;
using Microsoft.Extensions.Configuration;

namespace Hub.Messaging.Channels.Sms;

/// <summary>A shop's SMS Aero account and sender names: <see cref="SmsSign"/> for SMS, <see cref="ViberSign"/> for Viber.</summary>
internal sealed record SmsAeroAccount(string Email, string ApiKey, string? SmsSign, string? ViberSign)
{
    /// <summary>The value after <c>Authorization: Basic</c>: base64 of <c>email:api_key</c>.</summary>
    public string BasicCredentials => Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Email}:{ApiKey}"));
}

/// <summary>
/// Reads a shop's SMS Aero settings on every send: <c>Shops:{shop}:SmsAeroEmail</c>, <c>Shops:{shop}:SmsAeroApiKey</c>,
/// <c>Shops:{shop}:SmsAeroSign</c> (SMS sender name) and <c>Shops:{shop}:ViberSign</c> (Viber sender name).
/// </summary>
internal sealed class SmsAeroAccounts(IConfiguration configuration)
{
    public static string EmailKey(string shopId) => $"Shops:{shopId}:SmsAeroEmail";
    public static string ApiKeyKey(string shopId) => $"Shops:{shopId}:SmsAeroApiKey";
    public static string SignKey(string shopId) => $"Shops:{shopId}:SmsAeroSign";
    public static string ViberSignKey(string shopId) => $"Shops:{shopId}:ViberSign";

    /// <summary>The account for SMS: email, API key and SMS sign are required.</summary>
    public (SmsAeroAccount? Account, string? Problem) ForSms(string shopId) => Read(shopId, "SMS through SMS Aero", SignKey(shopId));

    /// <summary>The account for Viber: email, API key and Viber sign are required; the SMS sign is used for the SMS fallback when set.</summary>
    public (SmsAeroAccount? Account, string? Problem) ForViber(string shopId) => Read(shopId, "Viber through SMS Aero", ViberSignKey(shopId));

    (SmsAeroAccount?, string?) Read(string shopId, string what, string signKey)
    {
        var email = MissingSettings.Value(configuration, EmailKey(shopId));
        var apiKey = MissingSettings.Value(configuration, ApiKeyKey(shopId));
        var account = new SmsAeroAccount(email ?? "", apiKey ?? "",
            MissingSettings.Value(configuration, SignKey(shopId)), MissingSettings.Value(configuration, ViberSignKey(shopId)));
        var missing = new[] { (EmailKey(shopId), email), (ApiKeyKey(shopId), apiKey), (signKey, MissingSettings.Value(configuration, signKey)) }
            .Where(setting => setting.Item2 is null)
            .Select(setting => setting.Item1)
            .ToList();
        return missing.Count == 0 ? (account, null) : (null, MissingSettings.Describe(what, shopId, missing));
    }
}
