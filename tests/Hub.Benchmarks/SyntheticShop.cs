using Azure.Data.Tables;
using Hub.Customers;
using Hub.Storage;

namespace Hub.Benchmarks;

/// <summary>
/// A deterministic shop for the segment benchmarks, generated customer by customer (the same index always gives the same
/// customer, orders and cart) so its tables can be streamed into Azurite without holding the shop in memory. About a fifth
/// never ordered; orders go one to every buyer and the rest preferentially to a loyal core; dates span three years;
/// items come from a catalogue of 400 products in 12 categories and 30 brands; one customer in twelve has an open cart.
/// </summary>
sealed class SyntheticShop(string shopId, int customers, int orders, DateTimeOffset now)
{
    const int Seed = 20261125;
    static readonly string[] Categories = ["Lenses", "Solutions", "Drops", "Frames", "Sunglasses", "Cases", "Vitamins", "Cosmetics", "Filters", "Batteries", "Coffee", "Tea"];

    readonly int buyers = customers * 4 / 5;
    readonly int[] orderCounts = OrderCounts(customers * 4 / 5, orders);

    public string ShopId => shopId;
    public int Customers => customers;

    static int[] OrderCounts(int buyers, int orders)
    {
        var counts = new int[buyers];
        Array.Fill(counts, 1);
        var random = new Random(Seed);
        for (var i = buyers; i < orders; i++)
        {
            var r = random.NextDouble();
            counts[(int)(buyers * r * r)]++;
        }
        return counts;
    }

    public static string IdOf(int index)
    {
        Span<byte> bytes = stackalloc byte[16];
        new Random(Seed ^ index).NextBytes(bytes);
        return "c" + Convert.ToHexStringLower(bytes);
    }

    public (Customer Customer, List<Order> Orders, Cart? Cart) Generate(int index)
    {
        var random = new Random(Seed + index * 7919);
        var id = IdOf(index);
        var orders = new List<Order>();
        var count = index < buyers ? orderCounts[index] : 0;
        // Loyal customers buy often and recently; the tail bought once, any time in three years.
        var last = now.AddDays(-random.Next(0, count > 2 ? 120 : 1000)).AddMinutes(-random.Next(0, 1440));
        var interval = 20 + random.Next(0, 70);
        for (var k = 0; k < count; k++)
        {
            var at = last.AddDays(-(count - 1 - k) * interval - random.Next(0, 5));
            var items = Enumerable.Range(0, 1 + random.Next(0, 3)).Select(_ =>
            {
                var product = random.Next(0, 400);
                return new LineItem($"p{product}", $"SKU-{product}", $"Product {product}", $"Brand {product % 30}", Categories[product % Categories.Length], 1 + random.Next(0, 2), 300m + product * 7);
            }).ToArray();
            orders.Add(new Order
            {
                Id = $"{index}-{k}",
                ShopId = shopId,
                CustomerId = id,
                Source = "csv",
                Currency = "RUB",
                Total = items.Sum(i => i.Price * i.Quantity),
                CreatedAt = at,
                UpdatedAt = at,
                Items = items,
            });
        }
        var customer = CustomerFolding.New(shopId, id, now.AddDays(-1200)) with
        {
            FirstName = "Имя" + index,
            LastName = "Фамилия" + index,
            Emails = [new ContactPoint($"customer{index}@example.ru", true)],
            Phones = random.Next(0, 3) > 0 ? [new ContactPoint($"+7999{index:D7}", true)] : [],
            Birthday = random.Next(0, 5) < 3 ? new DateOnly(1960 + random.Next(0, 45), 1 + random.Next(0, 12), 1 + random.Next(0, 28)) : null,
            Gender = random.Next(0, 2) == 0 ? null : (Gender)random.Next(0, 2),
            City = random.Next(0, 2) == 0 ? "Москва" : "Казань",
            Consents = new Dictionary<Channel, Consent> { [Channel.Email] = new(ConsentState.Granted, "csv", now.AddDays(-1000)) },
            ExternalIds = new Dictionary<string, string> { ["csv"] = index.ToString(System.Globalization.CultureInfo.InvariantCulture) },
            Aggregates = CustomerFolding.Aggregate(orders, "RUB"),
        };
        Cart? cart = random.Next(0, 12) == 0
            ? new Cart
            {
                Id = $"cart-{index}",
                ShopId = shopId,
                CustomerId = id,
                Source = "shopify",
                Items = [new LineItem("p1", "SKU-1", "Product 1", "Brand 1", "Solutions", 1, 450m)],
                Total = 450m,
                Currency = "RUB",
                RecoveryUrl = $"https://shop.example/cart/{index}",
                UpdatedAt = now.AddHours(-random.Next(2, 96)),
            }
            : null;
        return (customer, orders, cart);
    }

    /// <summary>Writes the shop's customers, orders and carts (three streamed passes).</summary>
    public async Task WriteAsync(TableBatchWriter writer)
    {
        await writer.WriteAsync(TableNames.Customers, Rows(i => [CustomerEntities.ToEntity(Generate(i).Customer)]));
        await writer.WriteAsync(TableNames.Orders, Rows(i => Generate(i).Orders.Select(CustomerEntities.ToEntity)));
        await writer.WriteAsync(TableNames.Carts, Rows(i => Generate(i).Cart is { } c ? [CustomerEntities.ToEntity(c)] : []));
    }

    IEnumerable<TableTransactionAction> Rows(Func<int, IEnumerable<TableEntity>> entities)
    {
        for (var i = 0; i < customers; i++)
        {
            foreach (var e in entities(i))
            {
                yield return new TableTransactionAction(TableTransactionActionType.UpsertReplace, e);
            }
        }
    }
}
