using Hub.Customers;

namespace Hub.Shops.Csv;

/// <summary>What one line of an orders file says: about its order (the first line that says it wins) and one item.</summary>
internal sealed record CsvOrderLine(
    int Line,
    string OrderId,
    string? Number,
    string? Status,
    string? Currency,
    decimal? Total,
    DateTimeOffset? Date,
    CustomerRecord Buyer,
    LineItem? Item)
{
    /// <exception cref="CsvRowException">A value cannot be read.</exception>
    public static CsvOrderLine Read(int line, string orderId, CsvRowView row, TimeZoneInfo zone)
    {
        var quantity = row.Decimal(CsvField.Quantity);
        var price = row.Decimal(CsvField.Price);
        var sku = row.Text(CsvField.Sku);
        var productId = row.Text(CsvField.ProductId);
        var name = row.Text(CsvField.ProductName);
        var item = quantity is null && price is null && sku is null && productId is null && name is null
            ? null // a line that only describes the order (1C puts one above its items)
            : new LineItem(productId, sku, name, row.Text(CsvField.Brand), row.Text(CsvField.Category), quantity ?? 1, price ?? 0);

        return new CsvOrderLine(
            line,
            orderId,
            row.Text(CsvField.OrderNumber),
            row.Text(CsvField.Status),
            row.Text(CsvField.Currency) is { } currency ? CsvValues.CurrencyOf(currency) : null,
            row.Decimal(CsvField.Total),
            row.Moment(CsvField.OrderDate, zone),
            CsvCustomerFields.Read(row, zone),
            item);
    }
}
