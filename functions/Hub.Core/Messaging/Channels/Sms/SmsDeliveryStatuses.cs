namespace Hub.Messaging.Channels.Sms;

/// <summary>
/// What a delivery status in an SMS provider's callback means. A status not in a table (waiting, queued, handed to
/// the operator) raises no event. Only "1 = delivered" on both is confirmed (channels.md §7); every other row is
/// UNCONFIRMED (SMSC's and SMS Aero's status lists as recalled, not from a cited page) and kept here to correct in one place.
/// </summary>
internal static class SmsDeliveryStatuses
{
    /// <summary>SMSC <c>status</c>.</summary>
    public static readonly IReadOnlyDictionary<int, ProviderEventKind> Smsc = new Dictionary<int, ProviderEventKind>
    {
        [1] = ProviderEventKind.Delivered, // confirmed
        [2] = ProviderEventKind.Read,      // "read"
        [4] = ProviderEventKind.Clicked,   // "link clicked"
        [3] = ProviderEventKind.Failed,    // expired
        [20] = ProviderEventKind.Failed,   // cannot be delivered
        [22] = ProviderEventKind.Failed,   // wrong number
        [23] = ProviderEventKind.Failed,   // forbidden
        [24] = ProviderEventKind.Failed,   // not enough money
        [25] = ProviderEventKind.Failed,   // number unavailable
        [-3] = ProviderEventKind.Failed,   // message not found
        // -1 waiting to be sent, 0 handed to the operator: no event
    };

    /// <summary>SMSC <c>err</c>: why a message was not delivered (channels.md §2, smscentre.com/api/smpp/errors), for the event's detail.</summary>
    public static readonly IReadOnlyDictionary<int, string> SmscErrors = new Dictionary<int, string>
    {
        [1] = "subscriber does not exist",
        [6] = "subscriber offline",
        [11] = "service not connected",
        [12] = "phone or SIM error",
        [13] = "subscriber blocked",
        [200] = "virtual (test) send",
        [219] = "SIM replaced",
        [220] = "operator queue overflow",
    };

    /// <summary>SMS Aero <c>status</c>.</summary>
    public static readonly IReadOnlyDictionary<int, ProviderEventKind> SmsAero = new Dictionary<int, ProviderEventKind>
    {
        [1] = ProviderEventKind.Delivered, // confirmed; the SDK's example pairs it with extendStatus "delivery"
        [2] = ProviderEventKind.Failed,    // not delivered
        [6] = ProviderEventKind.Failed,    // rejected
        // 0 queue, 3 handed to the operator, 4 waiting for a status, 8 moderation: no event
    };

    /// <summary>SMS Aero <c>extendStatus</c>, read when a callback has no numeric <c>status</c>.</summary>
    public static readonly IReadOnlyDictionary<string, int> SmsAeroWords = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase)
    {
        ["delivery"] = 1,
        ["delivered"] = 1,
        ["undelivered"] = 2,
        ["reject"] = 6,
        ["rejected"] = 6,
    };
}
