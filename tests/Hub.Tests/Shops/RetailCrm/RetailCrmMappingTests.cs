using System.Text.Json.Nodes;
using Hub.Customers;
using Hub.Shops;
using Hub.Shops.Sync;

namespace Hub.Tests.Shops.RetailCrm;

/// <summary>What RetailCRM's customers and orders become: contacts, names, consents, items, cancellations.</summary>
public sealed class RetailCrmMappingTests(AzuriteFixture azurite)
{
    static readonly DateTimeOffset T = new(2026, 11, 20, 8, 0, 0, TimeSpan.Zero);

    static async Task<PullPage> PullOneAsync(RetailCrmHost host, string entities, params long[] ids)
    {
        var start = 0L;
        foreach (var id in ids)
        {
            var entry = host.Fake.AddHistory(entities, id, T);
            start = start == 0 ? entry : start;
        }
        return await host.PullAsync(entities == "customers" ? SyncResource.Customers : SyncResource.Orders, $$"""{"sinceId":{{start - 1}}}""");
    }

    [Fact]
    public async Task A_customer_maps_names_contacts_birthday_sex_city_tags_and_creation_time()
    {
        using var host = new RetailCrmHost(azurite);
        host.Fake.AddCustomer(11, c =>
        {
            c["firstName"] = "Анна";
            c["lastName"] = "Иванова";
            c["patronymic"] = "Сергеевна";
            c["email"] = "Anna.Ivanova@Mail.RU";
            c["phones"] = new JsonArray(new JsonObject { ["number"] = "+7 (916) 123-45-67" }, new JsonObject { ["number"] = "8 903 000 11 22" });
            c["birthday"] = "1990-05-17";
            c["sex"] = "female";
            c["address"] = new JsonObject { ["city"] = "Казань", ["text"] = "ул. Баумана, 1" };
            c["tags"] = new JsonArray(new JsonObject { ["name"] = "vip", ["color"] = "#ff0000" }, new JsonObject { ["name"] = "опт" });
            c["createdAt"] = "2025-03-01 09:15:00";
        });
        host.Fake.AddCustomer(12, c => { c["sex"] = "male"; c.Remove("phones"); });

        var page = await PullOneAsync(host, "customers", 11, 12);

        var customers = page.Changes.Cast<ShopChange.UpsertCustomer>().ToDictionary(c => c.Customer.ExternalId!, c => c.Customer);
        var anna = customers["11"];
        Assert.Equal(Platforms.RetailCrm, anna.Source);
        Assert.Equal(("Анна", "Иванова", "Сергеевна"), (anna.FirstName, anna.LastName, anna.MiddleName));
        Assert.Equal(["Anna.Ivanova@Mail.RU"], anna.Emails);
        Assert.Equal(["+7 (916) 123-45-67", "8 903 000 11 22"], anna.Phones);
        Assert.Equal(new DateOnly(1990, 5, 17), anna.Birthday);
        Assert.Equal(Gender.Female, anna.Gender);
        Assert.Equal("Казань", anna.City);
        Assert.Equal(["vip", "опт"], anna.Tags);
        Assert.Equal(new DateTimeOffset(2025, 3, 1, 6, 15, 0, TimeSpan.Zero), anna.CreatedAt);
        Assert.Equal(T, anna.UpdatedAt);
        Assert.Equal(Gender.Male, customers["12"].Gender);
        Assert.Empty(customers["12"].Phones);
    }

