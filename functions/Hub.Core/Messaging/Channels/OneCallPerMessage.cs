namespace Hub.Messaging.Channels;

/// <summary>
/// The send loop of providers that take one message per call: with the shop's account each message gets its own call;
/// without one (settings missing) every message fails with the reason, and nothing is sent.
/// </summary>
internal static class OneCallPerMessage
{
    public static async Task<IReadOnlyList<SendOutcome>> SendAsync<TAccount>(
        string shopId,
        IReadOnlyList<OutboundMessage> messages,
        TAccount? account,
        string? problem,
        Func<TAccount, OutboundMessage, Task<SendOutcome>> send)
        where TAccount : class
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(shopId);
        ArgumentNullException.ThrowIfNull(messages);
        var outcomes = new List<SendOutcome>(messages.Count);
        foreach (var message in messages)
        {
            outcomes.Add(account is null
                ? new SendOutcome(message.MessageId, SendResult.Failed, Error: problem)
                : await send(account, message));
        }
        return outcomes;
    }
}
