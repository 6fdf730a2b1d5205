using Hub.Customers;
using Hub.Messaging.Channels;
using Hub.Messaging.Channels.Outbox;
using Hub.Messaging.Channels.Sms;
using Microsoft.Extensions.Configuration;

namespace Hub.Messaging;

/// <summary>
/// Which provider sends a shop's messages on a channel: the shop's <c>Shops:{shop}:Channels:{Channel}</c> setting
/// (e.g. <c>outbox</c>, <c>sendgrid</c>, <c>smsaero</c>), else <c>Messaging:DefaultProvider</c> (<c>outbox</c> in local
/// settings and the demo), else the channel's provider (SMS: the shop's <c>SmsProvider</c>). The outbox writes to
/// <c>Messaging:OutboxPath</c> (default <c>out/outbox</c>).
/// </summary>
public sealed class ChannelRouter(IEnumerable<IChannelSender> senders, IConfiguration configuration, SmsProviderChoice sms)
{
    readonly Dictionary<Channel, OutboxSender> outboxes = Enum.GetValues<Channel>()
        .ToDictionary(c => c, c => new OutboxSender(c, configuration["Messaging:OutboxPath"] is { Length: > 0 } path ? path : Path.Combine("out", "outbox")));

    public static string Key(string shopId, Channel channel) => $"Shops:{shopId}:Channels:{channel}";

    public string ProviderFor(string shopId, Channel channel) =>
        configuration[Key(shopId, channel)] is { Length: > 0 } chosen ? chosen.Trim().ToLowerInvariant()
        : configuration["Messaging:DefaultProvider"] is { Length: > 0 } fallback ? fallback.Trim().ToLowerInvariant()
        : channel switch
        {
            Channel.Email => "sendgrid",
            Channel.Sms => sms.ProviderFor(shopId),
            _ => channel.ToString().ToLowerInvariant(),
        };

    public IChannelSender SenderFor(string shopId, Channel channel)
    {
        var provider = ProviderFor(shopId, channel);
        if (provider == OutboxSender.ProviderId)
        {
            return outboxes[channel];
        }
        return senders.FirstOrDefault(s => s.Channel == channel && s.Provider == provider)
            ?? throw new ArgumentException($"no provider '{provider}' for {channel} messages (setting {Key(shopId, channel).Replace(":", "__")}); known: outbox, {string.Join(", ", senders.Where(s => s.Channel == channel).Select(s => s.Provider))}");
    }

    /// <summary>Where the shop's messages on this channel go: an email, an E.164 phone, a Telegram chat id or a VK user id.</summary>
    public static string? AddressOf(Customer customer, Channel channel) => channel switch
    {
        Channel.Email => customer.Emails.FirstOrDefault(e => e.Valid)?.Value,
        Channel.Sms or Channel.WhatsApp or Channel.Viber => customer.Phones.FirstOrDefault(p => p.Valid)?.Value,
        Channel.Telegram => customer.ExternalIds.GetValueOrDefault("telegram"),
        Channel.Vk => customer.ExternalIds.GetValueOrDefault("vk"),
        _ => null,
    };
}
