using Hub.Customers;
using Hub.Segments;
using static Hub.Tests.Segments.SegmentFixtures;

namespace Hub.Tests.Segments;

public sealed class BuiltInSegmentTests
{
    static readonly SegmentSettings LearnFromThree = SegmentSettings.Default with { LapsedMinSample = 3 };

    // Three repeat buyers: average days between orders (60/2 =) 30, (50/1 =) 50 and (160/4 =) 40 → median 40.
    static readonly Customer[] RepeatBuyers =
    [
        Customer("r1", 3, 900m, lastDaysAgo: 40, firstDaysAgo: 100),
        Customer("r2", 2, 400m, lastDaysAgo: 30, firstDaysAgo: 80),
        Customer("r3", 5, 2500m, lastDaysAgo: 0, firstDaysAgo: 160),
    ];

    [Fact]
    public void Lapsed_threshold_is_the_shops_typical_repurchase_interval_times_the_factor()
    {
        var stats = Learn(RepeatBuyers, LearnFromThree);

        Assert.Equal(40, stats.Repurchase!.MedianDays);
        Assert.Equal(80, stats.LapsedAfterDays);
        Assert.Equal(LapsedBasis.Learned, stats.LapsedBasis);

        var evaluator = Evaluator(stats, LearnFromThree);
        Assert.Contains(SegmentIds.Lapsed, evaluator.Place(Customer("gone", 1, 100m, lastDaysAgo: 81), []).Ids());
        Assert.Contains(SegmentIds.OneTime, evaluator.Place(Customer("quiet", 1, 100m, lastDaysAgo: 79), []).Ids());
        Assert.Contains(SegmentIds.Repeat, evaluator.Place(RepeatBuyers[0], []).Ids());
    }

    [Fact]
    public void Too_few_repeat_buyers_fall_back_to_the_default_threshold_and_a_fixed_one_wins()
    {
        var learned = Learn(RepeatBuyers, LearnFromThree with { LapsedMinSample = 4 });
        Assert.Equal(180, learned.LapsedAfterDays);
        Assert.Equal(LapsedBasis.Default, learned.LapsedBasis);
        Assert.Contains(SegmentIds.OneTime, Evaluator(learned).Place(Customer("gone", 1, 100m, lastDaysAgo: 81), []).Ids());

        var fixedDays = Learn(RepeatBuyers, LearnFromThree with { LapsedAfterDays = 60 });
        Assert.Equal((60, LapsedBasis.Fixed), (fixedDays.LapsedAfterDays, fixedDays.LapsedBasis));
    }

    [Fact]
    public void Lifecycle_stages_are_exclusive()
    {
        var evaluator = Evaluator(Learn(RepeatBuyers, LearnFromThree), LearnFromThree);
        string Stage(Customer c) => Assert.Single(evaluator.Place(c, []).Ids(), SegmentIds.Lifecycle.Contains);

        Assert.Equal(SegmentIds.Leads, Stage(Customer("lead")));
        Assert.Equal(SegmentIds.New, Stage(Customer("fresh", 2, 200m, lastDaysAgo: 3, firstDaysAgo: 20)));
        Assert.Equal(SegmentIds.OneTime, Stage(Customer("once", 1, 100m, lastDaysAgo: 45)));
        Assert.Equal(SegmentIds.Repeat, Stage(Customer("twice", 2, 200m, lastDaysAgo: 45, firstDaysAgo: 90)));
        Assert.Equal(SegmentIds.Lapsed, Stage(Customer("gone", 4, 200m, lastDaysAgo: 200, firstDaysAgo: 400)));
        // No way to reach them, no orders: not a lead. Deleted: in no segment at all.
        Assert.Empty(evaluator.Place(Customer("ghost") with { Emails = [] }, []).Ids());
        Assert.Empty(evaluator.Place(Customer("deleted", 1, 100m, 5) with { DeletedAt = Now }, []).Ids());
    }

    static readonly SegmentSettings Replenish = SegmentSettings.Default with
    {
        ReplenishmentMinSample = 3,
        ReplenishmentDefaultDays = 20,
        ConsumableCategories = ["Lenses", "Care"],
    };