    [Fact]
    public async Task Consents_come_from_the_email_flags_and_from_each_channels_subscriptions_with_their_times()
    {
        using var host = new RetailCrmHost(azurite);
        host.Fake.AddCustomer(21, c =>
        {
            c["subscribed"] = true;
            c["customerSubscriptions"] = new JsonArray(
                Subscription("sms", "promo", false, "2026-10-01 08:00:00"),
                Subscription("waba", "news", false, "2026-08-01 10:00:00"),
                Subscription("waba", "promo", true, "2026-09-01 10:00:00"),
                Subscription("pigeon", "promo", true, "2026-09-01 10:00:00"));
        });
        host.Fake.AddCustomer(22, c =>
        {
            c["subscribed"] = true;
            c["emailMarketingUnsubscribedAt"] = "2026-08-01 12:00:00";
        });
        host.Fake.AddCustomer(23, c => c["subscribed"] = false);
        host.Fake.AddCustomer(24, c =>
        {
            c["subscribed"] = false;
            c["customerSubscriptions"] = new JsonArray(Subscription("email", "promo", true, "2026-11-01 12:00:00"));
        });

        var page = await PullOneAsync(host, "customers", 21, 22, 23, 24);

        var consents = page.Changes.Cast<ShopChange.UpsertCustomer>().ToDictionary(c => c.Customer.ExternalId!, c => c.Customer.Consents);
        Assert.Equal(new Consent(ConsentState.Granted, Platforms.RetailCrm, T), consents["21"][Channel.Email]);
        Assert.Equal(new Consent(ConsentState.Denied, Platforms.RetailCrm, new(2026, 10, 1, 5, 0, 0, TimeSpan.Zero)), consents["21"][Channel.Sms]);
        // Subscribed to one WhatsApp category is consent to WhatsApp.
        Assert.Equal(new Consent(ConsentState.Granted, Platforms.RetailCrm, new(2026, 9, 1, 7, 0, 0, TimeSpan.Zero)), consents["21"][Channel.WhatsApp]);
        Assert.Equal(3, consents["21"].Count);
        Assert.Equal(new Consent(ConsentState.Denied, Platforms.RetailCrm, new(2026, 8, 1, 9, 0, 0, TimeSpan.Zero)), consents["22"][Channel.Email]);
        Assert.Equal(new Consent(ConsentState.Denied, Platforms.RetailCrm, T), consents["23"][Channel.Email]);
        Assert.Equal(new Consent(ConsentState.Granted, Platforms.RetailCrm, new(2026, 11, 1, 9, 0, 0, TimeSpan.Zero)), consents["24"][Channel.Email]);
    }

    static JsonObject Subscription(string channel, string code, bool subscribed, string changedAt) => new()
    {
        ["subscription"] = new JsonObject { ["id"] = code.Length, ["channel"] = channel, ["name"] = code, ["code"] = code, ["active"] = true },
        ["subscribed"] = subscribed,
        ["changedAt"] = changedAt,
    };

    [Fact]
    public async Task An_order_maps_number_status_money_buyer_and_items_at_their_discounted_price()
    {
        using var host = new RetailCrmHost(azurite);
        host.Fake.AddOrder(81, customerId: 5, o =>
        {
            o["number"] = "1081A";
            o["status"] = "complete";
            o["totalSumm"] = 2350.5;
            o["currency"] = "KZT";
            o["phone"] = "+7 701 555 12 12";
            o["customer"] = new JsonObject
            {
                ["type"] = "customer", ["id"] = 5, ["email"] = "buyer5@example.ru",
                ["phones"] = new JsonArray(new JsonObject { ["number"] = "8 916 000 05 05" }),
            };
            ((JsonArray)o["items"]!).Add(new JsonObject
            {
                ["productName"] = "Фильтр-пакеты",
                ["quantity"] = 1,
                ["initialPrice"] = 150.5,
                ["offer"] = new JsonObject { ["id"] = 777, ["article"] = "FP-100" },
            });
        });

        var page = await PullOneAsync(host, "orders", 81);

        var order = Assert.Single(page.Changes.OfType<ShopChange.UpsertOrder>()).Order;
        Assert.Equal(("81", "1081A", "complete", false), (order.ExternalId, order.Number, order.Status, order.Cancelled));
        Assert.Equal(("KZT", 2350.5m), (order.Currency, order.Total));
        Assert.Equal(new DateTimeOffset(2026, 11, 19, 12, 30, 0, TimeSpan.Zero), order.CreatedAt);
        Assert.Equal(T, order.UpdatedAt);
        Assert.Equal("5", order.Customer.ExternalId);
        Assert.Equal(("Мария", "Петрова"), (order.Customer.FirstName, order.Customer.LastName));
        Assert.Equal(["buyer5@example.ru"], order.Customer.Emails);
        Assert.Equal(["+7 701 555 12 12", "8 916 000 05 05"], order.Customer.Phones);
        Assert.Equal(
            [new LineItem("coffee-1kg", "CF-1000", "Кофе зерновой 1 кг", null, null, 2, 750), new LineItem("777", "FP-100", "Фильтр-пакеты", null, null, 1, 150.5m)],
            order.Items);
    }

