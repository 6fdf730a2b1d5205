using Hub.Customers;

namespace Hub.Shops.Csv;

/// <summary>
/// An order being gathered from its lines, which need not be adjacent. Order-level values come from the first
/// line that has them. The raw rows are held only while the order still lacks a date or a buyer, so that an
/// order rejected for that can put all its rows in the rejects file.
/// </summary>
internal sealed class CsvOrderDraft(string id)
{
    private readonly List<int> lines = [];
    private readonly List<LineItem> items = [];
    private List<CsvSourceRow>? pending = [];
    private int readLines;
    private string? number;
    private string? status;
    private string? currency;
    private decimal? total;
    private DateTimeOffset? date;
    private CustomerRecord? buyer;

    public string Id => id;

    public void Add(CsvOrderLine line, CsvSourceRow row)
    {
        lines.Add(line.Line);
        readLines++;
        number ??= line.Number;
        status ??= line.Status;
        currency ??= line.Currency;
        total ??= line.Total;
        date ??= line.Date;
        if (buyer is null && CsvCustomerFields.IsIdentified(line.Buyer))
        {
            buyer = line.Buyer;
        }
        if (line.Item is not null)
        {
            items.Add(line.Item);
        }

        pending?.Add(row);
        if (date is not null && buyer is not null)
        {
            pending = null;
        }
    }

    /// <summary>Notes a line of this order that was rejected on its own.</summary>
    public void AddRejected(int line) => lines.Add(line);

    public IEnumerable<CsvRow<OrderRecord>> Finish(CsvColumnMap columns, string defaultCurrency)
    {
        if (readLines == 0)
        {
            yield return CsvRow<OrderRecord>.Rejected(new CsvReject(lines[0],
                $"order '{id}' is not imported: none of its lines could be read (lines {string.Join(", ", lines)})", []));
            yield break;
        }

        var problem = date is null ? $"order '{id}' has no {columns.NameOf(CsvField.OrderDate)} on any of its lines"
            : buyer is null ? $"order '{id}' has no buyer: no {columns.NamesOf(CsvOrderReader.BuyerFields)} on any of its lines"
            : null;
        if (problem is not null)
        {
            foreach (var row in pending!)
            {
                yield return CsvRow<OrderRecord>.Rejected(new CsvReject(row.Line, problem, row.Fields));
            }
            yield break;
        }

        yield return CsvRow<OrderRecord>.Read(lines[0], new OrderRecord
        {
            Source = Platforms.Csv,
            ExternalId = id,
            Number = number ?? id,
            Status = status,
            Cancelled = CsvValues.IsCancelled(status),
            Currency = currency ?? defaultCurrency,
            Total = total ?? items.Sum(i => i.Quantity * i.Price),
            CreatedAt = date!.Value,
            UpdatedAt = date.Value,
            Customer = buyer!,
            Items = items,
        });
    }
}
