using Hub.Customers;
using Hub.Messaging.Channels;
using Hub.Messaging.Templates;
using Hub.Segments;
using Hub.Shops;
using Microsoft.Extensions.Time.Testing;

namespace Hub.Tests.Messaging.Templates;

/// <summary>One Moscow shop selling in roubles, one customer with an order placed late in the evening UTC (past midnight in Moscow), a cart and a segment row.</summary>
internal static class TemplateTestData
{
    public static readonly DateTimeOffset Now = new(2025, 3, 5, 9, 0, 0, TimeSpan.Zero);
    /// <summary>21:30 UTC on 1 March is 00:30 on 2 March in Moscow.</summary>
    public static readonly DateTimeOffset OrderedAt = new(2025, 3, 1, 21, 30, 0, TimeSpan.Zero);

    public static readonly Shop TestShop = new() { Id = "optika", Platform = Platforms.Shopify, Name = "Оптика-Плюс", TimeZone = "Europe/Moscow", Currency = "RUB" };

    public static TemplateRenderer Renderer() => new(new FakeTimeProvider(Now));

    public static TemplateValidator Validator() => new(Renderer());

    public static readonly Customer TestCustomer = new()
    {
        Id = "c-1",
        ShopId = TestShop.Id,
        FirstName = "Ирина",
        MiddleName = "Олеговна",
        LastName = "Смирнова",
        Emails = [new ContactPoint("bad@", false, "no domain"), new ContactPoint("irina@example.ru", true)],
        Phones = [new ContactPoint("+79161234567", true)],
        City = "Казань",
        Birthday = new DateOnly(1990, 3, 8),
        Gender = Gender.Female,
        Tags = ["vip", "опт"],
        Aggregates = new CustomerAggregates { OrdersCount = 3, TotalSpent = 6570m, AverageCheck = 2190m, LastOrderAt = OrderedAt, Currency = "RUB" },
        Rfm = new RfmScore(5, 3, 4),
    };

    public static readonly Order TestOrder = new()
    {
        Id = "o-1",
        ShopId = TestShop.Id,
        CustomerId = TestCustomer.Id,
        Source = Platforms.Shopify,
        Number = "1052",
        Status = "shipped",
        Currency = "RUB",
        Total = 2190m,
        CreatedAt = OrderedAt,
        UpdatedAt = OrderedAt,
        Items =
        [
            new LineItem("p-1", "LENS-30", "Линзы Dailies, 30 шт.", "Alcon", "Линзы", 1.0m, 1500.00m),
            new LineItem("p-2", "SOL-100", "Раствор 100 мл", "Bausch", "Растворы", 2m, 345m),
        ],
    };

    public static readonly Cart TestCart = new()
    {
        Id = "cart-1",
        ShopId = TestShop.Id,
        CustomerId = TestCustomer.Id,
        Source = Platforms.Shopify,
        Items = [new LineItem("p-1", "LENS-30", "Линзы Dailies, 30 шт.", "Alcon", "Линзы", 2m, 1500m)],
        Total = 3000m,
        Currency = "RUB",
        RecoveryUrl = "https://optika.example/cart/abc",
        UpdatedAt = OrderedAt,
    };

    public static TemplateData Data() => new(TestShop)
    {
        Customer = TestCustomer,
        Order = TestOrder,
        Cart = TestCart,
        Segment = new TemplateSegment(SegmentIds.ReplenishmentDue, "Пора пополнить", new MemberDetail
        {
            Product = "p-1", ProductName = "Линзы Dailies, 30 шт.", ExpectedOn = new DateOnly(2025, 3, 12), IntervalDays = 29.6, BirthdayOn = new DateOnly(2025, 3, 8), InDays = 3,
        }),
        UnsubscribeUrl = "https://hub.example/u/xyz",
    };

    public static MessageTemplate Template(string id = "promo") => new() { Id = id, ShopId = TestShop.Id, Name = "Акция", Kind = MessageKind.Marketing };
}
