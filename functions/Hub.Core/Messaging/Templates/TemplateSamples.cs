using Hub.Customers;
using Hub.Segments;
using Hub.Shops;

namespace Hub.Messaging.Templates;

/// <summary>
/// A made-up customer with an order, a cart and a segment detail, every variable filled with a value of ordinary
/// length: what validation renders each text with (SMS parts, button URLs, render errors) and what a preview shows
/// when no real customer is chosen.
/// </summary>
public static class TemplateSamples
{
    static readonly DateTimeOffset At = new(2025, 3, 1, 9, 30, 0, TimeSpan.Zero);

    public static TemplateData For(Shop shop)
    {
        var items = new[]
        {
            new LineItem("p-101", "ACU-OASYS-6", "Контактные линзы Acuvue Oasys, 6 шт.", "Acuvue", "Контактные линзы", 2, 1890m),
            new LineItem("p-207", "OPTI-FREE-300", "Раствор Opti-Free Express, 355 мл", "Alcon", "Растворы", 1, 690m),
        };
        var customer = new Customer
        {
            Id = "sample-customer",
            ShopId = shop.Id,
            FirstName = "Анастасия",
            MiddleName = "Сергеевна",
            LastName = "Воронцова",
            Emails = [new ContactPoint("anastasia.vorontsova@example.ru", true)],
            Phones = [new ContactPoint("+79991234567", true)],
            Birthday = new DateOnly(1992, 3, 8),
            Gender = Gender.Female,
            City = "Санкт-Петербург",
            Tags = ["vip"],
            Aggregates = new CustomerAggregates
            {
                FirstOrderAt = At.AddDays(-400), LastOrderAt = At, OrdersCount = 7, TotalSpent = 31_450m, AverageCheck = 4_492.86m, Currency = shop.Currency,
            },
            Rfm = new RfmScore(5, 4, 4),
        };
        return new TemplateData(shop)
        {
            Customer = customer,
            Order = new Order
            {
                Id = "sample-order", ShopId = shop.Id, CustomerId = customer.Id, Source = shop.Platform, Number = "100245", Status = "shipped",
                Currency = shop.Currency, Total = 4470m, CreatedAt = At, UpdatedAt = At, Items = items,
            },
            Cart = new Cart
            {
                Id = "sample-cart", ShopId = shop.Id, CustomerId = customer.Id, Source = shop.Platform, Items = items, Total = 4470m, Currency = shop.Currency,
                RecoveryUrl = "https://shop.example.ru/cart/recover/5f2c9a1e7b", UpdatedAt = At,
            },
            Segment = new TemplateSegment(SegmentIds.ReplenishmentDue, "Пора пополнить запас", new MemberDetail
            {
                Product = "p-101", ProductName = "Контактные линзы Acuvue Oasys, 6 шт.", ExpectedOn = new DateOnly(2025, 3, 10), IntervalDays = 42,
                BirthdayOn = new DateOnly(2025, 3, 8), InDays = 7, R = 5, F = 4, M = 4,
            }),
            UnsubscribeUrl = "https://hub.example.ru/u/5f2c9a1e7b3d",
        };
    }

    /// <summary>For a template not yet tied to a stored shop: the shop's id with the default Moscow time and roubles.</summary>
    public static TemplateData For(string shopId) => For(new Shop { Id = shopId, Platform = Platforms.Shopify, Name = "Мой магазин" });
}
