using Hub.Customers;
using Hub.Shops;
using PhoneNumbers;

namespace Hub.Messaging.Campaigns;

/// <summary>
/// The zone a recipient's messages are timed in: the customer's own time zone when known, else the zone of their first
/// valid phone when libphonenumber places that number in exactly one zone (<c>+375…</c> → Europe/Minsk; a Russian
/// mobile maps to every Russian zone and is not used, a Moscow landline <c>+7 495…</c> is Europe/Moscow), else the
/// shop's zone. Also says which of the three it used, for the plan and the CLI.
/// </summary>
public static class RecipientTimeZone
{
    public const string FromCustomer = "customer";
    public const string FromPhone = "phone";
    public const string FromShop = "shop";

    private static readonly PhoneNumberUtil Phones = PhoneNumberUtil.GetInstance();
    private static readonly PhoneNumberToTimeZonesMapper PhoneZones = PhoneNumberToTimeZonesMapper.GetInstance();

    /// <summary>
    /// libphonenumber names zones after CLDR's metazones, whose representative may lie in another country: Belarus gets
    /// Europe/Moscow, the Baltic states and Kaliningrad landlines Europe/Bucharest. The country's own zone reads right in
    /// the plan, and Kaliningrad, unlike Bucharest, keeps no summer time. Keyed by the number's region and the zone given.
    /// </summary>
    private static readonly Dictionary<(string Region, string Zone), string> CountryZones = new()
    {
        [("BY", "Europe/Moscow")] = "Europe/Minsk",
        [("RU", "Europe/Bucharest")] = "Europe/Kaliningrad",
        [("LV", "Europe/Bucharest")] = "Europe/Riga",
        [("LT", "Europe/Bucharest")] = "Europe/Vilnius",
        [("EE", "Europe/Bucharest")] = "Europe/Tallinn",
    };

    /// <returns>The zone and its basis: <see cref="FromCustomer"/>, <see cref="FromPhone"/> or <see cref="FromShop"/>.</returns>
    public static (TimeZoneInfo Zone, string Basis) For(Customer customer, Shop shop)
    {
        if (IanaTimeZone.TryFind(customer.TimeZone, out var own))
        {
            return (own, FromCustomer);
        }
        if (customer.Phones.FirstOrDefault(p => p.Valid) is { } phone && OfPhone(phone.Value) is { } byPhone)
        {
            return (byPhone, FromPhone);
        }
        return (TimeZoneInfo.FindSystemTimeZoneById(shop.TimeZone), FromShop);
    }

    /// <summary>The one zone a phone number (E.164, as customers keep valid phones) lies in; null when it spans several or none.</summary>
    public static TimeZoneInfo? OfPhone(string e164)
    {
        PhoneNumber number;
        try
        {
            number = Phones.Parse(e164, null);
        }
        catch (NumberParseException)
        {
            return null;
        }
        var zones = PhoneZones.GetTimeZonesForNumber(number);
        if (zones.Count != 1 || zones[0] == PhoneZones.GetUnknownTimeZone())
        {
            return null;
        }
        var region = Phones.GetRegionCodeForNumber(number) ?? "";
        var id = CountryZones.GetValueOrDefault((region, zones[0]), zones[0]);
        return IanaTimeZone.TryFind(id, out var zone) ? zone : null;
    }
}
