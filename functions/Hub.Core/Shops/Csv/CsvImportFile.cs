using System.Text;

namespace Hub.Shops.Csv;

/// <summary>What was learnt about a CSV file when it was opened: its encoding, delimiter and header.</summary>
/// <param name="Headers">The header names as written in the file (trimmed).</param>
/// <param name="IgnoredColumns">Header names that map to no field; the CLI prints them as "ignored columns: …".</param>
public sealed record CsvImportFile(
    string Path,
    Encoding Encoding,
    char Delimiter,
    IReadOnlyList<string> Headers,
    IReadOnlyList<string> IgnoredColumns);
