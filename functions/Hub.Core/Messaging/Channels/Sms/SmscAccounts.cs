using Microsoft.Extensions.Configuration;

namespace Hub.Messaging.Channels.Sms;

/// <summary>A shop's SMSC account: an API key, or a login and password; and the sender name (optional).</summary>
internal sealed record SmscAccount(string? Login, string? Password, string? ApiKey, string? Sender)
{
    /// <summary>The credential fields of every request: <c>apikey</c> when there is one, else <c>login</c> and <c>psw</c>.</summary>
    public IEnumerable<KeyValuePair<string, string>> CredentialFields() => ApiKey is not null
        ? [new("apikey", ApiKey)]
        : [new("login", Login!), new("psw", Password!)];
}

/// <summary>
/// Reads a shop's SMSC settings on every send (a changed secret needs no restart): <c>Shops:{shop}:SmscApiKey</c>, or
/// <c>Shops:{shop}:SmscLogin</c> and <c>Shops:{shop}:SmscPassword</c>; <c>Shops:{shop}:SmscSender</c> is the sender
/// name (when not set, SMSC uses the account's default sender).
/// </summary>
internal sealed class SmscAccounts(IConfiguration configuration)
{
    public static string LoginKey(string shopId) => $"Shops:{shopId}:SmscLogin";
    public static string PasswordKey(string shopId) => $"Shops:{shopId}:SmscPassword";
    public static string ApiKeyKey(string shopId) => $"Shops:{shopId}:SmscApiKey";
    public static string SenderKey(string shopId) => $"Shops:{shopId}:SmscSender";

    /// <summary>The shop's account, or why there is none (naming the settings to set).</summary>
    public (SmscAccount? Account, string? Problem) For(string shopId)
    {
        var apiKey = MissingSettings.Value(configuration, ApiKeyKey(shopId));
        var login = MissingSettings.Value(configuration, LoginKey(shopId));
        var password = MissingSettings.Value(configuration, PasswordKey(shopId));
        var sender = MissingSettings.Value(configuration, SenderKey(shopId));
        if (apiKey is not null || (login is not null && password is not null))
        {
            return (new SmscAccount(login, password, apiKey, sender), null);
        }
        string[] missing = login is null && password is null
            ? [LoginKey(shopId), PasswordKey(shopId)]
            : [login is null ? LoginKey(shopId) : PasswordKey(shopId)];
        return (null, MissingSettings.Describe("SMS through SMSC", shopId, missing, alternative: ApiKeyKey(shopId)));
    }
}
