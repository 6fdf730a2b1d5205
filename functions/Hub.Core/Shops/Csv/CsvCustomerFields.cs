using Hub.Customers;

namespace Hub.Shops.Csv;

/// <summary>The person a row describes: in a customers file the whole row, in an orders file the buyer.</summary>
internal static class CsvCustomerFields
{
    public static CustomerRecord Read(CsvRowView row, TimeZoneInfo zone) => new()
    {
        Source = Platforms.Csv,
        ExternalId = row.Text(CsvField.CustomerId),
        FirstName = row.Text(CsvField.FirstName),
        LastName = row.Text(CsvField.LastName),
        MiddleName = row.Text(CsvField.MiddleName),
        Emails = row.Contacts(CsvField.Email),
        Phones = row.Contacts(CsvField.Phone),
        City = row.Text(CsvField.City),
        TimeZone = row.TimeZone(CsvField.TimeZone),
        Birthday = row.Date(CsvField.Birthday),
        Gender = row.Gender(CsvField.Gender),
        // Excel and 1C exports separate tags with commas or semicolons (the file's own delimiter is taken already).
        Tags = row.Text(CsvField.Tags)?.Split([',', ';', '|'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [],
        CreatedAt = row.Moment(CsvField.CreatedAt, zone),
        UpdatedAt = null,
    };

    /// <summary>Whether the record has something to find the person by: an ID, or an email or phone that is not a placeholder.</summary>
    public static bool IsIdentified(CustomerRecord customer) =>
        customer.ExternalId is not null
        || customer.Emails.Any(CsvValues.LooksLikeEmail)
        || customer.Phones.Any(CsvValues.LooksLikePhone);
}
