namespace Hub.Messaging.Channels.Viber;

/// <summary>
/// What the Viber sender relies on: Viber Business Messages to a phone number through SMS Aero's <c>viber/send</c>,
/// with SMS Aero's own SMS fallback (channels.md §2 "SMS Aero", §5). Every unconfirmed fact is one constant here.
/// </summary>
internal static class ViberFacts
{
    /// <summary>The provider's id in settings, the ledger and event URLs.</summary>
    public const string Provider = "viber";

    /// <summary>
    /// UNCONFIRMED: the <c>channel</c> of a Viber message. The SDK documents the parameter but not its values; its example
    /// answer shows <c>"channel": "OFFICIAL"</c>. Other values seen named for SMS Aero are <c>INFO</c> and <c>DIRECT</c>.
    /// </summary>
    public const string MessageChannel = "OFFICIAL";

    /// <summary>UNCONFIRMED: the <c>channelSms</c> of the SMS fallback (an SMS with the shop's own sign).</summary>
    public const string SmsFallbackChannel = "DIRECT";

    /// <summary>
    /// Our choice: the SMS fallback is cut to three Cyrillic SMS parts (67 characters each in a multi-part UCS-2 SMS), so
    /// a long Viber text does not become a costly chain of SMS. Button links are kept whole at the end.
    /// </summary>
    public const int SmsFallbackMaxLength = 3 * 67;
}
