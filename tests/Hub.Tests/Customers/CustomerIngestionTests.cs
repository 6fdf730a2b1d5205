using Hub.Customers;
using Hub.Shops;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Hub.Tests.Customers;

public sealed class CustomerIngestionTests(AzuriteFixture storage)
{
    readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 11, 1, 9, 0, 0, TimeSpan.Zero));
    readonly Shop shop = new() { Id = AzuriteFixture.NewShopId("ing"), Platform = Platforms.Shopify };

    CustomerIngestion Ingestion() => new(storage.Clients, time, NullLogger<CustomerIngestion>.Instance);

    static CustomerRecord Person(string? id = null, string[]? emails = null, string[]? phones = null, string? first = null, DateTimeOffset? updated = null) => new()
    {
        Source = Platforms.Shopify,
        ExternalId = id,
        FirstName = first,
        Emails = emails ?? [],
        Phones = phones ?? [],
        UpdatedAt = updated,
    };

    [Fact]
    public async Task Phone_written_five_ways_is_one_customer()
    {
        var ingestion = Ingestion();
        string[] variants = ["8 (999) 555-11-11", "+7 999 555 11 11", "89995551111", "9995551111", "7-999-555-11-11"];
        var ids = new List<string?>();
        foreach (var phone in variants)
        {
            ids.Add((await ingestion.UpsertCustomerAsync(shop, Person(phones: [phone]) with { Source = Platforms.Csv }, ApplyMode.Profile)).CustomerId);
        }

        Assert.Single(ids.Distinct());
        var customer = (await ingestion.Store.GetAsync(shop.Id, ids[0]!))!.Customer;
        Assert.Equal(["+79995551111"], customer.Phones.Select(p => p.Value));
    }

    [Fact]
    public async Task Invalid_contact_is_kept_flagged_and_links_nobody()
    {
        var ingestion = Ingestion();
        var first = await ingestion.UpsertCustomerAsync(shop, Person(id: "1", emails: ["not-an-email"]), ApplyMode.Profile);
        var second = await ingestion.UpsertCustomerAsync(shop, Person(id: "2", emails: ["not-an-email"]), ApplyMode.Profile);

        Assert.NotEqual(first.CustomerId, second.CustomerId);
        var customer = (await ingestion.Store.GetAsync(shop.Id, first.CustomerId!))!.Customer;
        var email = Assert.Single(customer.Emails);
        Assert.False(email.Valid);
        Assert.Contains("'@'", email.InvalidReason);
    }

    [Fact]
    public async Task One_record_linking_two_customers_merges_them_with_orders_and_history()
    {
        var ingestion = Ingestion();
        var byEmail = await ingestion.UpsertCustomerAsync(shop, Person(emails: ["anna@mail.ru"], first: "Анна") with { Source = Platforms.Csv }, ApplyMode.Profile);
        time.Advance(TimeSpan.FromMinutes(1));
        var byPhone = await ingestion.UpsertCustomerAsync(shop, Person(id: "77", phones: ["+79001234567"]) with { TimeZone = "Asia/Omsk" }, ApplyMode.Profile);
        await ingestion.UpsertOrderAsync(shop, new OrderRecord
        {
            Source = Platforms.Shopify,
            ExternalId = "5001",
            Currency = "RUB",
            Total = 1500.50m,
            CreatedAt = time.GetUtcNow(),
            UpdatedAt = time.GetUtcNow(),
            Customer = Person(id: "77"),
            Items = [new LineItem("p1", "SKU1", "Линзы", "Alcon", "Lenses", 1, 1500.50m)],
        });
        Assert.NotEqual(byEmail.CustomerId, byPhone.CustomerId);

        var linking = await ingestion.UpsertCustomerAsync(shop, Person(emails: ["ANNA@mail.ru"], phones: ["8 900 123-45-67"]) with { Source = Platforms.Csv }, ApplyMode.Profile);

        Assert.Equal(IngestStatus.Merged, linking.Status);
        Assert.Equal(byEmail.CustomerId, linking.CustomerId); // the older customer survives
        var survivor = (await ingestion.Store.GetAsync(shop.Id, byEmail.CustomerId!))!.Customer;
        Assert.Equal("Анна", survivor.FirstName);
        Assert.Equal(["anna@mail.ru"], survivor.Emails.Select(e => e.Value));
        Assert.Equal(["+79001234567"], survivor.Phones.Select(p => p.Value));
        Assert.Equal("77", survivor.ExternalIds[Platforms.Shopify]);
        Assert.Equal("Asia/Omsk", survivor.TimeZone);
        Assert.Equal(1, survivor.Aggregates.OrdersCount);
        Assert.Equal(1500.50m, survivor.Aggregates.TotalSpent);
        Assert.Equal(["Alcon"], survivor.Aggregates.Brands.Select(b => b.Name));
        Assert.Single(await ingestion.Store.OrdersOfAsync(shop.Id, survivor.Id));
        Assert.Empty(await ingestion.Store.OrdersOfAsync(shop.Id, byPhone.CustomerId!));
        // The merged-away id still leads to the survivor, and the platform id now resolves to it.
        Assert.Equal(survivor.Id, (await ingestion.Store.GetAsync(shop.Id, byPhone.CustomerId!))!.Customer.Id);
        Assert.Equal([survivor.Id], await ingestion.FindAsync(shop, Person(id: "77")));
        var merge = await storage.Clients.Tables.GetTableClient("Merges").GetEntityAsync<Azure.Data.Tables.TableEntity>(shop.Id, $"{survivor.Id}|{byPhone.CustomerId}");
        Assert.Contains("+79001234567", merge.Value.GetString("Snapshot"));
    }

    [Fact]
    public async Task Older_event_arriving_late_does_not_overwrite_newer_data_and_a_repeat_changes_nothing()
    {
        var ingestion = Ingestion();
        var t0 = new DateTimeOffset(2026, 10, 1, 12, 0, 0, TimeSpan.Zero);
        var newer = Person(id: "9", emails: ["olga@mail.ru"], first: "Ольга") with { LastName = "Новая", UpdatedAt = t0.AddHours(2) };
        var older = Person(id: "9", emails: ["olga@mail.ru"], first: "Оля") with { LastName = "Старая", City = "Тверь", UpdatedAt = t0 };

        var created = await ingestion.UpsertCustomerAsync(shop, newer, ApplyMode.Profile);
        var late = await ingestion.UpsertCustomerAsync(shop, older, ApplyMode.Profile);
        var repeat = await ingestion.UpsertCustomerAsync(shop, newer, ApplyMode.Profile);

        Assert.Equal(IngestStatus.Created, created.Status);
        Assert.Equal(IngestStatus.Updated, late.Status); // it only filled the empty city
        Assert.Equal(IngestStatus.Unchanged, repeat.Status);
        var customer = (await ingestion.Store.GetAsync(shop.Id, created.CustomerId!))!.Customer;
        Assert.Equal("Ольга", customer.FirstName);
        Assert.Equal("Новая", customer.LastName);
        Assert.Equal("Тверь", customer.City);
    }

    [Fact]
    public async Task Time_zone_is_kept_a_newer_profile_changes_it_and_an_older_one_only_fills_the_gap()
    {
        var ingestion = Ingestion();
        var t0 = new DateTimeOffset(2026, 10, 1, 12, 0, 0, TimeSpan.Zero);
        var first = Person(id: "tz", emails: ["tz@mail.ru"], updated: t0);

        var created = await ingestion.UpsertCustomerAsync(shop, first, ApplyMode.Profile);
        await ingestion.UpsertCustomerAsync(shop, first with { TimeZone = "Asia/Omsk", UpdatedAt = t0.AddMinutes(-5) }, ApplyMode.Profile);
        async Task<string?> StoredAsync() => (await ingestion.Store.GetAsync(shop.Id, created.CustomerId!))!.Customer.TimeZone;
        Assert.Equal("Asia/Omsk", await StoredAsync()); // an older profile fills the empty zone

        await ingestion.UpsertCustomerAsync(shop, first with { TimeZone = "Europe/Moscow", UpdatedAt = t0.AddMinutes(-1) }, ApplyMode.Profile);
        Assert.Equal("Asia/Omsk", await StoredAsync()); // but does not change it

        await ingestion.UpsertCustomerAsync(shop, first with { TimeZone = "Asia/Vladivostok", UpdatedAt = t0.AddHours(1) }, ApplyMode.Profile);
        Assert.Equal("Asia/Vladivostok", await StoredAsync()); // a newer one does

        await ingestion.UpsertCustomerAsync(shop, first with { UpdatedAt = t0.AddHours(2) }, ApplyMode.Profile);
        Assert.Equal("Asia/Vladivostok", await StoredAsync()); // and a newer one that says nothing keeps it
    }

    [Fact]
    public async Task Stale_order_update_is_ignored_and_aggregates_follow_the_newest()
    {
        var ingestion = Ingestion();
        var t0 = new DateTimeOffset(2026, 10, 1, 12, 0, 0, TimeSpan.Zero);
        OrderRecord Order(string id, decimal total, DateTimeOffset updated, bool cancelled = false) => new()
        {
            Source = Platforms.Shopify,
            ExternalId = id,
            Currency = "RUB",
            Total = total,
            Cancelled = cancelled,
            CreatedAt = t0,
            UpdatedAt = updated,
            Customer = Person(id: "42", emails: ["buyer@mail.ru"]),
        };

        await ingestion.UpsertOrderAsync(shop, Order("1", 1000m, t0));
        await ingestion.UpsertOrderAsync(shop, Order("2", 3000m, t0));
        await ingestion.UpsertOrderAsync(shop, Order("2", 3000m, t0.AddHours(1), cancelled: true));
        var stale = await ingestion.UpsertOrderAsync(shop, Order("2", 3000m, t0.AddMinutes(30)));

        Assert.Equal(IngestStatus.Unchanged, stale.Status);
        var customer = (await ingestion.Store.GetAsync(shop.Id, stale.CustomerId!))!.Customer;
        Assert.Equal(1, customer.Aggregates.OrdersCount);
        Assert.Equal(1000m, customer.Aggregates.TotalSpent);
        Assert.Equal(2, (await ingestion.Store.OrdersOfAsync(shop.Id, customer.Id)).Count);
    }

    [Fact]
    public async Task Consent_changes_apply_by_their_own_time_whatever_the_arrival_order()
    {
        var ingestion = Ingestion();
        var t0 = new DateTimeOffset(2026, 10, 1, 12, 0, 0, TimeSpan.Zero);
        CustomerRecord Consent(ConsentState state, DateTimeOffset at) => Person(id: "5", emails: ["c@mail.ru"]) with
        {
            Consents = new Dictionary<Channel, Consent> { [Channel.Email] = new(state, "shopify", at) },
        };

        await ingestion.UpsertCustomerAsync(shop, Consent(ConsentState.Denied, t0.AddDays(1)), ApplyMode.ConsentOnly);
        var result = await ingestion.UpsertCustomerAsync(shop, Consent(ConsentState.Granted, t0), ApplyMode.ConsentOnly);

        var customer = (await ingestion.Store.GetAsync(shop.Id, result.CustomerId!))!.Customer;
        Assert.Equal(ConsentState.Denied, customer.Consents[Channel.Email].State);
    }

    [Fact]
    public async Task Erasure_removes_the_person_everywhere()
    {
        var ingestion = Ingestion();
        var order = new OrderRecord
        {
            Source = Platforms.Shopify,
            ExternalId = "900",
            Currency = "RUB",
            Total = 10m,
            CreatedAt = time.GetUtcNow(),
            UpdatedAt = time.GetUtcNow(),
            Customer = Person(id: "300", emails: ["gone@mail.ru"]),
        };
        var created = await ingestion.UpsertOrderAsync(shop, order);

        var erased = await ingestion.EraseAsync(shop, Person(id: "300"));

        Assert.Equal(IngestStatus.Erased, erased.Status);
        Assert.Null(await ingestion.Store.GetAsync(shop.Id, created.CustomerId!));
        Assert.Empty(await ingestion.Store.OrdersOfAsync(shop.Id, created.CustomerId!));
        Assert.Empty(await ingestion.FindAsync(shop, Person(emails: ["gone@mail.ru"])));
    }
}