    [Theory]
    [InlineData("cancel-other", true)]
    [InlineData("no-call", true)]
    [InlineData("already-buyed", true)]
    [InlineData("return", true)]
    [InlineData("new", false)]
    [InlineData("send-to-delivery", false)]
    public async Task Orders_in_the_cancel_statuses_are_cancelled(string status, bool cancelled)
    {
        using var host = new RetailCrmHost(azurite);
        host.Fake.AddOrder(91, customerId: 5, o => o["status"] = status);

        var page = await PullOneAsync(host, "orders", 91);

        var order = Assert.Single(page.Changes.OfType<ShopChange.UpsertOrder>()).Order;
        Assert.Equal((status, cancelled), (order.Status, order.Cancelled));
    }

    [Fact]
    public async Task A_malformed_customer_becomes_an_ignore_naming_it_and_the_field_while_the_rest_of_the_page_maps()
    {
        using var host = new RetailCrmHost(azurite);
        host.Fake.AddCustomer(30);
        host.Fake.AddCustomer(31, c => c["birthday"] = "17.05.1990");
        host.Fake.AddCustomer(32, c => c["phones"] = "+7 916 000 00 32");

        var page = await PullOneAsync(host, "customers", 30, 31, 32);

        Assert.Equal(["30"], page.Changes.OfType<ShopChange.UpsertCustomer>().Select(c => c.Customer.ExternalId));
        var reasons = page.Changes.OfType<ShopChange.Ignore>().Select(i => i.Reason).Order().ToList();
        Assert.Equal(2, reasons.Count);
        Assert.StartsWith("customer 31 skipped", reasons[0]);
        Assert.Contains("birthday", reasons[0]);
        Assert.DoesNotContain("17.05.1990", reasons[0]);
        Assert.StartsWith("customer 32 skipped", reasons[1]);
        Assert.Contains("phones", reasons[1]);
    }

    [Fact]
    public async Task A_malformed_history_entry_is_named_and_skipped_and_the_walk_still_moves_past_it()
    {
        using var host = new RetailCrmHost(azurite);
        host.Fake.AddCustomer(40);
        var start = host.Fake.AddHistory("customers", 40, T);
        host.Fake.AddRawHistory("customers", new JsonObject { ["id"] = start + 1, ["createdAt"] = "2026-11-20 11:00:00", ["field"] = "email" });
        host.Fake.AddRawHistory("customers", new JsonObject { ["id"] = start + 2, ["createdAt"] = "yesterday", ["customer"] = new JsonObject { ["id"] = 40 } });

        var page = await host.PullAsync(SyncResource.Customers, $$"""{"sinceId":{{start - 1}}}""");

        Assert.Equal(["40"], page.Changes.OfType<ShopChange.UpsertCustomer>().Select(c => c.Customer.ExternalId));
        var reasons = page.Changes.OfType<ShopChange.Ignore>().Select(i => i.Reason).ToList();
        Assert.Contains(reasons, r => r.StartsWith($"history entry {start + 1} skipped") && r.Contains("'history[1].customer' is missing"));
        Assert.Contains(reasons, r => r.StartsWith($"history entry {start + 2} skipped") && r.Contains("history[2].createdAt"));
        Assert.Equal($$"""{"sinceId":{{start + 2}}}""", page.Cursor);
    }
}
