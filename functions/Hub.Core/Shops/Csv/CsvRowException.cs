namespace Hub.Shops.Csv;

/// <summary>A value of one row cannot be read; the row becomes a reject with this message as its reason.</summary>
internal sealed class CsvRowException(string reason) : Exception(reason);
