using Hub.Customers;
using Hub.Messaging;
using Hub.Messaging.Campaigns;
using Hub.Segments;
using static Hub.Tests.Messaging.Campaigns.CampaignHarness;

namespace Hub.Tests.Messaging.Campaigns;

/// <summary>Trigger campaigns fire once per occurrence: an entry into a segment, a birthday, a reorder date, a cart.</summary>
public sealed class CampaignTriggerTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Entering_a_segment_starts_the_win_back_once_per_entry()
    {
        await using var h = await new CampaignHarness(azurite).WithShopAsync();
        var ids = await h.AddCustomersAsync(3);
        var campaign = await h.SaveAsync(Cascade("win-back", "lapsed", Step(Channel.Email)) with { Kind = CampaignKind.SegmentEntered });
        var triggers = h.Get<CampaignTriggers>();
        await h.JoinAsync("lapsed", ids[..2]);
        var entered = new SegmentChanges(h.ShopId, "lapsed", "entered", h.Time.GetUtcNow(), ids[..2]);

        await triggers.OnSegmentChangesAsync(entered);
        await triggers.OnSegmentChangesAsync(entered); // the same event delivered twice
        await triggers.OnSegmentChangesAsync(entered with { Change = "left" });
        await triggers.OnSegmentChangesAsync(entered with { SegmentId = "new" });
        await h.DrainAsync();

        Assert.Equal(ids[..2], h.Email.Sent.Select(m => m.CustomerId).Order());

        // Weeks later c0 enters "lapsed" again: a new occurrence, a new message.
        h.Time.Advance(TimeSpan.FromDays(40));
        await triggers.OnSegmentChangesAsync(entered with { At = h.Time.GetUtcNow(), CustomerIds = [ids[0]] });
        await h.DrainAsync();
        Assert.Equal(3, h.Email.Sent.Count);
        Assert.Equal(ids[0], h.Email.Sent.Last().CustomerId);
    }

    [Fact]
    public async Task Entries_from_before_the_campaign_existed_do_not_start_it()
    {
        await using var h = await new CampaignHarness(azurite).WithShopAsync();
        var ids = await h.AddCustomersAsync(1);
        await h.JoinAsync("lapsed", ids);
        var campaign = await h.SaveAsync(Cascade("win-back", "lapsed", Step(Channel.Email)) with { Kind = CampaignKind.SegmentEntered, CreatedAt = h.Time.GetUtcNow() });

        await h.Get<CampaignTriggers>().OnSegmentChangesAsync(new SegmentChanges(h.ShopId, "lapsed", "entered", h.Time.GetUtcNow().AddHours(-1), ids));
        await h.DrainAsync();

        Assert.Empty(h.Email.Sent);
    }

    [Fact]
    public async Task A_birthday_greeting_goes_out_once_three_days_before_and_not_again_the_next_days()
    {
        await using var h = await new CampaignHarness(azurite).WithShopAsync(new CampaignSettings { Caps = [], QuietHours = "none", DailyTriggersAt = new TimeOnly(13, 0) });
        var ids = await h.AddCustomersAsync(3);
        // Today is 25 November in Moscow: c0's birthday is on the 28th (3 days), c1's on the 30th, c2's tomorrow.
        var birthdays = new Dictionary<string, DateOnly> { [ids[0]] = new(2026, 11, 28), [ids[1]] = new(2026, 11, 30), [ids[2]] = new(2026, 11, 26) };
        await h.JoinAsync("birthday-soon", ids, id => new MemberDetail { BirthdayOn = birthdays[id] });
        var campaign = await h.SaveAsync(new Campaign
        {
            Id = "birthday", ShopId = h.ShopId, Kind = CampaignKind.Birthday, DaysBefore = 3, Steps = [Step(Channel.Email, template: "birthday")],
        });
        // It is 12:00 in Moscow: before the shop's daily look at 13:00.
        await h.TickAsync();
        Assert.Empty(h.Email.Sent);

        h.Time.SetUtcNow(new DateTimeOffset(2026, 11, 25, 10, 5, 0, TimeSpan.Zero)); // 13:05 Moscow
        await h.TickAsync();
        await h.TickAsync();
        // Within three days: c0 (28th) and c2 (tomorrow, whose greeting would otherwise be missed).
        Assert.Equal(new[] { ids[0], ids[2] }.Order(), h.Email.Sent.Select(m => m.CustomerId).Order());

        h.Time.SetUtcNow(new DateTimeOffset(2026, 11, 27, 10, 5, 0, TimeSpan.Zero));
        await h.TickAsync();
        Assert.Equal(3, h.Email.Sent.Count); // c1 now; c0 and c2 not again
        Assert.Equal(ids[1], h.Email.Sent.Last().CustomerId);
        Assert.NotNull(await h.EntryAsync(campaign, "2026", ids[1], 0));
    }

    [Fact]
    public async Task A_replenishment_reminder_goes_once_per_due_date()
    {
        await using var h = await new CampaignHarness(azurite).WithShopAsync();
        var ids = await h.AddCustomersAsync(1);
        await h.JoinAsync("replenishment-due", ids, _ => new MemberDetail { Product = "AO-6", ProductName = "Acuvue Oasys", ExpectedOn = new DateOnly(2026, 11, 27) });
        await h.SaveAsync(new Campaign
        {
            Id = "reorder", ShopId = h.ShopId, Kind = CampaignKind.Replenishment, DaysBefore = 2, Steps = [Step(Channel.Email, template: "replenishment")],
        });
        await h.TickAsync();
        h.Time.Advance(TimeSpan.FromDays(1));
        await h.TickAsync();
        Assert.Single(h.Email.Sent);

        // They bought again; the next box is due a month later: a new occurrence.
        await h.JoinAsync("replenishment-due", ids, _ => new MemberDetail { Product = "AO-6", ExpectedOn = new DateOnly(2026, 12, 27) });
        h.Time.SetUtcNow(new DateTimeOffset(2026, 12, 25, 9, 0, 0, TimeSpan.Zero));
        await h.TickAsync();
        Assert.Equal(2, h.Email.Sent.Count);
    }

    [Fact]
    public async Task A_one_off_campaign_starts_at_its_time_and_a_recurring_one_at_each_occurrence()
    {
        await using var h = await new CampaignHarness(azurite).WithShopAsync();
        var ids = await h.AddCustomersAsync(2);
        await h.JoinAsync("repeat", ids);
        var at = h.Time.GetUtcNow().AddHours(2);
        await h.SaveAsync(Cascade("black-friday", "repeat", Step(Channel.Email)) with { StartAt = at });
        // Mondays at 10:00 Moscow; today is Wednesday the 25th.
        await h.SaveAsync(Cascade("weekly", "repeat", Step(Channel.Sms)) with { Kind = CampaignKind.Recurring, Cron = "0 10 * * 1", CreatedAt = h.Time.GetUtcNow() });

        await h.TickAsync();
        Assert.Empty(h.Email.Sent);
        h.Time.SetUtcNow(at);
        await h.TickAsync();
        await h.TickAsync();
        Assert.Equal(2, h.Email.Sent.Count);
        Assert.Empty(h.Sms.Sent);

        h.Time.SetUtcNow(new DateTimeOffset(2026, 11, 30, 7, 0, 0, TimeSpan.Zero)); // Monday 10:00 Moscow
        await h.TickAsync();
        h.Time.Advance(TimeSpan.FromMinutes(5));
        await h.TickAsync();
        Assert.Equal(2, h.Sms.Sent.Count);
        h.Time.SetUtcNow(new DateTimeOffset(2026, 12, 7, 7, 1, 0, TimeSpan.Zero)); // the next Monday
        await h.TickAsync();
        Assert.Equal(4, h.Sms.Sent.Count);
    }
}

