using Hub.Customers;

namespace Hub.Messaging.Channels;

/// <summary>Marketing needs the channel's consent; transactional (order status) does not, but still respects blocks and bounces.</summary>
public enum MessageKind { Marketing, Transactional }

/// <summary>A link button under a messenger text (Telegram inline keyboard, VK keyboard, Viber button, WhatsApp URL button).</summary>
public sealed record MessageButton(string Text, string Url);

/// <summary>
/// What a channel sends, already rendered from the shop's template: email uses <see cref="Subject"/>, <see cref="Html"/>
/// and <see cref="Text"/>; SMS and messengers use <see cref="Text"/> and <see cref="Buttons"/>. WhatsApp outside the
/// 24-hour window sends the approved template <see cref="WhatsAppTemplate"/> with <see cref="TemplateParameters"/>.
/// </summary>
public sealed record MessageContent
{
    public string? Subject { get; init; }
    public required string Text { get; init; }
    public string? Html { get; init; }
    public IReadOnlyList<MessageButton> Buttons { get; init; } = [];
    public string? WhatsAppTemplate { get; init; }
    public string? WhatsAppTemplateLanguage { get; init; }
    public IReadOnlyList<string> TemplateParameters { get; init; } = [];
    /// <summary>One-click unsubscribe URL (email List-Unsubscribe; a link at the end of marketing texts).</summary>
    public string? UnsubscribeUrl { get; init; }
}

/// <summary>
/// One message to one address on one channel. <see cref="MessageId"/> is the hub's id (the send ledger's key, stable
/// across retries): providers carry it back in their events (SendGrid custom_args, WhatsApp biz_opaque_callback_data,
/// VK random_id/payload, SMSC id). <see cref="Address"/> is the channel's address: an email, an E.164 phone (SMS,
/// WhatsApp, Viber), a Telegram chat id, a VK user id.
/// </summary>
public sealed record OutboundMessage(
    string MessageId,
    string ShopId,
    string CustomerId,
    Channel Channel,
    string Address,
    MessageKind Kind,
    MessageContent Content)
{
    /// <summary>True inside WhatsApp's 24-hour customer service window (free text allowed); else a template is needed.</summary>
    public bool InServiceWindow { get; init; }

    /// <summary>Where the message stands in the send ledger, for providers that echo it back in their events.</summary>
    public LedgerKey? Key { get; init; }
}

/// <summary>What the hub does after a provider's answer.</summary>
public enum SendResult
{
    /// <summary>Accepted by the provider.</summary>
    Sent,
    /// <summary>Throttled or a temporary failure: try again after <see cref="SendOutcome.RetryAfter"/>.</summary>
    Retry,
    /// <summary>WhatsApp: outside the 24-hour window (131047) — send the approved template instead.</summary>
    UseTemplate,
    /// <summary>The person opted out or blocked us on this channel (Telegram 403, WhatsApp 131050, VK 901): suppress the address.</summary>
    OptOut,
    /// <summary>This address cannot be reached on this channel (not a Viber user, invalid number): the cascade moves on.</summary>
    Unreachable,
    /// <summary>Refused for a reason a retry will not fix (bad request, bad credentials, no funds): recorded and alerted.</summary>
    Failed,
}

/// <summary>A provider's answer for one message, with its own id, the cost it reported and its words.</summary>
public sealed record SendOutcome(
    string MessageId,
    SendResult Result,
    string? ProviderMessageId = null,
    decimal? Cost = null,
    string? Currency = null,
    string? Error = null,
    TimeSpan? RetryAfter = null);

/// <summary>
/// One provider of one channel. Credentials come from settings per shop (<c>Shops:{shop}:…</c>). A sender sends what
/// it is given — consent, suppression, caps and the ledger are the dispatcher's — and maps every answer to a
/// <see cref="SendResult"/>; it throws only for programming errors, never for a provider's refusal.
/// </summary>
public interface IChannelSender
{
    Channel Channel { get; }
    /// <summary>The provider's id in settings, the ledger and event URLs: sendgrid, smsc, smsaero, telegram, whatsapp, viber, vk, outbox.</summary>
    string Provider { get; }
    /// <summary>How many messages one call may carry (SendGrid 1,000 personalizations; most providers 1).</summary>
    int MaxBatch { get; }

    /// <summary>
    /// The provider carries <see cref="OutboundMessage.Key"/> back in every event (SendGrid's custom_args), so events
    /// find their ledger row directly and the ledger writes no MessageRefs row for our message id.
    /// </summary>
    bool EchoesLedgerKey => false;

    Task<IReadOnlyList<SendOutcome>> SendAsync(string shopId, IReadOnlyList<OutboundMessage> messages, CancellationToken cancellationToken = default);
}
