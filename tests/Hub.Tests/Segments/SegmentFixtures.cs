using Hub.Customers;
using Hub.Segments;

namespace Hub.Tests.Segments;

/// <summary>Hand-built customers for segment tests: orders expressed as days before "today" (Moscow time).</summary>
internal static class SegmentFixtures
{
    public static readonly TimeZoneInfo Moscow = TimeZoneInfo.FindSystemTimeZoneById("Europe/Moscow");
    /// <summary>12:00 in Moscow on 2026-11-25.</summary>
    public static readonly DateTimeOffset Now = new(2026, 11, 25, 9, 0, 0, TimeSpan.Zero);

    public static DateTimeOffset DaysAgo(int days) => Now.AddDays(-days);

    public static Customer Customer(string id, int orders = 0, decimal spent = 0m, int? lastDaysAgo = null, int? firstDaysAgo = null) =>
        CustomerFolding.New("shop", id, Now.AddYears(-2)) with
        {
            Emails = [new ContactPoint($"{id}@example.ru", true)],
            Aggregates = orders == 0 ? CustomerAggregates.None : new CustomerAggregates
            {
                OrdersCount = orders,
                TotalSpent = spent,
                AverageCheck = spent / orders,
                Currency = "RUB",
                LastOrderAt = DaysAgo(lastDaysAgo ?? 1),
                FirstOrderAt = DaysAgo(firstDaysAgo ?? lastDaysAgo ?? 1),
            },
        };

    /// <summary>A buyer of one product on the given days ago (oldest first).</summary>
    public static Customer Buyer(string id, string product, string category, params int[] daysAgo) =>
        Customer(id, daysAgo.Length, daysAgo.Length * 100m, daysAgo.Min(), daysAgo.Max()) with
        {
            Aggregates = Customer(id, daysAgo.Length, daysAgo.Length * 100m, daysAgo.Min(), daysAgo.Max()).Aggregates with
            {
                Products = [new ProductPurchases(product, product + " name", category, daysAgo.OrderDescending().Select(DaysAgo).ToArray())],
            },
        };

    public static SegmentEvaluator Evaluator(ShopSegmentStats? stats = null, SegmentSettings? settings = null, IReadOnlyList<SegmentDefinition>? custom = null, DateTimeOffset? now = null)
    {
        settings ??= SegmentSettings.Default;
        return new SegmentEvaluator(settings, stats ?? ShopSegmentStats.Empty(settings), custom ?? [], Moscow, now ?? Now);
    }

    public static ShopSegmentStats Learn(IEnumerable<Customer> customers, SegmentSettings? settings = null)
    {
        var builder = new SegmentStatsBuilder(settings ?? SegmentSettings.Default, Now, Moscow);
        foreach (var c in customers)
        {
            builder.Add(c);
        }
        return builder.Build("run-1");
    }

    public static IEnumerable<string> Ids(this Placement placement) => placement.Memberships.Select(m => m.SegmentId);
}
