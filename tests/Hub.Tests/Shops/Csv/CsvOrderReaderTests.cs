using System.Text;
using Hub.Customers;
using Hub.Shops.Csv;

namespace Hub.Tests.Shops.Csv;

public sealed class CsvOrderReaderTests : IDisposable
{
    private readonly CsvTempFolder folder = new();
    private readonly CsvOrderReader reader = new(CsvImportContexts.Moscow());

    public void Dispose() => folder.Dispose();

    private async Task<List<CsvRow<OrderRecord>>> ReadAsync(CsvImportFile file) =>
        await reader.ReadAsync(file, TestContext.Current.CancellationToken).ToListAsync(TestContext.Current.CancellationToken);

    [Fact]
    public async Task Lines_of_one_order_are_grouped_even_when_not_adjacent()
    {
        var file = CsvOrderReader.Open(folder.Fixture("orders-utf8.csv"));

        var orders = (await ReadAsync(file)).Select(r => r.Record!).ToList();

        Assert.Equal(["1001", "1002"], orders.Select(o => o.ExternalId));
        var first = orders[0];
        Assert.Equal("1001", first.Number);
        Assert.Equal(["SKU-1", "SKU-3"], first.Items.Select(i => i.Sku));
        Assert.Equal(new LineItem(null, "SKU-1", "Крем для рук", "Natura", "Уход", 2m, 349.90m), first.Items[0]);
        Assert.Equal(1050.50m, first.Items[1].Price);
        Assert.Equal(1750.30m, first.Total);
        Assert.Equal("RUB", first.Currency);
        Assert.Equal("Выполнен", first.Status);
        Assert.False(first.Cancelled);
        Assert.Equal(["ivan.petrov@mail.ru"], first.Customer.Emails);
        Assert.Equal("Иван", first.Customer.FirstName);
        Assert.Equal("csv", first.Customer.Source);

        Assert.True(orders[1].Cancelled);
        Assert.Equal(1299.00m, orders[1].Total);
    }

    [Fact]
    public async Task Order_dates_without_offset_are_moscow_time_converted_to_utc()
    {
        var file = CsvOrderReader.Open(folder.Fixture("orders-utf8.csv"));

        var orders = (await ReadAsync(file)).Select(r => r.Record!).ToList();

        Assert.Equal(new DateTimeOffset(2024, 3, 1, 7, 30, 0, TimeSpan.Zero), orders[0].CreatedAt);
        Assert.Equal(orders[0].CreatedAt, orders[0].UpdatedAt);
        Assert.Equal(TimeSpan.Zero, orders[0].CreatedAt.Offset);
        Assert.Equal(new DateTimeOffset(2024, 3, 2, 20, 15, 0, TimeSpan.Zero), orders[1].CreatedAt);
    }

