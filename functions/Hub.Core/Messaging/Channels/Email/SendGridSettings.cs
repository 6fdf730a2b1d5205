using System.Globalization;
using Hub.Http;
using Microsoft.Extensions.Configuration;
using SendGrid.Helpers.Mail;

namespace Hub.Messaging.Channels.Email;

/// <summary>
/// A shop's SendGrid settings, read from configuration on every call (a changed key needs no restart); in Azure the
/// app settings <c>Shops__{id}__SendGridApiKey</c> etc. are Key Vault references.
/// </summary>
internal sealed class SendGridSettings(IConfiguration configuration)
{
    public static string ApiKeyKey(string shopId) => $"Shops:{shopId}:SendGridApiKey";
    /// <summary>The sender: an address, optionally <c>Name &lt;address&gt;</c>.</summary>
    public static string FromKey(string shopId) => $"Shops:{shopId}:SendGridFrom";
    /// <summary>Optional: the unsubscribe group (<c>asm.group_id</c>) of the shop's marketing mail.</summary>
    public static string UnsubscribeGroupIdKey(string shopId) => $"Shops:{shopId}:SendGridUnsubscribeGroupId";
    /// <summary>Optional: a mailbox that processes unsubscribe mails, offered as <c>&lt;mailto:…&gt;</c> in List-Unsubscribe.</summary>
    public static string UnsubscribeMailtoKey(string shopId) => $"Shops:{shopId}:SendGridUnsubscribeMailto";
    /// <summary>The Event Webhook's verification key (base64 SubjectPublicKeyInfo, as SendGrid shows it).</summary>
    public static string WebhookPublicKeyKey(string shopId) => $"Shops:{shopId}:SendGridWebhookPublicKey";

    public Uri BaseUrl => HttpApis.BaseAddress(configuration[SendGridMail.BaseUrlKey], SendGridMail.DefaultBaseUrl);

    public string? WebhookPublicKey(string shopId) => Value(WebhookPublicKeyKey(shopId));

    /// <summary>What sending for <paramref name="shopId"/> needs, or the problem that stops it, naming the setting at fault.</summary>
    public (SendGridAccount? Account, string? Problem) Account(string shopId)
    {
        var apiKey = Value(ApiKeyKey(shopId));
        if (apiKey is null)
        {
            return (null, $"SendGrid is not connected for shop '{shopId}': set its API key in the setting '{ApiKeyKey(shopId)}'.");
        }
        var from = Value(FromKey(shopId));
        if (from is null)
        {
            return (null, $"SendGrid has no sender for shop '{shopId}': set the setting '{FromKey(shopId)}' to an address or 'Name <address>'.");
        }
        if (Address(from) is not { } sender)
        {
            return (null, $"The setting '{FromKey(shopId)}' is not an email address or 'Name <address>': '{from}'.");
        }
        int? group = null;
        if (Value(UnsubscribeGroupIdKey(shopId)) is { } groupText)
        {
            if (!int.TryParse(groupText, NumberStyles.None, CultureInfo.InvariantCulture, out var id) || id <= 0)
            {
                return (null, $"The setting '{UnsubscribeGroupIdKey(shopId)}' must be the number of a SendGrid unsubscribe group: '{groupText}'.");
            }
            group = id;
        }
        var mailto = Value(UnsubscribeMailtoKey(shopId));
        if (mailto is not null && Address(mailto) is null)
        {
            return (null, $"The setting '{UnsubscribeMailtoKey(shopId)}' is not an email address: '{mailto}'.");
        }
        return (new SendGridAccount(apiKey, sender, group, mailto), null);
    }

    /// <summary>Parses <c>address</c> or <c>Name &lt;address&gt;</c>.</summary>
    public static EmailAddress? Address(string text)
    {
        try
        {
            var parsed = new System.Net.Mail.MailAddress(text.Trim());
            return new EmailAddress(parsed.Address, string.IsNullOrWhiteSpace(parsed.DisplayName) ? null : parsed.DisplayName);
        }
        catch (FormatException)
        {
            return null;
        }
    }

    string? Value(string key) => configuration[key] is { } value && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;
}

/// <summary>One shop's SendGrid account as a send needs it.</summary>
internal sealed record SendGridAccount(string ApiKey, EmailAddress From, int? UnsubscribeGroupId, string? UnsubscribeMailto);
