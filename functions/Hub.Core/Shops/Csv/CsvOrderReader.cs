using System.Runtime.CompilerServices;
using Hub.Customers;

namespace Hub.Shops.Csv;

/// <summary>
/// Reads an orders file (<c>hub import orders FILE</c>) with one row per order line, grouped by order id;
/// the rows of one order need not be adjacent. A row that cannot be read is rejected on its own (its order
/// keeps its other lines) and comes out as soon as it is read; the orders come out, in the order first seen,
/// at the end of the file. An orders file is therefore held in memory, one small draft per order: fine up to
/// millions of lines.
/// </summary>
public sealed class CsvOrderReader(CsvImportContext context)
{
    internal static readonly CsvField[] BuyerFields = [CsvField.Email, CsvField.Phone, CsvField.CustomerId];

    /// <summary>Detects the encoding and delimiter and maps the header.</summary>
    /// <exception cref="CsvFormatException">The file is empty or has no order id, order date or buyer column.</exception>
    public static CsvImportFile Open(string path)
    {
        var (file, columns) = CsvSource.Open(path, CsvFileKind.Orders);
        columns.Require("order_id", CsvField.OrderId);
        columns.Require("order_date", CsvField.OrderDate);
        columns.Require("buyer (email, phone or customer_external_id)", BuyerFields);
        return file;
    }

    public async IAsyncEnumerable<CsvRow<OrderRecord>> ReadAsync(
        CsvImportFile file, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var columns = CsvColumnMap.For(CsvFileKind.Orders, file.Headers);
        var drafts = new Dictionary<string, CsvOrderDraft>(StringComparer.Ordinal);
        var firstSeen = new List<CsvOrderDraft>();

        await foreach (var row in CsvSource.ReadAsync(file, cancellationToken))
        {
            var view = new CsvRowView(columns, row.Fields);
            var orderId = view.Text(CsvField.OrderId);
            if (orderId is null)
            {
                yield return Reject(row, row.Problem ?? $"{columns.NameOf(CsvField.OrderId)} is empty");
                continue;
            }
            if (!drafts.TryGetValue(orderId, out var draft))
            {
                drafts[orderId] = draft = new CsvOrderDraft(orderId);
                firstSeen.Add(draft);
            }

            string? problem = row.Problem;
            CsvOrderLine? line = null;
            if (problem is null)
            {
                try
                {
                    line = CsvOrderLine.Read(row.Line, orderId, view, context.TimeZone);
                }
                catch (CsvRowException e)
                {
                    problem = e.Message;
                }
            }
            if (line is null)
            {
                draft.AddRejected(row.Line);
                yield return Reject(row, problem!);
                continue;
            }
            draft.Add(line, row);
        }

        foreach (var result in firstSeen.SelectMany(d => d.Finish(columns, context.Currency)))
        {
            yield return result;
        }
    }

    private static CsvRow<OrderRecord> Reject(CsvSourceRow row, string reason) =>
        CsvRow<OrderRecord>.Rejected(new CsvReject(row.Line, reason, row.Fields));
}
