using Hub.Customers;

namespace Hub.Messaging.Channels;

public enum ProviderEventKind
{
    Delivered,
    Opened,
    Clicked,
    Read,
    /// <summary>Hard bounce or block: the address is suppressed for every kind of message.</summary>
    Bounced,
    /// <summary>The person unsubscribed, reported spam, stopped promotions, blocked the bot or denied messages: marketing suppression.</summary>
    OptedOut,
    /// <summary>The person allowed messages again (VK message_allow, Telegram unblock, SendGrid group_resubscribe).</summary>
    OptedIn,
    /// <summary>Delivery failed after the provider accepted the message.</summary>
    Failed,
}

/// <summary>
/// One event a provider reported, already verified and parsed. <see cref="EventId"/> is the provider's own id
/// (sg_event_id, update_id, VK event_id…) used to drop repeated deliveries; <see cref="MessageId"/> is ours when the
/// provider echoes it, else <see cref="ProviderMessageId"/> identifies the message; <see cref="Address"/> is set for
/// events about a person rather than a message (unsubscribe, block).
/// </summary>
public sealed record ProviderEvent(
    string Provider,
    string EventId,
    ProviderEventKind Kind,
    Channel Channel,
    DateTimeOffset At,
    string? MessageId = null,
    string? ProviderMessageId = null,
    string? Address = null,
    string? ShopId = null,
    string? Detail = null)
{
    /// <summary>The message's ledger key, when the provider echoes it (SendGrid's custom_args).</summary>
    public LedgerKey? Key { get; init; }
}

/// <summary>
/// An incoming provider request as the HTTP function received it: raw body bytes, headers, query and the path's token.
/// Webhook URLs name the shop whose provider account sends them: <c>/api/providers/{provider}/events?shop={shopId}</c>
/// (<see cref="ShopId"/>), and for providers that sign nothing a secret token in the path
/// (<c>/api/providers/{provider}/events/{token}?shop={shopId}</c>, <see cref="PathToken"/>).
/// </summary>
public sealed record ProviderRequest(
    string Method,
    byte[] Body,
    IReadOnlyDictionary<string, string> Headers,
    IReadOnlyDictionary<string, string> Query,
    string? PathToken = null)
{
    public string? ShopId => Query.TryGetValue("shop", out var shop) && shop.Length > 0 ? shop : null;

    public string? Header(string name) =>
        Headers.FirstOrDefault(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Value;
}

/// <summary>
/// What a provider's webhook must be answered with (Telegram: 200 empty; VK: "ok" or the confirmation string;
/// WhatsApp verification: the challenge), and the events it carried.
/// </summary>
public sealed record ProviderReply(int Status, string Body, IReadOnlyList<ProviderEvent> Events)
{
    public static ProviderReply Ok(IReadOnlyList<ProviderEvent> events, string body = "") => new(200, body, events);
    /// <summary>A forged or unverifiable request: 401 with the reason, no events.</summary>
    public static ProviderReply Refused(string reason) => new(401, reason, []);
    /// <summary>A verified request the hub cannot read: 400 with the reason (the provider's retries will not fix it).</summary>
    public static ProviderReply Malformed(string reason) => new(400, reason, []);
}

/// <summary>
/// One provider's webhook: verifies the request with the provider's own scheme (signature, secret token, secret in the
/// path) and turns it into <see cref="ProviderEvent"/>s. Secrets come from settings. Never throws for bad input: a
/// forged request is <see cref="ProviderReply.Refused"/>, a malformed one <see cref="ProviderReply.Malformed"/>.
/// </summary>
public interface IProviderEventSource
{
    /// <summary>The provider segment of <c>POST /api/providers/{provider}/events</c>.</summary>
    string Provider { get; }

    ProviderReply Handle(ProviderRequest request);
}
