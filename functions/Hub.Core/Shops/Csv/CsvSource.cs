using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using CsvHelper;

namespace Hub.Shops.Csv;

/// <summary>One data row as parsed: its first physical line, its raw fields, and why it cannot be read, if so.</summary>
internal sealed record CsvSourceRow(int Line, IReadOnlyList<string> Fields, string? Problem);

/// <summary>
/// Opens an import file (encoding, delimiter, header) and streams its rows with CsvHelper. Malformed quoting
/// and wrong field counts do not stop the reading: the row comes back with a <see cref="CsvSourceRow.Problem"/>.
/// </summary>
internal static class CsvSource
{
    public static (CsvImportFile File, CsvColumnMap Columns) Open(string path, CsvFileKind kind)
    {
        if (new FileInfo(path).Length == 0)
        {
            throw new CsvFormatException("the file is empty: no header line");
        }
        var encoding = CsvEncodingDetector.Detect(path);
        char delimiter;
        using (var text = OpenText(path, encoding))
        {
            delimiter = CsvDelimiterDetector.Detect(text);
        }

        using var reader = CreateReader(path, encoding, delimiter, onMalformed: null);
        reader.ReadHeader();
        var headers = reader.Headers.Select(h => h.Trim().TrimStart('\uFEFF')).ToList();
        if (headers.All(h => h.Length == 0))
        {
            throw new CsvFormatException("the file has no header line");
        }
        var columns = CsvColumnMap.For(kind, headers);
        return (new CsvImportFile(path, encoding, delimiter, headers, columns.Ignored), columns);
    }

    public static async IAsyncEnumerable<CsvSourceRow> ReadAsync(
        CsvImportFile file, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        // Reported by the line the record starts on, which CsvHelper tracks for both the callback and the reader.
        var malformed = new Dictionary<long, string>();
        await using var reader = CreateReader(file.Path, file.Encoding, file.Delimiter, m =>
        {
            if (Describe(m.Reason) is { } problem)
            {
                malformed.TryAdd(m.LineNumber, problem);
            }
        });
        await reader.ReadHeaderAsync(cancellationToken);
        if (!reader.Headers.Select(h => h.Trim().TrimStart('\uFEFF')).SequenceEqual(file.Headers))
        {
            throw new CsvFormatException("the header line changed since the file was opened");
        }

        while (await reader.ReadAsync(cancellationToken))
        {
            var fields = reader.Current.ToArray();
            malformed.Remove(reader.LineNumber, out var problem);
            if (problem is null && fields.All(string.IsNullOrWhiteSpace))
            {
                continue; // an empty row, as Excel leaves below a table (;;;;)
            }
            if (problem is null && fields.Length != file.Headers.Count)
            {
                problem = $"has {fields.Length} fields, the header has {file.Headers.Count} (a missing or extra '{Show(file.Delimiter)}'?)";
            }
            yield return new CsvSourceRow((int)reader.LineNumber, fields, problem);
        }
    }

    private static CsvReader CreateReader(string path, Encoding encoding, char delimiter, Action<CsvMalformedRecord>? onMalformed) =>
        CsvReader.Create(OpenText(path, encoding), new CsvReaderOptions
        {
            Separator = delimiter,
            HasHeader = true,
            Mode = CsvMode.Rfc4180,
            FormatProvider = CultureInfo.InvariantCulture,
            TrackLineNumbers = true,
            SkipEmptyLines = true,
            DetectSeparatorHint = false,
            MalformedData = CsvMalformedDataHandling.Recover,
            FieldCountMismatch = CsvFieldCountHandling.Allow,
            MissingField = CsvMissingFieldHandling.ReturnEmpty,
            IncludeValuesInExceptions = false,
            OnMalformedRecord = onMalformed,
        }, leaveOpen: false);

    /// <summary>A reader that skips the byte order mark of <paramref name="encoding"/> and detects no other.</summary>
    private static StreamReader OpenText(string path, Encoding encoding) =>
        new(path, encoding, detectEncodingFromByteOrderMarks: false);

    /// <summary>Why a malformed record is rejected, or null when CsvHelper's recovery is unambiguous (a stray quote in <c>27" monitor</c>).</summary>
    private static string? Describe(CsvMalformedReason reason) => reason switch
    {
        CsvMalformedReason.StrayQuote => null,
        CsvMalformedReason.TextAfterClosingQuote => "bad quoting: text after the closing quote of a field",
        CsvMalformedReason.UnterminatedQuote => "bad quoting: a quote is never closed, so the rest of the file was read as one field",
        CsvMalformedReason.LineBreakInQuotes => "bad quoting: a line break inside a quoted field",
        _ => $"bad quoting ({reason})",
    };

    private static string Show(char delimiter) => delimiter == '\t' ? "tab" : delimiter.ToString();
}
