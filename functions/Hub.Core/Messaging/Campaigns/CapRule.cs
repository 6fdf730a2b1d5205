using System.Globalization;
using Hub.Customers;

namespace Hub.Messaging.Campaigns;

/// <summary>
/// At most <see cref="Max"/> marketing messages per customer within <see cref="Window"/>; <see cref="Channel"/> null =
/// across all channels. Written <c>3/7d</c> (shop-wide) or <c>sms:1/3d</c>, <c>email:2/24h</c>; windows are whole
/// minutes (<c>w</c>, <c>d</c>, <c>h</c>, <c>min</c>) up to <see cref="MaxWindow"/>, counts 1 to <see cref="MaxCount"/>.
/// </summary>
public sealed record CapRule(Channel? Channel, int Max, TimeSpan Window)
{
    /// <summary>A cap is a small number; it also bounds what a contact log row keeps (see <see cref="ContactLog"/>).</summary>
    public const int MaxCount = 100;
    public static readonly TimeSpan MaxWindow = TimeSpan.FromDays(366);

    public Channel? Channel { get; } = Channel == Customers.Channel.Ads || Channel is { } c && !Enum.IsDefined(c)
        ? throw new ArgumentOutOfRangeException(nameof(Channel), Channel, "A cap applies to a messaging channel.")
        : Channel;

    public int Max { get; } = Max is < 1 or > MaxCount
        ? throw new ArgumentOutOfRangeException(nameof(Max), Max, $"A cap allows 1 to {MaxCount} messages a window.")
        : Max;

    public TimeSpan Window { get; } = Window <= TimeSpan.Zero || Window > MaxWindow || Window.Ticks % TimeSpan.TicksPerMinute != 0
        ? throw new ArgumentOutOfRangeException(nameof(Window), Window, $"A cap window is a whole number of minutes up to {MaxWindow.TotalDays:0} days.")
        : Window;

    /// <summary>Whether a message on <paramref name="channel"/> counts against this rule.</summary>
    public bool Covers(Channel channel) => Channel is null || Channel == channel;

    static readonly Channel[] Channels = Enum.GetValues<Channel>().Where(c => c != Customers.Channel.Ads).ToArray();
    static string NameOf(Channel channel) => channel.ToString().ToLowerInvariant();
    static string ChannelList => string.Join(", ", Channels.Select(NameOf));
    const string Example = "e.g. \"3/7d\" (shop-wide) or \"sms:1/3d\"";

    /// <summary>Reads <c>3/7d</c>, <c>sms:1/3d</c>, <c>email:2/24h</c>; a <see cref="FormatException"/> names the bad part.</summary>
    public static CapRule Parse(string text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new FormatException($"A cap rule is empty; expected {{count}}/{{window}} or {{channel}}:{{count}}/{{window}}, {Example}.");
        }
        var rule = text.Trim();
        Channel? channel = null;
        var rest = rule;
        var colon = rule.IndexOf(':');
        if (colon >= 0)
        {
            var name = rule[..colon].Trim();
            var match = Channels.Where(c => string.Equals(NameOf(c), name, StringComparison.OrdinalIgnoreCase)).ToArray();
            if (match.Length == 0)
            {
                throw new FormatException($"Cap rule \"{rule}\": unknown channel \"{name}\"; expected one of {ChannelList}, or no channel for a shop-wide cap.");
            }
            channel = match[0];
            rest = rule[(colon + 1)..];
        }
        var slash = rest.IndexOf('/');
        if (slash < 0)
        {
            throw new FormatException($"Cap rule \"{rule}\": expected {{count}}/{{window}} after the channel, {Example}.");
        }
        var count = rest[..slash].Trim();
        if (!int.TryParse(count, NumberStyles.None, CultureInfo.InvariantCulture, out var max) || max is < 1 or > MaxCount)
        {
            throw new FormatException($"Cap rule \"{rule}\": count \"{count}\" is not a whole number from 1 to {MaxCount}.");
        }
        var window = rest[(slash + 1)..].Trim();
        return new CapRule(channel, max, ParseWindow(rule, window));
    }

    static TimeSpan ParseWindow(string rule, string window)
    {
        var digits = 0;
        while (digits < window.Length && char.IsAsciiDigit(window[digits]))
        {
            digits++;
        }
        var unit = window[digits..];
        TimeSpan? size = unit switch
        {
            "w" => TimeSpan.FromDays(7),
            "d" => TimeSpan.FromDays(1),
            "h" => TimeSpan.FromHours(1),
            "min" => TimeSpan.FromMinutes(1),
            _ => null,
        };
        if (unit == "m")
        {
            throw new FormatException($"Cap rule \"{rule}\": window \"{window}\" — \"m\" could mean minutes or months; write min for minutes, or d for days.");
        }
        if (digits == 0 || size is null)
        {
            throw new FormatException($"Cap rule \"{rule}\": window \"{window}\" is not a whole number followed by w, d, h or min (e.g. 7d, 24h, 90min).");
        }
        if (!long.TryParse(window[..digits], NumberStyles.None, CultureInfo.InvariantCulture, out var amount)
            || amount < 1 || amount > MaxWindow.Ticks / size.Value.Ticks)
        {
            throw new FormatException($"Cap rule \"{rule}\": window \"{window}\" must be more than zero and at most {MaxWindow.TotalDays:0}d.");
        }
        return TimeSpan.FromTicks(amount * size.Value.Ticks);
    }

    /// <summary>The rule as <see cref="Parse"/> reads it: the largest of d, h, min that divides the window.</summary>
    public override string ToString()
    {
        var window = Window.Ticks % TimeSpan.TicksPerDay == 0 ? $"{Window.Ticks / TimeSpan.TicksPerDay}d"
            : Window.Ticks % TimeSpan.TicksPerHour == 0 ? $"{Window.Ticks / TimeSpan.TicksPerHour}h"
            : $"{Window.Ticks / TimeSpan.TicksPerMinute}min";
        var count = Max.ToString(CultureInfo.InvariantCulture);
        return Channel is { } channel ? $"{NameOf(channel)}:{count}/{window}" : $"{count}/{window}";
    }
}