    // lens-30: intervals 30, 30 (r1), 28 (r2), 32 (r3) from three customers → median 30.
    static readonly Customer[] LensBuyers =
    [
        Buyer("l1", "lens-30", "Lenses", 90, 60, 30),
        Buyer("l2", "lens-30", "Lenses", 100, 72),
        Buyer("l3", "lens-30", "Lenses", 50, 18),
    ];

    [Fact]
    public void Replenishment_interval_is_the_median_between_one_customers_purchases_of_the_product()
    {
        var stats = Learn(LensBuyers, Replenish);

        Assert.Equal(new IntervalStat(30, Customers: 3, Intervals: 4), stats.Products["lens-30"]);
        var member = Evaluator(stats, Replenish).Place(Buyer("x", "lens-30", "Lenses", 25), []);
        var detail = Assert.Single(member.Memberships, m => m.SegmentId == SegmentIds.ReplenishmentDue).Detail!;
        Assert.Equal(new DateOnly(2026, 11, 30), detail.ExpectedOn); // bought 2026-10-31 + 30 days
        Assert.Equal(("lens-30", "product", 3), (detail.Product, detail.IntervalBasis, detail.SampleCustomers));
    }

    [Fact]
    public void Replenishment_falls_back_to_the_category_then_to_the_default_for_consumables()
    {
        var stats = Learn(LensBuyers, Replenish);
        var evaluator = Evaluator(stats, Replenish);

        // A new lens nobody bought twice: the Lenses category's interval (30 days, same three customers).
        var byCategory = evaluator.Place(Buyer("y", "lens-new", "Lenses", 28), []).Memberships.Single(m => m.SegmentId == SegmentIds.ReplenishmentDue).Detail!;
        Assert.Equal((new DateOnly(2026, 11, 27), "category", 3), (byCategory.ExpectedOn!.Value, byCategory.IntervalBasis!, byCategory.SampleCustomers!.Value));

        // Care has no history at all: the configured default of 20 days.
        var byDefault = evaluator.Place(Buyer("z", "drops", "Care", 15), []).Memberships.Single(m => m.SegmentId == SegmentIds.ReplenishmentDue).Detail!;
        Assert.Equal((new DateOnly(2026, 11, 30), "default", 0), (byDefault.ExpectedOn!.Value, byDefault.IntervalBasis!, byDefault.SampleCustomers!.Value));

        // Not due yet (expected in 25 days), long overdue (expected 30 days ago), or not a consumable: not a member.
        Assert.DoesNotContain(SegmentIds.ReplenishmentDue, evaluator.Place(Buyer("early", "lens-30", "Lenses", 5), []).Ids());
        Assert.DoesNotContain(SegmentIds.ReplenishmentDue, evaluator.Place(Buyer("late", "lens-30", "Lenses", 60), []).Ids());
        Assert.DoesNotContain(SegmentIds.ReplenishmentDue, evaluator.Place(Buyer("sofa", "sofa", "Furniture", 20), []).Ids());
    }

