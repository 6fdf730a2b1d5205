using Hub.Customers;
using Hub.Messaging.Channels;

namespace Hub.Messaging.Templates;

/// <summary>
/// A shop's message, written in Liquid (what Shopify shop owners already write), with one variant per kind of channel:
/// <see cref="Email"/>, <see cref="Sms"/>, and one <see cref="Messenger"/> text with link buttons shared by Telegram,
/// WhatsApp, Viber and VK, which <see cref="Telegram"/>, <see cref="WhatsApp"/>, <see cref="Viber"/> or <see cref="Vk"/>
/// replace for that one channel. <see cref="WhatsAppTemplate"/> is the Meta-approved template WhatsApp needs outside the
/// 24-hour window. Every text is a Liquid template over the variables of <see cref="TemplateData"/>; a channel without a
/// variant is not offered by this template. Saved only when <see cref="TemplateValidator"/> finds nothing wrong.
/// </summary>
public sealed record MessageTemplate
{
    /// <summary>Kebab-case, 2–63 characters (<c>order-shipped</c>): a table key and what campaigns and triggers refer to.</summary>
    public required string Id { get; init; }
    public required string ShopId { get; init; }
    /// <summary>What a marketer reads in lists.</summary>
    public required string Name { get; init; }
    public MessageKind Kind { get; init; } = MessageKind.Marketing;

    public EmailVariant? Email { get; init; }
    public SmsVariant? Sms { get; init; }
    public MessengerVariant? Messenger { get; init; }
    public MessengerVariant? Telegram { get; init; }
    public MessengerVariant? WhatsApp { get; init; }
    public MessengerVariant? Viber { get; init; }
    public MessengerVariant? Vk { get; init; }
    public WhatsAppApprovedTemplate? WhatsAppTemplate { get; init; }

    /// <summary>The messenger variant used for <paramref name="channel"/>: its own override, else the shared one.</summary>
    public MessengerVariant? MessengerFor(Channel channel) => channel switch
    {
        Channel.Telegram => Telegram ?? Messenger,
        Channel.WhatsApp => WhatsApp ?? Messenger,
        Channel.Viber => Viber ?? Messenger,
        Channel.Vk => Vk ?? Messenger,
        _ => null,
    };

    /// <summary>Whether this template can be sent on <paramref name="channel"/>.</summary>
    public bool Supports(Channel channel) => channel switch
    {
        Channel.Email => Email is not null,
        Channel.Sms => Sms is not null,
        Channel.WhatsApp => MessengerFor(channel) is not null || WhatsAppTemplate is not null,
        Channel.Telegram or Channel.Viber or Channel.Vk => MessengerFor(channel) is not null,
        _ => false,
    };
}

/// <summary>An email: <see cref="Subject"/> and at least one of <see cref="Html"/> (rendered HTML-escaped) and <see cref="Text"/>.</summary>
public sealed record EmailVariant(string Subject, string? Html = null, string? Text = null);

public sealed record SmsVariant(string Text);

/// <summary>A messenger text with link buttons under it; a button's text and URL are Liquid too (<c>{{ cart.recovery_url }}</c>).</summary>
public sealed record MessengerVariant(string Text, IReadOnlyList<ButtonTemplate>? Buttons = null)
{
    public IReadOnlyList<ButtonTemplate> Buttons { get; init; } = Buttons ?? [];
}

public sealed record ButtonTemplate(string Text, string Url);

/// <summary>
/// A WhatsApp message template approved by Meta, sent outside the 24-hour customer service window: its name and
/// language as registered (<c>order_shipped</c>, <c>ru</c>), and one Liquid expression per body parameter, in order
/// (<c>{{ customer.first_name }}</c> for <c>{{1}}</c>).
/// </summary>
public sealed record WhatsAppApprovedTemplate(string Name, string Language, IReadOnlyList<string>? Parameters = null)
{
    public IReadOnlyList<string> Parameters { get; init; } = Parameters ?? [];
}
