namespace Hub.Messaging.Channels.Sms;

/// <summary>
/// What the SMSC.ru sender relies on (../shared/specs/channels.md §2 "SMSC.ru"). Every choice the API leaves open and
/// every fact the spec does not confirm is one constant here.
/// </summary>
internal static class Smsc
{
    /// <summary>The provider's id in settings, the ledger and event URLs.</summary>
    public const string Provider = "smsc";

    /// <summary>Overrides <see cref="DefaultBaseUrl"/> (the backup host is <c>https://www2.smsc.ru</c>; tests point it at a fake).</summary>
    public const string BaseUrlKey = "Channels:Smsc:BaseUrl";
    public const string DefaultBaseUrl = "https://smsc.ru";

    /// <summary><c>fmt=3</c>: answers in JSON.</summary>
    public const string JsonAnswers = "3";

    /// <summary><c>cost=3</c>: send, and answer with the id, the number of SMS parts, the cost and the balance.</summary>
    public const string SendAndReportCost = "3";

    /// <summary>The text's encoding; SMSC's own C# library sends <c>charset=utf-8</c> (its default is windows-1251).</summary>
    public const string Charset = "utf-8";

    /// <summary>UNCONFIRMED: the currency of the reported cost. Russian SMSC accounts are billed in roubles.</summary>
    public const string Currency = "RUB";

    /// <summary>
    /// UNCONFIRMED: how long SMSC's error 4 ("IP temporarily blocked after frequent errors") lasts. The docs say only
    /// "temporarily"; the hub waits this long before the next try.
    /// </summary>
    public static readonly TimeSpan BlockedAddressWait = TimeSpan.FromMinutes(1);
}
