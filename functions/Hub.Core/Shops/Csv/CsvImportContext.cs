namespace Hub.Shops.Csv;

/// <summary>What a CSV import needs to know besides the file.</summary>
/// <param name="TimeZone">Dates written without an offset are in this zone (the shop's) and are converted to UTC.</param>
/// <param name="Currency">The currency of orders whose file has no currency column or leaves it empty.</param>
/// <param name="Now">The import time: the time of the consents the file gives.</param>
public sealed record CsvImportContext(TimeZoneInfo TimeZone, string Currency, DateTimeOffset Now)
{
    public static CsvImportContext For(Shop shop, TimeProvider clock) =>
        new(TimeZoneInfo.FindSystemTimeZoneById(shop.TimeZone), shop.Currency, clock.GetUtcNow());
}
