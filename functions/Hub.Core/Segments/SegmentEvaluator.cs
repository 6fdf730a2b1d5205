using Hub.Customers;

namespace Hub.Segments;

/// <summary>The segments one customer belongs to now, and their RFM scores.</summary>
public sealed record Placement(string CustomerId, RfmScore? Rfm, decimal Spent, IReadOnlyList<Membership> Memberships, MemberReach? Reach = null);

/// <summary>
/// Places one customer in every built-in segment and then every custom one (in dependency order, so a custom rule can
/// use any segment decided before it). Pure: the same customer, carts, stats and moment give the same placement.
/// <para>
/// Lifecycle stages are exclusive, checked in this order: <c>leads</c> (no orders, at least one valid contact),
/// <c>lapsed</c> (no order for longer than the shop's threshold), <c>new</c> (first order within
/// <see cref="SegmentSettings.NewWithinDays"/>), <c>one-time</c> (one order), <c>repeat</c> (two or more).
/// Deleted customers are in no segment.
/// </para>
/// </summary>
public sealed class SegmentEvaluator(
    SegmentSettings settings,
    ShopSegmentStats stats,
    IReadOnlyList<SegmentDefinition> custom,
    TimeZoneInfo zone,
    DateTimeOffset now)
{
    readonly DateOnly today = SegmentSubject.LocalDate(now, zone);
    readonly HashSet<string> consumables = new(settings.ConsumableCategories, StringComparer.OrdinalIgnoreCase);

    public DateTimeOffset Now => now;

    public Placement Place(Customer customer, IReadOnlyList<Cart> carts)
    {
        var a = customer.Aggregates;
        if (customer.DeletedAt is not null || customer.MergedInto is not null)
        {
            return new Placement(customer.Id, null, a.TotalSpent, []);
        }
        var decided = new HashSet<string>(StringComparer.Ordinal);
        var list = new List<Membership>();
        void Add(string id, MemberDetail? detail = null)
        {
            decided.Add(id);
            list.Add(new Membership(id, detail));
        }

        var gender = customer.Gender ?? (settings.GuessGenderFromName ? GenderGuess.FromName(customer.MiddleName, customer.LastName) : null);
        var probe = new SegmentSubject(customer, now, zone, null, gender, decided);
        var sinceLast = probe.DaysSinceLastOrder;
        var rfm = stats.Score(sinceLast, a.OrdersCount, a.TotalSpent);

        if (Lifecycle(customer, sinceLast, probe.DaysSinceFirstOrder) is { } stage)
        {
            Add(stage);
        }
        if (rfm is not null)
        {
            Add(rfm.Segment.Id, new MemberDetail { R = rfm.R, F = rfm.F, M = rfm.M });
        }
        if (AbandonedCart(customer, carts) is { } cart)
        {
            Add(SegmentIds.AbandonedCart, cart);
        }
        if (Birthday(customer.Birthday) is { } birthday)
        {
            Add(SegmentIds.BirthdaySoon, birthday);
        }
        if (Replenishment(customer) is { } due)
        {
            Add(SegmentIds.ReplenishmentDue, due);
        }
        if (gender is { } g)
        {
            Add(g == Gender.Female ? SegmentIds.Female : SegmentIds.Male);
        }

        var subject = probe with { Rfm = rfm };
        foreach (var definition in custom)
        {
            if (definition.Rule.Matches(subject))
            {
                Add(definition.Id);
            }
        }
        return new Placement(customer.Id, rfm, a.TotalSpent, list, list.Count == 0 ? null : MemberReach.Of(customer));
    }

    string? Lifecycle(Customer customer, int? sinceLast, int? sinceFirst)
    {
        if (customer.Aggregates.OrdersCount == 0)
        {
            return customer.Emails.Any(e => e.Valid) || customer.Phones.Any(p => p.Valid) ? SegmentIds.Leads : null;
        }
        if (sinceLast > stats.LapsedAfterDays)
        {
            return SegmentIds.Lapsed;
        }
        if (sinceFirst <= settings.NewWithinDays)
        {
            return SegmentIds.New;
        }
        return customer.Aggregates.OrdersCount == 1 ? SegmentIds.OneTime : SegmentIds.Repeat;
    }

    /// <summary>The most recent cart that was left with items, long enough ago and not too long, and not followed by an order.</summary>
    MemberDetail? AbandonedCart(Customer customer, IReadOnlyList<Cart> carts)
    {
        var lastOrder = customer.Aggregates.LastOrderAt;
        var cart = carts
            .Where(c => !c.Converted && c.Items.Count > 0)
            .Where(c => c.UpdatedAt <= now - settings.AbandonedCartDelay && c.UpdatedAt >= now.AddDays(-settings.AbandonedCartMaxAgeDays))
            .Where(c => lastOrder is null || lastOrder < c.UpdatedAt)
            .MaxBy(c => c.UpdatedAt);
        return cart is null ? null : new MemberDetail
        {
            CartId = cart.Id,
            RecoveryUrl = cart.RecoveryUrl,
            CartTotal = cart.Total,
            Currency = cart.Currency,
            CartItems = cart.Items.Count,
            AbandonedAt = cart.UpdatedAt,
        };
    }

    /// <summary>Birthday today or within the window, in the shop's time zone; 29 February is celebrated on 28 February in other years.</summary>
    MemberDetail? Birthday(DateOnly? birthday)
    {
        if (birthday is not { } b)
        {
            return null;
        }
        var next = Occurrence(b, today.Year);
        if (next < today)
        {
            next = Occurrence(b, today.Year + 1);
        }
        var days = next.DayNumber - today.DayNumber;
        return days <= settings.BirthdayWithinDays ? new MemberDetail { BirthdayOn = next, InDays = days } : null;
    }

    public static DateOnly Occurrence(DateOnly birthday, int year) =>
        birthday is { Month: 2, Day: 29 } && !DateTime.IsLeapYear(year) ? new DateOnly(year, 2, 28) : new DateOnly(year, birthday.Month, birthday.Day);

    /// <summary>
    /// The product whose next purchase is expected soonest within [today − overdue, today + window]: last purchase plus
    /// the product's learned interval, else its category's, else (for a configured consumable category) the default.
    /// </summary>
    MemberDetail? Replenishment(Customer customer)
    {
        MemberDetail? best = null;
        var due = 0;
        foreach (var product in customer.Aggregates.Products)
        {
            if (product.Dates.Count == 0 || (consumables.Count > 0 && (product.Category is null || !consumables.Contains(product.Category))))
            {
                continue;
            }
            if (Interval(product) is not { } interval)
            {
                continue;
            }
            var last = SegmentSubject.LocalDate(product.Dates[^1], zone);
            var expected = last.AddDays((int)Math.Round(interval.Days, MidpointRounding.AwayFromZero));
            var offset = expected.DayNumber - today.DayNumber;
            if (offset < -settings.ReplenishmentOverdueDays || offset > settings.ReplenishmentWithinDays)
            {
                continue;
            }
            due++;
            if (best is null || expected < best.ExpectedOn)
            {
                best = new MemberDetail
                {
                    Product = product.Product,
                    ProductName = product.Name,
                    ExpectedOn = expected,
                    IntervalDays = interval.Days,
                    IntervalBasis = interval.Basis,
                    SampleCustomers = interval.Sample,
                };
            }
        }
        return best is null ? null : best with { DueProducts = due };
    }

    (double Days, string Basis, int Sample)? Interval(ProductPurchases product)
    {
        if (stats.Products.TryGetValue(product.Product, out var p) && p.Customers >= settings.ReplenishmentMinSample)
        {
            return (p.MedianDays, "product", p.Customers);
        }
        if (product.Category is { } category)
        {
            if (stats.Categories.TryGetValue(category, out var c) && c.Customers >= settings.ReplenishmentMinSample)
            {
                return (c.MedianDays, "category", c.Customers);
            }
            if (consumables.Contains(category))
            {
                return (settings.ReplenishmentDefaultDays, "default", 0);
            }
        }
        return null;
    }
}