    [Fact]
    public async Task Windows_1251_export_with_decimal_commas_and_broken_rows_imports_the_rest_and_writes_rejects()
    {
        var path = folder.Write("orders.csv",
            "Номер заказа;Дата;Статус;Сумма;Валюта;E-mail;Телефон;Фамилия;Имя;Артикул;Товар;Количество;Цена\r\n" +
            "A-1;15.01.2024;Доставлен;1 234,50;руб.;olga@mail.ru;;Смирнова;Ольга;X1;Платье;1;1 234,50\r\n" +
            "A-2;32.01.2024;Новый;500;RUB;petr@mail.ru;;Петров;Пётр;X2;Футболка;1;500\r\n" +
            "A-3;16.01.2024 12:00;Новый;;;;+7 999 000-11-22;Кузнецов;Антон;X3;Носки;3;99,90\r\n" +
            "A-3;16.01.2024 12:00;Новый;;;;+7 999 000-11-22;Кузнецов;Антон;X4;Шарф;1;abc\r\n",
            CsvTempFolder.Windows1251);

        var file = CsvOrderReader.Open(path);
        var rows = await ReadAsync(file);

        Assert.Equal(1251, file.Encoding.CodePage);
        Assert.Equal(';', file.Delimiter);
        var orders = rows.Where(r => r.IsRecord).Select(r => r.Record!).ToList();
        Assert.Equal(["A-1", "A-3"], orders.Select(o => o.ExternalId));
        Assert.Equal((1234.50m, "RUB"), (orders[0].Total, orders[0].Currency));
        Assert.Equal(new DateTimeOffset(2024, 1, 14, 21, 0, 0, TimeSpan.Zero), orders[0].CreatedAt);
        Assert.Equal(("Ольга", "Смирнова"), (orders[0].Customer.FirstName, orders[0].Customer.LastName));
        Assert.Equal(["X3"], orders[1].Items.Select(i => i.Sku));
        Assert.Equal(299.70m, orders[1].Total);
        Assert.Equal(["+7 999 000-11-22"], orders[1].Customer.Phones);

        var rejects = rows.Where(r => !r.IsRecord).Select(r => r.Reject!).ToList();
        Assert.Equal(
        [
            "line 3: Дата '32.01.2024' is not a date (expected dd.MM.yyyy [HH:mm[:ss]] or yyyy-MM-dd[THH:mm[:ss][+03:00]])",
            "line 5: Цена 'abc' is not a number (expected e.g. 1 234,50 or 1234.50)",
            "line 3: order 'A-2' is not imported: none of its lines could be read (lines 3)",
        ], rejects.Select(r => r.ToString()));

        await using (var writer = new CsvRejectsWriter(file))
        {
            foreach (var reject in rejects)
            {
                await writer.WriteAsync(reject, TestContext.Current.CancellationToken);
            }
        }
        var written = await File.ReadAllBytesAsync(Path.Combine(Path.GetDirectoryName(path)!, "orders.csv.rejects.csv"), TestContext.Current.CancellationToken);
        Assert.Equal(Encoding.UTF8.GetPreamble(), written[..3]);
        var lines = Encoding.UTF8.GetString(written[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("line;reason;Номер заказа;Дата;Статус;Сумма;Валюта;E-mail;Телефон;Фамилия;Имя;Артикул;Товар;Количество;Цена", lines[0]);
        Assert.Equal("3;Дата '32.01.2024' is not a date (expected dd.MM.yyyy [HH:mm[:ss]] or yyyy-MM-dd[THH:mm[:ss][+03:00]]);" +
            "A-2;32.01.2024;Новый;500;RUB;petr@mail.ru;;Петров;Пётр;X2;Футболка;1;500", lines[1]);
        Assert.Equal(4, lines.Length);
    }

    [Fact]
    public async Task An_order_without_a_buyer_on_any_line_is_rejected_with_each_of_its_rows()
    {
        var path = folder.Write("guest.csv",
            "order_id,order_date,email,sku,quantity,price\n" +
            "G-1,2024-05-01T12:00:00+03:00,,S1,1,10.5\n" +
            "G-2,2024-05-01T12:00:00Z,buyer@example.com,S2,2,1.25\n" +
            "G-1,2024-05-01T12:00:00+03:00,-,S3,1,1\n",
            new UTF8Encoding(false));

        var rows = await ReadAsync(CsvOrderReader.Open(path));

        var order = Assert.Single(rows, r => r.IsRecord).Record!;
        Assert.Equal(("G-2", 2.50m, new DateTimeOffset(2024, 5, 1, 12, 0, 0, TimeSpan.Zero)), (order.ExternalId, order.Total, order.CreatedAt));
        Assert.Equal(
            ["line 2: order 'G-1' has no buyer: no email on any of its lines", "line 4: order 'G-1' has no buyer: no email on any of its lines"],
            rows.Where(r => !r.IsRecord).Select(r => r.Reject!.ToString()));
    }

    [Fact]
    public void A_file_without_an_order_id_column_is_refused_naming_it()
    {
        var path = folder.Write("no-id.csv", "Дата;E-mail;Сумма\r\n01.03.2024;a@b.ru;100\r\n", new UTF8Encoding(false));

        var error = Assert.Throws<CsvFormatException>(() => CsvOrderReader.Open(path));

        Assert.Equal("no order_id column (expected one of: Номер заказа, order_id, ID заказа)", error.Message);
    }
}