    [Theory]
    [InlineData("2026-12-28T09:00:00Z", "2000-01-02", "2027-01-02", 5)] // across the year end
    [InlineData("2027-02-25T09:00:00Z", "1996-02-29", "2027-02-28", 3)] // 29 February in a common year
    [InlineData("2028-02-25T09:00:00Z", "1996-02-29", "2028-02-29", 4)] // and in a leap year
    [InlineData("2026-12-31T22:00:00Z", "1990-01-01", "2027-01-01", 0)] // already 1 January in Moscow
    [InlineData("2026-11-25T09:00:00Z", "1990-11-25", "2026-11-25", 0)] // today
    [InlineData("2026-11-25T09:00:00Z", "1990-12-02", "2026-12-02", 7)] // the last day of the window
    public void Birthday_soon_in_the_shops_time_zone(string now, string birthday, string expected, int inDays)
    {
        var evaluator = Evaluator(now: DateTimeOffset.Parse(now, System.Globalization.CultureInfo.InvariantCulture));
        var detail = evaluator.Place(Customer("b") with { Birthday = DateOnly.Parse(birthday, System.Globalization.CultureInfo.InvariantCulture) }, [])
            .Memberships.Single(m => m.SegmentId == SegmentIds.BirthdaySoon).Detail!;
        Assert.Equal((DateOnly.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), inDays), (detail.BirthdayOn!.Value, detail.InDays!.Value));
    }

    [Theory]
    [InlineData("2026-11-24")] // yesterday: next year's is far away
    [InlineData("1990-12-03")] // eight days ahead
    public void Birthday_outside_the_window_is_not_soon(string birthday) =>
        Assert.DoesNotContain(SegmentIds.BirthdaySoon, Evaluator().Place(Customer("b") with { Birthday = DateOnly.Parse(birthday, System.Globalization.CultureInfo.InvariantCulture) }, []).Ids());

    static Cart Cart(string id, TimeSpan ago, bool converted = false, int items = 1) => new()
    {
        Id = id,
        ShopId = "shop",
        CustomerId = "c",
        Source = "shopify",
        Items = Enumerable.Range(0, items).Select(i => new LineItem($"p{i}", null, "Lens", "Alcon", "Lenses", 1, 1500m)).ToArray(),
        Total = items * 1500m,
        Currency = "RUB",
        RecoveryUrl = $"https://shop.example/cart/{id}/recover",
        UpdatedAt = Now - ago,
        Converted = converted,
    };

    [Fact]
    public void Abandoned_cart_is_the_latest_cart_left_with_items_past_the_delay_and_not_followed_by_an_order()
    {
        var evaluator = Evaluator();
        var customer = Customer("c", 1, 1000m, lastDaysAgo: 10);

        var detail = evaluator.Place(customer, [Cart("old", TimeSpan.FromDays(3)), Cart("recent", TimeSpan.FromHours(2)), Cart("fresh", TimeSpan.FromMinutes(30))])
            .Memberships.Single(m => m.SegmentId == SegmentIds.AbandonedCart).Detail!;
        Assert.Equal(("recent", "https://shop.example/cart/recent/recover", 1500m), (detail.CartId, detail.RecoveryUrl, detail.CartTotal!.Value));

        Assert.DoesNotContain(SegmentIds.AbandonedCart, evaluator.Place(customer, [Cart("fresh", TimeSpan.FromMinutes(30))]).Ids());
        Assert.DoesNotContain(SegmentIds.AbandonedCart, evaluator.Place(customer, [Cart("bought", TimeSpan.FromHours(2), converted: true)]).Ids());
        Assert.DoesNotContain(SegmentIds.AbandonedCart, evaluator.Place(customer, [Cart("empty", TimeSpan.FromHours(2), items: 0)]).Ids());
        Assert.DoesNotContain(SegmentIds.AbandonedCart, evaluator.Place(customer, [Cart("ancient", TimeSpan.FromDays(31))]).Ids());
        // Ordered after leaving the cart: the platform may not mark it converted, the order says enough.
        Assert.DoesNotContain(SegmentIds.AbandonedCart, evaluator.Place(Customer("c", 2, 2000m, lastDaysAgo: 0, firstDaysAgo: 10), [Cart("then-bought", TimeSpan.FromHours(5))]).Ids());
    }

    [Fact]
    public void Gender_comes_from_the_data_and_is_guessed_only_when_the_shop_turns_it_on()
    {
        var known = Customer("k") with { Gender = Gender.Female };
        var unknown = Customer("u") with { LastName = "Смирнова", MiddleName = "Андреевна" };
        var male = Customer("m") with { LastName = "Петров", MiddleName = "Иванович" };

        Assert.Contains(SegmentIds.Female, Evaluator().Place(known, []).Ids());
        Assert.DoesNotContain(SegmentIds.Female, Evaluator().Place(unknown, []).Ids());
        var guessing = Evaluator(settings: SegmentSettings.Default with { GuessGenderFromName = true });
        Assert.Contains(SegmentIds.Female, guessing.Place(unknown, []).Ids());
        Assert.Contains(SegmentIds.Male, guessing.Place(male, []).Ids());
        Assert.DoesNotContain(guessing.Place(Customer("x") with { LastName = "Ким" }, []).Ids(), id => id.StartsWith("gender-", StringComparison.Ordinal));
    }
}
