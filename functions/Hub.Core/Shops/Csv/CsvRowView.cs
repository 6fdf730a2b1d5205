using Hub.Customers;

namespace Hub.Shops.Csv;

/// <summary>
/// The fields of one row by what they hold. Readers throw <see cref="CsvRowException"/> naming the file's
/// column and, for dates and numbers only, the offending value.
/// </summary>
internal sealed class CsvRowView(CsvColumnMap map, IReadOnlyList<string> fields)
{
    /// <summary>The first non-empty value of the field's columns, trimmed; null when there is none.</summary>
    public string? Text(CsvField field)
    {
        foreach (var index in map.IndexesOf(field))
        {
            var value = index < fields.Count ? fields[index].Trim() : "";
            if (value.Length > 0)
            {
                return value;
            }
        }
        return null;
    }

    /// <summary>All contacts in all the field's columns, several per cell allowed, without repeats.</summary>
    public IReadOnlyList<string> Contacts(CsvField field) => map.IndexesOf(field)
        .Where(i => i < fields.Count)
        .SelectMany(i => CsvValues.Contacts(fields[i]))
        .Distinct(StringComparer.OrdinalIgnoreCase)
        .ToList();

    public decimal? Decimal(CsvField field) => Text(field) is { } text
        ? CsvValues.TryDecimal(text, out var value)
            ? value
            : throw new CsvRowException($"{map.NameOf(field)} '{text}' is not a number (expected e.g. 1 234,50 or 1234.50)")
        : null;

    public DateOnly? Date(CsvField field) => Text(field) is { } text
        ? CsvValues.TryDate(text, out var value)
            ? value
            : throw new CsvRowException($"{map.NameOf(field)} '{text}' is not a date (expected {CsvValues.DateFormats})")
        : null;

    public DateTimeOffset? Moment(CsvField field, TimeZoneInfo zone) => Text(field) is { } text
        ? CsvValues.TryMoment(text, zone, out var value)
            ? value
            : throw new CsvRowException($"{map.NameOf(field)} '{text}' is not a date (expected {CsvValues.MomentFormats})")
        : null;

    /// <summary>An IANA time zone id in its canonical spelling (<c>europe/moscow</c> is <c>Europe/Moscow</c>).</summary>
    public string? TimeZone(CsvField field) => Text(field) is { } text
        ? IanaTimeZone.TryFind(text, out var zone)
            ? zone.Id
            : throw new CsvRowException($"{map.NameOf(field)} '{text}' is not an IANA time zone ({IanaTimeZone.Examples})")
        : null;

    public Gender? Gender(CsvField field) => Text(field) is { } text ? CsvValues.GenderOf(text) : null;

    public ConsentState? Consent(CsvField field) => Text(field) is { } text ? CsvValues.ConsentOf(text) : null;
}
