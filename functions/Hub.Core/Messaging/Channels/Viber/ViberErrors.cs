namespace Hub.Messaging.Channels.Viber;

/// <summary>
/// Viber Business Messages' service codes (channels.md §5, as a BSP reports them) and what the hub does about each,
/// when SMS Aero's answer carries one. That SMS Aero passes these codes through at send time is UNCONFIRMED.
/// </summary>
internal static class ViberErrors
{
    static readonly (string Code, SendResult Result, string Meaning)[] Table =
    [
        ("SRVC_USER_BLOCKED", SendResult.OptOut, "the person blocked the shop's Viber messages"),
        ("SRVC_NOT_VIBER_USER", SendResult.Unreachable, "the number is not a Viber user"),
        ("SRVC_NO_SUITABLE_DEVICE", SendResult.Unreachable, "the person has no device that can show this message"),
        // Over 5 messages in a session without an answer: our choice is to let the cascade move on rather than wait.
        ("SRVC_WAIT_FOR_USER_RESPONSE", SendResult.Unreachable, "too many messages without an answer from the person"),
        ("SRVC_TIMEOUT", SendResult.Retry, "Viber timed out"),
        ("SRVC_INTERNAL_FAILURE", SendResult.Retry, "Viber failed internally"),
        ("SRVC_BAD_DATA", SendResult.Failed, "Viber refused the message's data (a text over 1,000 characters, a bad button)"),
        ("SRVC_INVALID_TTL", SendResult.Failed, "Viber refused the message's time to live (30 s to 14 days)"),
    ];

    /// <summary>The hub's result for the first service code SMS Aero's words contain, or null when there is none.</summary>
    public static (SendResult Result, string Meaning)? Of(string words)
    {
        foreach (var (code, result, meaning) in Table)
        {
            if (words.Contains(code, StringComparison.OrdinalIgnoreCase))
            {
                return (result, $"{meaning} ({code})");
            }
        }
        return null;
    }
}
