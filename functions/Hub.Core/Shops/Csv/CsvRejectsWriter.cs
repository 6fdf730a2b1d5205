using CsvHelper;

namespace Hub.Shops.Csv;

/// <summary>
/// Writes the rejects of an import to <c>FILE.rejects.csv</c> next to the input: UTF-8 with a byte order mark
/// (so Excel opens it right), the input's delimiter, columns <c>line</c>, <c>reason</c>, then the row's raw
/// fields under the input's own headers. The file is created on the first reject; when the import has none,
/// disposing deletes a stale rejects file from an earlier run.
/// </summary>
public sealed class CsvRejectsWriter(CsvImportFile file) : IAsyncDisposable
{
    private CsvWriter? writer;

    /// <summary>Where the rejects of <paramref name="inputPath"/> go: <c>orders.csv</c> → <c>orders.csv.rejects.csv</c>.</summary>
    public static string PathFor(string inputPath) => inputPath + ".rejects.csv";

    public string Path { get; } = PathFor(file.Path);

    public int Count { get; private set; }

    public async ValueTask WriteAsync(CsvReject reject, CancellationToken cancellationToken = default)
    {
        writer ??= await CreateAsync(cancellationToken);
        writer.WriteField(reject.Line.ToString(System.Globalization.CultureInfo.InvariantCulture));
        writer.WriteField(reject.Reason);
        foreach (var field in reject.Fields)
        {
            writer.WriteField(field);
        }
        await writer.EndRecordAsync(cancellationToken);
        Count++;
    }

    public async ValueTask DisposeAsync()
    {
        if (writer is not null)
        {
            await writer.DisposeAsync();
            writer = null;
        }
        else if (Count == 0 && File.Exists(Path))
        {
            File.Delete(Path);
        }
    }

    private async ValueTask<CsvWriter> CreateAsync(CancellationToken cancellationToken)
    {
        var created = CsvWriter.ToFile(Path, new CsvWriterOptions
        {
            Separator = file.Delimiter,
            WriteByteOrderMark = true,
            ValidateFieldCount = false, // a broken row keeps the number of fields it had
            FormatProvider = System.Globalization.CultureInfo.InvariantCulture,
        });
        created.WriteField("line");
        created.WriteField("reason");
        foreach (var header in file.Headers)
        {
            created.WriteField(header);
        }
        await created.EndRecordAsync(cancellationToken);
        return created;
    }
}
