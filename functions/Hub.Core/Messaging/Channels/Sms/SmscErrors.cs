namespace Hub.Messaging.Channels.Sms;

/// <summary>
/// SMSC's send errors (<c>error_code</c>, channels.md §2, from a copy of SMSC's docs) and what the hub does about each.
/// Retry only on 4 (after <see cref="Smsc.BlockedAddressWait"/>); 9 is SMSC refusing a repeat of a request it already
/// carried out, so the message counts as sent; a code not in the table fails with SMSC's own words.
/// </summary>
internal static class SmscErrors
{
    public const int BadCredentials = 2;
    public const int AddressBlocked = 4;
    public const int DuplicateRequest = 9;

    static readonly Dictionary<int, (SendResult Result, string Meaning)> Table = new()
    {
        [1] = (SendResult.Failed, "bad parameters"),
        [BadCredentials] = (SendResult.Failed, "bad login or password"),
        [3] = (SendResult.Failed, "not enough money on the SMSC account"),
        [AddressBlocked] = (SendResult.Retry, "this IP address is temporarily blocked after frequent errors"),
        [5] = (SendResult.Failed, "bad date format"),
        [6] = (SendResult.Failed, "message forbidden (by its text or sender name)"),
        [7] = (SendResult.Failed, "bad phone number format"),
        [8] = (SendResult.Unreachable, "a message to this number cannot be delivered"),
        [DuplicateRequest] = (SendResult.Sent, "the same request was already received (duplicate-request block): the message was already sent"),
    };

    public static (SendResult Result, string Meaning) Of(int code, string? smscWords) =>
        Table.TryGetValue(code, out var known)
            ? known
            : (SendResult.Failed, string.IsNullOrWhiteSpace(smscWords) ? "an error the hub does not know" : smscWords.Trim());
}
