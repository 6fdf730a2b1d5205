using System.Globalization;
using Hub.Shops.Sync;

namespace Hub.Shops.RetailCrm;

/// <summary>
/// RetailCRM writes times as <c>Y-m-d H:i:s</c> without an offset, in the account's time zone, which we take to be the
/// shop's (<see cref="Shop.TimeZone"/>, an IANA name such as <c>Europe/Moscow</c>). This is the one place that turns
/// them into UTC and back. Cart times carry an offset (<c>Y-m-d H:i:sP</c>), which then wins.
/// </summary>
internal sealed class RetailCrmTime
{
    const string Format = "yyyy-MM-dd HH:mm:ss";
    readonly TimeZoneInfo zone;

    RetailCrmTime(TimeZoneInfo zone) => this.zone = zone;

    public static RetailCrmTime Of(Shop shop)
    {
        try
        {
            return new RetailCrmTime(TimeZoneInfo.FindSystemTimeZoneById(shop.TimeZone));
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            throw new PlatformApiException(Platforms.RetailCrm, null,
                $"shop '{shop.Id}' has time zone '{shop.TimeZone}', which this machine does not know; RetailCRM times are read in it (set an IANA name such as Europe/Moscow)",
                transient: false, e);
        }
    }

    /// <summary>A RetailCRM time as UTC; null when the text is not one.</summary>
    public DateTimeOffset? Parse(string text)
    {
        text = text.Trim();
        if (DateTime.TryParseExact(text, Format, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
        {
            return new DateTimeOffset(local, zone.GetUtcOffset(local)).ToUniversalTime();
        }
        return DateTimeOffset.TryParseExact(text, [Format + "zzz", Format + " zzz", "yyyy-MM-dd'T'HH:mm:sszzz"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var withOffset)
            ? withOffset.ToUniversalTime()
            : null;
    }

    /// <summary>A moment written as RetailCRM's filters expect it (<c>filter[startDate]</c>).</summary>
    public string Write(DateTimeOffset time) => TimeZoneInfo.ConvertTime(time, zone).ToString(Format, CultureInfo.InvariantCulture);
}
