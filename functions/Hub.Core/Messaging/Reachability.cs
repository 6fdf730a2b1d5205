using Hub.Customers;
using Hub.Messaging.Channels;

namespace Hub.Messaging;

/// <summary>
/// Whether a message can go to a customer on a channel, and if not why: the one rule the dispatcher, the campaign
/// cascade and the campaign plan share. Marketing needs the channel's consent; every kind needs an address and no
/// suppression that stops it (<see cref="Suppressions.Stops"/>).
/// </summary>
public static class Reachability
{
    /// <summary>Null when the message may go; else a <see cref="SkipReasons"/> value.</summary>
    public static string? Obstacle(Customer? customer, Channel channel, MessageKind kind, IReadOnlyDictionary<string, Suppression> suppressed)
    {
        if (customer is null || customer.DeletedAt is not null || customer.MergedInto is not null)
        {
            return SkipReasons.Gone;
        }
        if (ChannelRouter.AddressOf(customer, channel) is not { } address)
        {
            return SkipReasons.NoAddress;
        }
        if (kind == MessageKind.Marketing && customer.Consents.GetValueOrDefault(channel)?.State != ConsentState.Granted)
        {
            return SkipReasons.NoConsent;
        }
        return Suppressions.Stops(suppressed.GetValueOrDefault(Suppressions.Normalise(channel, address)), kind) ? SkipReasons.Suppressed : null;
    }
}
