using System.Text.Json;
using System.Text.Json.Serialization;

namespace Hub.Messaging.Channels.Sms;

/// <summary>
/// What the SMS Aero senders (SMS and Viber) rely on (channels.md §2 "SMS Aero (v2)", from the official SDK
/// smsaero/smsaero_python). Every choice the API leaves open and every fact the spec does not confirm is one constant here.
/// </summary>
internal static class SmsAero
{
    /// <summary>The provider's id in settings, the ledger and event URLs.</summary>
    public const string Provider = "smsaero";

    /// <summary>Overrides <see cref="DefaultBaseUrl"/> (fallback gates: <c>gate.smsaero.org/v2</c>, <c>gate.smsaero.net/v2</c>).</summary>
    public const string BaseUrlKey = "Channels:SmsAero:BaseUrl";
    public const string DefaultBaseUrl = "https://gate.smsaero.ru/v2";

    /// <summary>UNCONFIRMED: the currency of the reported cost; the SDK's tariffs are in roubles.</summary>
    public const string Currency = "RUB";

    /// <summary>The SDK's answer for an empty account: <c>"result": "no credits"</c>.</summary>
    public const string NoCreditsResult = "no credits";

    /// <summary>The SDK's answer for a refused message: <c>"result": "reject"</c> with a <c>reason</c>.</summary>
    public const string RejectResult = "reject";

    /// <summary>
    /// UNCONFIRMED: words in a message or reason that mean the account has no money (besides <see cref="NoCreditsResult"/>).
    /// </summary>
    public static readonly string[] NoMoneyWords = ["no credits", "not enough", "insufficient", "balance", "недостаточно", "баланс"];

    /// <summary>
    /// UNCONFIRMED: words in a reject reason or validation message that mean the number itself is at fault (the cascade
    /// moves on: <see cref="SendResult.Unreachable"/>). The reason texts are not documented.
    /// </summary>
    public static readonly string[] BadNumberWords = ["number", "phone", "номер", "телефон"];

    /// <summary>
    /// UNCONFIRMED: words in a reject reason that mean the number is on the account's blacklist, SMS Aero's own opt-out
    /// list (<see cref="SendResult.OptOut"/>).
    /// </summary>
    public static readonly string[] BlacklistWords = ["blacklist", "black list", "stop list", "stoplist", "черн", "стоп"];

    /// <summary>SMS Aero speaks camelCase JSON; numbers (<c>cost</c>, <c>id</c>) come as numbers or strings.</summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        NumberHandling = JsonNumberHandling.AllowReadingFromString,
    };
}
