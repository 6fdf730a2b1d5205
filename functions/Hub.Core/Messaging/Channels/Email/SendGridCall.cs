namespace Hub.Messaging.Channels.Email;

/// <summary>
/// The state of one <see cref="SendGridEmailSender.SendAsync"/> call: the outcome of each message so far and the batch
/// indices still to send, in order. Messages SendGrid would refuse anyway (no valid address, no subject, no body) are
/// failed up front, so they cannot fail the others of their request.
/// </summary>
internal sealed class SendGridCall
{
    readonly IReadOnlyList<OutboundMessage> messages;
    readonly SendOutcome?[] outcomes;
    readonly List<int> pending = [];
    int resends = SendGridMail.MaxResendsAfterBadRecipients;

    public SendGridCall(IReadOnlyList<OutboundMessage> messages)
    {
        this.messages = messages;
        outcomes = new SendOutcome?[messages.Count];
        for (var i = 0; i < messages.Count; i++)
        {
            if (Unsendable(messages[i]) is { } reason)
            {
                outcomes[i] = new SendOutcome(messages[i].MessageId, SendResult.Failed, Error: reason);
            }
            else
            {
                pending.Add(i);
            }
        }
    }

    public IReadOnlyList<int> Pending => pending;

    /// <summary>Takes <paramref name="members"/> out of the pending list: they are being sent.</summary>
    public void Take(IReadOnlyList<int> members)
    {
        var taken = members.ToHashSet();
        pending.RemoveAll(taken.Contains);
    }

    /// <summary>Puts <paramref name="members"/> back at the front of the pending list; false when this call has resent too often.</summary>
    public bool Resend(IReadOnlyList<int> members)
    {
        if (members.Count == 0)
        {
            return true;
        }
        if (resends-- <= 0)
        {
            return false;
        }
        pending.InsertRange(0, members);
        return true;
    }

    public void Set(IEnumerable<int> members, SendResult result, string? error = null, TimeSpan? retryAfter = null, string? providerMessageId = null)
    {
        foreach (var i in members)
        {
            outcomes[i] = new SendOutcome(messages[i].MessageId, result, providerMessageId, Error: error, RetryAfter: retryAfter);
        }
    }

    /// <summary>Gives every message still pending this outcome: the call stops here.</summary>
    public void SetPending(SendResult result, string error, TimeSpan? retryAfter = null)
    {
        Set(pending, result, error, retryAfter);
        pending.Clear();
    }

    public IReadOnlyList<SendOutcome> Outcomes() =>
        outcomes.Select((o, i) => o ?? throw new InvalidOperationException($"No outcome for message {messages[i].MessageId}.")).ToList();

    static string? Unsendable(OutboundMessage message)
    {
        if (SendGridSettings.Address(message.Address) is not { } address || !string.Equals(address.Email, message.Address.Trim(), StringComparison.OrdinalIgnoreCase))
        {
            return "The address is not a valid email address.";
        }
        if (string.IsNullOrWhiteSpace(message.Content.Subject))
        {
            return "An email needs a subject.";
        }
        if (string.IsNullOrEmpty(message.Content.Text) && string.IsNullOrEmpty(message.Content.Html))
        {
            return "An email needs a text or HTML body.";
        }
        return null;
    }
}
