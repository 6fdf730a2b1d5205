using Hub.Customers;

namespace Hub.Messaging.Campaigns;

/// <summary>
/// A shop's campaign settings (the Campaigns table's <c>~settings</c> row; <c>hub campaigns settings</c>): frequency
/// caps across campaigns, quiet hours, the prices the plan estimates cost with, and the defaults of attribution window
/// and deadline. Prices are in the shop's currency; the defaults are RUB figures (email 0.40, SMS 2.20 per message; the
/// messenger prices are our estimates — set your own).
/// </summary>
public sealed record CampaignSettings
{
    /// <summary>Caps on marketing messages per customer: <c>3/7d</c> across channels, <c>sms:1/3d</c> per channel.</summary>
    public IReadOnlyList<string> Caps { get; init; } = ["3/7d"];
    /// <summary>Local wall-clock hours when nothing marketing is sent: <c>21:00-09:00</c>; <c>none</c> for none.</summary>
    public string QuietHours { get; init; } = "21:00-09:00";
    /// <summary>Whether transactional messages (order status) wait for quiet hours to end too.</summary>
    public bool QuietHoursForTransactional { get; init; }
    public IReadOnlyDictionary<Channel, decimal> Prices { get; init; } = DefaultPrices;
    public TimeSpan AttributionWindow { get; init; } = TimeSpan.FromDays(7);
    public TimeSpan Deadline { get; init; } = TimeSpan.FromDays(3);
    /// <summary>Local time of day at which birthday and replenishment campaigns look for the day's people.</summary>
    public TimeOnly DailyTriggersAt { get; init; } = new(10, 0);

    public static readonly IReadOnlyDictionary<Channel, decimal> DefaultPrices = new Dictionary<Channel, decimal>
    {
        [Channel.Email] = 0.40m,
        [Channel.Sms] = 2.20m,
        [Channel.WhatsApp] = 4.50m,
        [Channel.Viber] = 1.50m,
        [Channel.Telegram] = 0m,
        [Channel.Vk] = 0m,
    };

    public decimal PriceOf(Channel channel) => Prices.TryGetValue(channel, out var price) ? price : DefaultPrices.GetValueOrDefault(channel);

    public IReadOnlyList<CapRule> CapRules() => Caps.Select(CapRule.Parse).ToList();

    public QuietHours Quiet() => Campaigns.QuietHours.Parse(QuietHours);
}
