using Microsoft.Extensions.Configuration;

namespace Hub.Messaging.Channels.Sms;

/// <summary>The words a send fails with when a shop's provider settings are not there: which settings to set, in both spellings.</summary>
internal static class MissingSettings
{
    /// <summary>
    /// "SMS Aero is not set up for shop 'x': set Shops:x:SmsAeroEmail and Shops:x:SmsAeroApiKey (app settings
    /// Shops__x__SmsAeroEmail, Shops__x__SmsAeroApiKey)."
    /// </summary>
    public static string Describe(string what, string shopId, IReadOnlyList<string> keys, string? alternative = null) =>
        $"{what} is not set up for shop '{shopId}': set {string.Join(" and ", keys)}{(alternative is null ? "" : $", or {alternative}")} " +
        $"(app settings {string.Join(", ", keys.Append(alternative).OfType<string>().Select(AppSetting))}).";

    public static string AppSetting(string key) => key.Replace(":", "__", StringComparison.Ordinal);

    /// <summary>A setting's value, trimmed; null when missing or blank.</summary>
    public static string? Value(IConfiguration configuration, string key) =>
        configuration[key] is { } value && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;
}
