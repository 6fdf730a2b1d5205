namespace Hub.Shops.Csv;

/// <summary>Which columns of a file hold which field; a field may come from several columns (two phone columns).</summary>
internal sealed class CsvColumnMap
{
    private readonly Dictionary<CsvField, List<int>> columns = [];

    private CsvColumnMap(CsvFileKind kind, IReadOnlyList<string> headers)
    {
        Kind = kind;
        Headers = headers;
        var known = CsvColumns.For(kind);
        var ignored = new List<string>();
        for (var i = 0; i < headers.Count; i++)
        {
            if (known.TryGetValue(CsvColumns.Key(headers[i]), out var field))
            {
                if (!columns.TryGetValue(field, out var indexes))
                {
                    columns[field] = indexes = [];
                }
                indexes.Add(i);
            }
            else if (headers[i].Length > 0)
            {
                ignored.Add(headers[i]);
            }
        }
        Ignored = ignored;
    }

    public CsvFileKind Kind { get; }
    public IReadOnlyList<string> Headers { get; }
    public IReadOnlyList<string> Ignored { get; }

    public static CsvColumnMap For(CsvFileKind kind, IReadOnlyList<string> headers) => new(kind, headers);

    public bool Has(CsvField field) => columns.ContainsKey(field);

    public IReadOnlyList<int> IndexesOf(CsvField field) => columns.TryGetValue(field, out var indexes) ? indexes : [];

    /// <summary>The file's own name of the column of <paramref name="field"/>, for messages; the canonical alias when absent.</summary>
    public string NameOf(CsvField field) => columns.TryGetValue(field, out var indexes)
        ? Headers[indexes[0]]
        : CsvColumns.AliasesOf(field, Kind).First();

    /// <summary>The file's names of those of <paramref name="fields"/> it has, as "E-mail, Телефон or ID клиента".</summary>
    public string NamesOf(IEnumerable<CsvField> fields)
    {
        var names = fields.Where(Has).Select(NameOf).ToList();
        return names.Count <= 1 ? string.Concat(names) : $"{string.Join(", ", names[..^1])} or {names[^1]}";
    }

    /// <summary>Throws when the file has none of <paramref name="anyOf"/>, naming what is missing and the headers expected.</summary>
    public void Require(string what, params CsvField[] anyOf)
    {
        if (!anyOf.Any(Has))
        {
            var expected = string.Join(", ", anyOf.SelectMany(f => CsvColumns.AliasesOf(f, Kind)));
            throw new CsvFormatException($"no {what} column (expected one of: {expected})");
        }
    }
}
