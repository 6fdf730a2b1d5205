using Hub.Customers;
using Microsoft.Extensions.Configuration;

namespace Hub.Messaging.Channels.Sms;

/// <summary>
/// Which SMS provider a shop sends through: <c>Shops:{shop}:SmsProvider</c> = <c>smsc</c> (the default) or
/// <c>smsaero</c>. Both senders are registered as <see cref="IChannelSender"/>s of <see cref="Channel.Sms"/>; the
/// dispatcher asks this for the shop's one.
/// </summary>
public sealed class SmsProviderChoice(IConfiguration configuration, IEnumerable<IChannelSender> senders)
{
    public const string Default = Smsc.Provider;
    public static readonly IReadOnlyList<string> Known = [Smsc.Provider, SmsAero.Provider];

    public static string Key(string shopId) => $"Shops:{shopId}:SmsProvider";

    /// <summary>The shop's SMS provider id; a setting naming no known provider is a configuration error, named in the exception.</summary>
    public string ProviderFor(string shopId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(shopId);
        var chosen = MissingSettings.Value(configuration, Key(shopId));
        if (chosen is null)
        {
            return Default;
        }
        return Known.FirstOrDefault(p => p.Equals(chosen, StringComparison.OrdinalIgnoreCase))
            ?? throw new InvalidOperationException(
                $"The setting {Key(shopId)} (app setting {MissingSettings.AppSetting(Key(shopId))}) is '{chosen}'; " +
                $"expected one of: {string.Join(", ", Known)} (or leave it unset for {Default}).");
    }

    /// <summary>The registered SMS sender of the shop's provider.</summary>
    public IChannelSender SenderFor(string shopId)
    {
        var provider = ProviderFor(shopId);
        return senders.FirstOrDefault(s => s.Channel == Channel.Sms && s.Provider == provider)
            ?? throw new InvalidOperationException($"No SMS sender for provider '{provider}' is registered (AddSms).");
    }
}
