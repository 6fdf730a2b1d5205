using Hub.Customers;

namespace Hub.Segments;

/// <summary>
/// Learns <see cref="ShopSegmentStats"/> from a stream of a shop's customers (their aggregates carry everything
/// needed: last order, orders count, total spent, and when each product was bought). Memory: three numbers per buyer
/// plus one integer per repeat purchase of a product or category.
/// </summary>
public sealed class SegmentStatsBuilder(SegmentSettings settings, DateTimeOffset now, TimeZoneInfo zone)
{
    readonly DateOnly today = SegmentSubject.LocalDate(now, zone);
    readonly List<decimal> recency = [];
    readonly List<decimal> frequency = [];
    readonly List<decimal> monetary = [];
    readonly List<double> repurchase = [];
    readonly Dictionary<string, Pool> products = new(StringComparer.Ordinal);
    readonly Dictionary<string, Pool> categories = new(StringComparer.OrdinalIgnoreCase);
    int customers;

    sealed class Pool
    {
        public readonly List<int> Intervals = [];
        public int Customers;
    }

    public void Add(Customer customer)
    {
        if (customer.DeletedAt is not null || customer.MergedInto is not null)
        {
            return;
        }
        customers++;
        var a = customer.Aggregates;
        if (a.OrdersCount == 0 || a.LastOrderAt is not { } last)
        {
            return;
        }
        recency.Add(-(today.DayNumber - SegmentSubject.LocalDate(last, zone).DayNumber));
        frequency.Add(a.OrdersCount);
        monetary.Add(a.TotalSpent);
        if (a.OrdersCount >= 2 && a.FirstOrderAt is { } first)
        {
            repurchase.Add((last - first).TotalDays / (a.OrdersCount - 1));
        }

        Dictionary<string, SortedSet<int>>? byCategory = null;
        foreach (var product in a.Products)
        {
            var days = product.Dates.Select(d => SegmentSubject.LocalDate(d, zone).DayNumber).ToArray();
            AddIntervals(products, product.Product, days);
            if (!string.IsNullOrWhiteSpace(product.Category))
            {
                byCategory ??= new Dictionary<string, SortedSet<int>>(StringComparer.OrdinalIgnoreCase);
                if (!byCategory.TryGetValue(product.Category, out var set))
                {
                    byCategory[product.Category] = set = [];
                }
                set.UnionWith(days);
            }
        }
        if (byCategory is not null)
        {
            foreach (var (category, days) in byCategory)
            {
                AddIntervals(categories, category, days);
            }
        }
    }

    /// <summary>Days between consecutive purchase days; a repeat on the same day (a corrected order) is not a repurchase.</summary>
    static void AddIntervals(Dictionary<string, Pool> pools, string key, IEnumerable<int> dayNumbers)
    {
        var sorted = dayNumbers.Distinct().Order().ToArray();
        if (sorted.Length < 2)
        {
            return;
        }
        if (!pools.TryGetValue(key, out var pool))
        {
            pools[key] = pool = new Pool();
        }
        pool.Customers++;
        for (var i = 1; i < sorted.Length; i++)
        {
            pool.Intervals.Add(sorted[i] - sorted[i - 1]);
        }
    }

    public ShopSegmentStats Build(string runId)
    {
        IntervalStat? typical = repurchase.Count == 0 ? null : new IntervalStat(Median(repurchase), repurchase.Count, repurchase.Count);
        var (lapsed, basis) = settings.LapsedAfterDays is { } fixedDays ? (fixedDays, LapsedBasis.Fixed)
            : typical is { } t && t.Customers >= settings.LapsedMinSample ? (t.MedianDays * settings.LapsedFactor, LapsedBasis.Learned)
            : (settings.LapsedDefaultDays, LapsedBasis.Default);
        return new ShopSegmentStats
        {
            RunId = runId,
            ComputedAt = now,
            Customers = customers,
            Buyers = frequency.Count,
            Recency = Quintiles.From(recency),
            Frequency = Quintiles.From(frequency),
            Monetary = Quintiles.From(monetary),
            Repurchase = typical,
            LapsedAfterDays = lapsed,
            LapsedBasis = basis,
            Products = Intervals(products),
            Categories = Intervals(categories),
        };
    }

    static Dictionary<string, IntervalStat> Intervals(Dictionary<string, Pool> pools) => pools.ToDictionary(
        p => p.Key,
        p => new IntervalStat(Median(p.Value.Intervals.Select(i => (double)i).ToList()), p.Value.Customers, p.Value.Intervals.Count),
        pools.Comparer);

    public static double Median(List<double> values)
    {
        values.Sort();
        var mid = values.Count / 2;
        return values.Count % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
    }
}
