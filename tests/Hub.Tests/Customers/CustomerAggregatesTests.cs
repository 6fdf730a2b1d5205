using Hub.Customers;

namespace Hub.Tests.Customers;

public sealed class CustomerAggregatesTests
{
    static readonly DateTimeOffset Day0 = new(2026, 1, 10, 9, 0, 0, TimeSpan.Zero);

    static Order Order(string id, int day, bool cancelled = false, params LineItem[] items) => new()
    {
        Id = id,
        ShopId = "s",
        CustomerId = "c1",
        Source = "csv",
        Currency = "RUB",
        Total = items.Sum(i => i.Price * i.Quantity),
        CreatedAt = Day0.AddDays(day),
        Cancelled = cancelled,
        Items = items,
    };

    static LineItem Lens(string? productId = "p-air", string? brand = "Alcon") => new(productId, "SKU-1", "Air Optix", brand, "Lenses", 1, 1500m);
    static LineItem Drops() => new(null, "SKU-2", "Drops", "Bausch", "Care", 2, 300m);

    [Fact]
    public void Products_keep_each_orders_time_oldest_first_and_ignore_cancelled_orders()
    {
        var a = CustomerFolding.Aggregate([
            Order("o1", 0, false, Lens(), Drops()),
            Order("o2", 30, false, Lens()),
            Order("o3", 45, true, Lens()),
            Order("o4", 61, false, Lens(), Lens()),
        ], "RUB");

        var lens = Assert.Single(a.Products, p => p.Product == "p-air");
        Assert.Equal([Day0, Day0.AddDays(30), Day0.AddDays(61)], lens.Dates);
        Assert.Equal("Lenses", lens.Category);
        // Without a product id the SKU identifies the product.
        var drops = Assert.Single(a.Products, p => p.Product == "SKU-2");
        Assert.Equal([Day0], drops.Dates);
        // Most recently bought first.
        Assert.Equal(["p-air", "SKU-2"], a.Products.Select(p => p.Product));
        Assert.Equal([new Bought("Alcon", Day0.AddDays(61)), new Bought("Bausch", Day0)], a.Brands);
        Assert.Equal([new Bought("Lenses", Day0.AddDays(61)), new Bought("Care", Day0)], a.Categories);
    }

    [Fact]
    public void Product_history_is_bounded_to_the_newest_dates()
    {
        var orders = Enumerable.Range(0, 25).Select(i => Order($"o{i}", i * 20, false, Lens())).ToArray();
        var lens = Assert.Single(CustomerFolding.Aggregate(orders, "RUB").Products);
        Assert.Equal(CustomerAggregates.MaxDatesPerProduct, lens.Dates.Count);
        Assert.Equal(Day0.AddDays(24 * 20), lens.Dates[^1]);
    }

    [Fact]
    public void Aggregates_and_tags_survive_the_round_trip_through_the_table_entity()
    {
        var customer = CustomerFolding.New("s", "c1", Day0) with
        {
            Tags = ["vip", "опт"],
            Aggregates = CustomerFolding.Aggregate([Order("o1", 0, false, Lens(), Drops())], "RUB"),
        };
        var back = CustomerEntities.ToCustomer(CustomerEntities.ToEntity(customer), "s");
        Assert.Equal(customer.Tags, back.Tags);
        Assert.Equal(customer.Aggregates.Brands, back.Aggregates.Brands);
        Assert.Equal(customer.Aggregates.Products.Select(p => (p.Product, p.Name, p.Category, string.Join(",", p.Dates))),
            back.Aggregates.Products.Select(p => (p.Product, p.Name, p.Category, string.Join(",", p.Dates))));
    }
}