/// <summary>An abandoned cart with an abandoned-cart campaign gets the cascade instead of the single reminder, and conversion ends it.</summary>
public sealed class CartCampaignTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task A_cart_cascade_runs_until_the_cart_converts()
    {
        await using var h = await new CampaignHarness(azurite).WithShopAsync();
        var ids = await h.AddCustomersAsync(2);
        var carts = h.Get<CustomerStore>().Carts;
        foreach (var id in ids)
        {
            await carts.UpsertEntityAsync(CustomerEntities.ToEntity(new Cart
            {
                Id = $"cart-{id}", ShopId = h.ShopId, CustomerId = id, Source = "shopify", Total = 4980m, Currency = "RUB",
                RecoveryUrl = $"https://shop.example/cart/{id}", UpdatedAt = h.Time.GetUtcNow().AddHours(-2),
                Items = [new LineItem("p1", "AO-6", "Acuvue Oasys", "Acuvue", "Линзы", 2, 2490m)],
            }));
        }
        await h.SaveAsync(new Campaign
        {
            Id = "cart-rescue", ShopId = h.ShopId, Kind = CampaignKind.AbandonedCart,
            Steps = [Step(Channel.Email, TimeSpan.FromHours(24), "abandoned-cart"), Step(Channel.Sms, template: "abandoned-cart")],
        });
        var triggers = h.Get<MessageTriggers>();

        foreach (var id in ids)
        {
            Assert.Null(await triggers.RemindAsync(new CartReminderJob(h.ShopId, id, $"cart-{id}", h.Time.GetUtcNow().AddHours(-2))));
        }
        await h.DrainAsync();
        Assert.Equal(2, h.Email.Sent.Count);
        Assert.Contains("https://shop.example/cart/", h.Email.Sent.First().Content.Html ?? h.Email.Sent.First().Content.Text);

        // c0's cart converts; c1's stays open.
        var converted = CustomerEntities.ToEntity(new Cart
        {
            Id = $"cart-{ids[0]}", ShopId = h.ShopId, CustomerId = ids[0], Source = "shopify", UpdatedAt = h.Time.GetUtcNow(), Converted = true,
        });
        await carts.UpsertEntityAsync(converted);
        h.Time.Advance(TimeSpan.FromHours(24));
        await h.TickAsync();

        Assert.Equal([ids[1]], h.Sms.Sent.Select(m => m.CustomerId));
    }
}
