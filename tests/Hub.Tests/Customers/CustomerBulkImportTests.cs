using Hub.Customers;
using Hub.Shops;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Hub.Tests.Customers;

public sealed class CustomerBulkImportTests(AzuriteFixture storage)
{
    readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 11, 1, 9, 0, 0, TimeSpan.Zero));

    static Shop NewShop() => new() { Id = AzuriteFixture.NewShopId("bulk"), Platform = Platforms.Csv };

    CustomerIngestion Ingestion() => new(storage.Clients, time, NullLogger<CustomerIngestion>.Instance);

    CustomerBulkImport Import() => new(storage.Clients, Ingestion(), time);

    static CustomerRecord Row(string? id, string? email = null, string? phone = null, string? first = null, string? last = null) => new()
    {
        Source = Platforms.Csv,
        ExternalId = id,
        FirstName = first,
        LastName = last,
        Emails = email is null ? [] : [email],
        Phones = phone is null ? [] : [phone],
    };

    static async IAsyncEnumerable<CustomerRecord> Stream(IEnumerable<CustomerRecord> rows)
    {
        foreach (var row in rows)
        {
            yield return row;
        }
        await Task.CompletedTask;
    }

    async Task<List<Customer>> CustomersOf(Shop shop)
    {
        var list = new List<Customer>();
        await foreach (var c in Ingestion().Store.ScanAsync(shop.Id))
        {
            list.Add(c);
        }
        return list;
    }

    static readonly CustomerRecord[] Sample =
    [
        Row("1", "anna@mail.ru", "8 (999) 555-11-11", "Анна", "Иванова"),
        Row("2", "boris@mail.ru", "+7 912 000 22 33", "Борис", "Петров"),
        Row("3", "ANNA.second@mail.ru", "+7 999 555 11 11", "Анна", "Сидорова"), // Анна again, by phone
        Row("4", "vera@mail.ru", "not a phone", "Вера", null),
        Row(null, "boris@MAIL.ru", null, null, "Петров-Водкин"), // Борис again, by email
        Row("6", "gleb@mail.ru", "89161234567", "Глеб", "Орлов"),
    ];

    [Fact]
    public async Task Same_phone_written_differently_in_two_rows_is_one_customer()
    {
        var shop = NewShop();

        var result = await Import().ImportAsync(shop, Stream([Row("1", phone: "8 (999) 555-11-11", first: "Анна"), Row("2", phone: "+7 999 555 11 11", last: "Иванова")]));

        Assert.Equal(new BulkImportResult(2, 1, 1), result);
        var customer = Assert.Single(await CustomersOf(shop));
        Assert.Equal(["+79995551111"], customer.Phones.Select(p => p.Value));
        Assert.Equal(("Анна", "Иванова"), (customer.FirstName, customer.LastName));
        Assert.Equal([customer.Id], await Ingestion().FindAsync(shop, Row(null, phone: "89995551111")));
        Assert.Equal([customer.Id], await Ingestion().FindAsync(shop, Row("1")));
        Assert.Equal([customer.Id], await Ingestion().FindAsync(shop, Row("2")));
    }

    [Fact]
    public async Task Counts_are_right_and_a_reimport_creates_nobody_and_reports_every_row_as_merged()
    {
        var shop = NewShop();
        var progress = new List<int>();

        var first = await Import().ImportAsync(shop, Stream(Sample), new SynchronousProgress(progress.Add));
        var afterFirst = await CustomersOf(shop);
        time.Advance(TimeSpan.FromHours(1));
        var second = await Import().ImportAsync(shop, Stream(Sample));
        var afterSecond = await CustomersOf(shop);

        Assert.Equal(new BulkImportResult(6, 4, 2), first);
        Assert.Equal([6], progress);
        Assert.Equal(4, afterFirst.Count);
        Assert.Equal(new BulkImportResult(6, 0, 6), second);
        Assert.Equal(afterFirst.Select(c => c.Id).Order(), afterSecond.Select(c => c.Id).Order());
        // Nothing changed, so nothing was rewritten.
        Assert.Equal(afterFirst.Select(c => (c.Id, c.UpdatedAt)).OrderBy(p => p.Id), afterSecond.Select(c => (c.Id, c.UpdatedAt)).OrderBy(p => p.Id));
    }

    [Fact]
    public async Task A_row_linking_two_existing_customers_leaves_one_customer()
    {
        var shop = NewShop();
        var ingestion = Ingestion();
        var byEmail = await ingestion.UpsertCustomerAsync(shop, Row("10", email: "olga@mail.ru", first: "Ольга"), ApplyMode.Profile);
        time.Advance(TimeSpan.FromMinutes(1));
        var byPhone = await ingestion.UpsertCustomerAsync(shop, Row("11", phone: "+79001234567", last: "Смирнова"), ApplyMode.Profile);
        Assert.NotEqual(byEmail.CustomerId, byPhone.CustomerId);

        var result = await Import().ImportAsync(shop, Stream(
        [
            Row("12", email: "other@mail.ru", first: "Ира"),
            Row(null, email: "OLGA@mail.ru", phone: "8 900 123-45-67"), // links both
            Row(null, phone: "89001234567", first: "Оля"), // after the link: lands on the survivor
        ]));

        Assert.Equal(new BulkImportResult(3, 1, 2), result);
        var customers = await CustomersOf(shop);
        Assert.Equal(2, customers.Count);
        var survivor = Assert.Single(customers, c => c.Id == byEmail.CustomerId);
        Assert.Equal(["olga@mail.ru"], survivor.Emails.Select(e => e.Value));
        Assert.Equal(["+79001234567"], survivor.Phones.Select(p => p.Value));
        Assert.Equal(("Оля", "Смирнова"), (survivor.FirstName, survivor.LastName));
        Assert.Equal([survivor.Id], await ingestion.FindAsync(shop, Row("11")));
        Assert.Equal([survivor.Id], await ingestion.FindAsync(shop, Row(null, phone: "+79001234567")));
    }

    [Fact]
    public async Task Result_equals_what_the_per_record_path_produces()
    {
        var bulkShop = NewShop();
        var carefulShop = NewShop();
        var ingestion = Ingestion();
        CustomerRecord[] rows =
        [
            .. Sample,
            Row("7", "anna@mail.ru", "+7 912 000 22 33"), // links Анна and Борис: deferred to the careful path
            Row("8", "gleb@mail.ru", null, "Глеб", "Новиков"),
            Row("9", null, "8 (916) 123-45-67", null, null),
        ];

        var result = await Import().ImportAsync(bulkShop, Stream(rows));
        foreach (var row in rows)
        {
            await ingestion.UpsertCustomerAsync(carefulShop, row, ApplyMode.Profile);
            time.Advance(TimeSpan.FromMilliseconds(1));
        }

        Assert.Equal(9, result.Read);
        static IEnumerable<string> Shape(IEnumerable<Customer> customers) => customers
            .Select(c => string.Join(";", c.FirstName, c.LastName, string.Join(",", c.Emails.Select(e => $"{e.Value}:{e.Valid}")),
                string.Join(",", c.Phones.Select(p => $"{p.Value}:{p.Valid}")), string.Join(",", c.ExternalIds.OrderBy(p => p.Key).Select(p => $"{p.Key}={p.Value}"))))
            .Order(StringComparer.Ordinal);
        var bulk = Shape(await CustomersOf(bulkShop)).ToArray();
        var careful = Shape(await CustomersOf(carefulShop)).ToArray();
        Assert.Equal(3, bulk.Length);
        Assert.Equal(careful, bulk);
    }

    sealed class SynchronousProgress(Action<int> report) : IProgress<int>
    {
        public void Report(int value) => report(value);
    }
}
