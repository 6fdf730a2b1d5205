namespace Hub.Shops.Csv;

/// <summary>
/// The file as a whole cannot be imported: it is empty, or its header lacks a column the import needs.
/// The message names the header or encoding problem; it never contains personal data.
/// </summary>
public sealed class CsvFormatException(string message) : Exception(message);
