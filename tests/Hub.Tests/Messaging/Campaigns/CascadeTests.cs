using Hub.Customers;
using Hub.Messaging;
using Hub.Messaging.Campaigns;
using Hub.Messaging.Channels;
using static Hub.Tests.Messaging.Campaigns.CampaignHarness;

namespace Hub.Tests.Messaging.Campaigns;

/// <summary>Cascades on Azurite and a fake clock: who gets the next step, when, and who never does.</summary>
public sealed class CascadeTests(AzuriteFixture azurite)
{
    static readonly TimeSpan Window = TimeSpan.FromHours(48);

    [Fact]
    public async Task Only_customers_who_neither_opened_clicked_nor_bought_get_the_next_step_and_only_after_the_window()
    {
        await using var h = await new CampaignHarness(azurite).WithShopAsync();
        var ids = await h.AddCustomersAsync(4);
        await h.JoinAsync("lapsed", ids);
        var campaign = await h.SaveAsync(Cascade("win-back", "lapsed", Step(Channel.Email, Window), Step(Channel.Sms)));

        await h.StartAsync(campaign);
        Assert.Equal(ids.Select(id => (id, Channel.Email)), h.Sent().OrderBy(s => s.Customer));

        // c0 opens the email, c1 clicks it, c2 buys the next day; c3 does nothing.
        h.Time.Advance(TimeSpan.FromHours(3));
        await h.Ledger.MarkAsync((await h.EntryAsync(campaign, "run-1", ids[0], 0))!, ProviderEventKind.Opened, h.Time.GetUtcNow(), null);
        await h.Ledger.MarkAsync((await h.EntryAsync(campaign, "run-1", ids[1], 0))!, ProviderEventKind.Clicked, h.Time.GetUtcNow(), null);
        h.Time.Advance(TimeSpan.FromHours(21));
        var buyer = await h.CustomerAsync(ids[2]);
        await h.PutAsync(buyer with { Aggregates = buyer.Aggregates with { LastOrderAt = h.Time.GetUtcNow(), OrdersCount = 1 } });

        h.Time.Advance(Window - TimeSpan.FromHours(24) - TimeSpan.FromMinutes(5));
        await h.TickAsync();
        Assert.Empty(h.Sms.Sent); // the window has not passed yet

        h.Time.Advance(TimeSpan.FromMinutes(6));
        await h.TickAsync();
        Assert.Equal([ids[3]], h.Sms.Sent.Select(m => m.CustomerId));
        Assert.Equal(CascadeStops.Reacted, (await h.EntryAsync(campaign, "run-1", ids[0], 1))!.Error);
        Assert.Equal(CascadeStops.Reacted, (await h.EntryAsync(campaign, "run-1", ids[1], 1))!.Error);
        Assert.Equal(CascadeStops.Converted, (await h.EntryAsync(campaign, "run-1", ids[2], 1))!.Error);

        // The timer looking again sends nothing more.
        await h.TickAsync();
        Assert.Single(h.Sms.Sent);
    }

    [Fact]
    public async Task A_customer_without_an_address_or_consent_for_a_step_moves_to_the_next_step_at_once()
    {
        await using var h = await new CampaignHarness(azurite).WithShopAsync();
        var ids = await h.AddCustomersAsync(3, i => i switch
        {
            0 => Person("x", i) with { ShopId = h.ShopId, Emails = [] },                      // no email at all
            1 => Person("x", i) with { ShopId = h.ShopId, Consents = new Dictionary<Channel, Consent> { [Channel.Sms] = new(ConsentState.Granted, "csv", DateTimeOffset.UnixEpoch) } }, // no email consent
            _ => Person("x", i) with { ShopId = h.ShopId },
        });
        await h.JoinAsync("lapsed", ids);
        var campaign = await h.SaveAsync(Cascade("win-back", "lapsed", Step(Channel.Email, Window), Step(Channel.Sms)));

        await h.StartAsync(campaign);

        Assert.Equal([ids[2]], h.Email.Sent.Select(m => m.CustomerId));
        Assert.Equal([ids[0], ids[1]], h.Sms.Sent.Select(m => m.CustomerId).Order());
        Assert.Equal(SkipReasons.NoAddress, (await h.EntryAsync(campaign, "run-1", ids[0], 0))!.Error);
        Assert.Equal(SkipReasons.NoConsent, (await h.EntryAsync(campaign, "run-1", ids[1], 0))!.Error);

        // Their SMS was their step 2: nothing more comes after the window; c2 gets the SMS then.
        h.Time.Advance(Window + TimeSpan.FromMinutes(1));
        await h.TickAsync();
        Assert.Equal(3, h.Sms.Sent.Count);
        Assert.Equal(ids[2], h.Sms.Sent.Last().CustomerId);
    }

    [Fact]
    public async Task A_message_over_the_cap_is_deferred_to_the_first_free_slot_then_sent_and_the_cap_is_never_exceeded()
    {
        await using var h = await new CampaignHarness(azurite).WithShopAsync(new CampaignSettings { Caps = ["2/7d"], QuietHours = "none", Deadline = TimeSpan.FromDays(5) });
        var ids = await h.AddCustomersAsync(2);
        await h.JoinAsync("lapsed", ids);
        var log = h.Get<ContactLog>();
        var rules = new[] { CapRule.Parse("2/7d") };
        // c0 already got two marketing messages: 6 and 3 days ago.
        var start = h.Time.GetUtcNow().AddDays(6);
        await log.ReserveAsync(h.ShopId, [new CapRequest(ids[0], Channel.Email, "earlier-1")], rules);
        h.Time.SetUtcNow(start.AddDays(-3));
        await log.ReserveAsync(h.ShopId, [new CapRequest(ids[0], Channel.Sms, "earlier-2")], rules);
        h.Time.SetUtcNow(start);
        var campaign = await h.SaveAsync(Cascade("promo", "lapsed", Step(Channel.Email)));

        await h.StartAsync(campaign);

        Assert.Equal([ids[1]], h.Email.Sent.Select(m => m.CustomerId));
        var waiting = Assert.Single(await h.Get<CampaignWakeups>().PendingAsync(h.ShopId, campaign.Id));
        Assert.Equal((WakeupReason.Capped, start.AddDays(1)), (waiting.Reason, waiting.Due));

        h.Time.SetUtcNow(start.AddDays(1).AddMinutes(-1));
        await h.TickAsync();
        Assert.Single(h.Email.Sent);
        h.Time.SetUtcNow(start.AddDays(1));
        await h.TickAsync();
        Assert.Equal([ids[1], ids[0]], h.Email.Sent.Select(m => m.CustomerId));
        // At no moment did c0 have more than two messages within seven days.
        var times = (await log.RecentAsync(h.ShopId, ids[0])).Select(e => e.At).Order().ToList();
        Assert.All(times, t => Assert.True(times.Count(u => u > t - TimeSpan.FromDays(7) && u <= t) <= 2));
    }

    [Fact]
    public async Task A_message_whose_first_free_slot_is_past_the_deadline_is_dropped_with_the_reason_recorded()
    {
        await using var h = await new CampaignHarness(azurite).WithShopAsync(new CampaignSettings { Caps = ["1/7d"], QuietHours = "none", Deadline = TimeSpan.FromDays(3) });
        var ids = await h.AddCustomersAsync(1);
        await h.JoinAsync("lapsed", ids);
        await h.Get<ContactLog>().ReserveAsync(h.ShopId, [new CapRequest(ids[0], Channel.Email, "yesterday")], [CapRule.Parse("1/7d")]);
        var campaign = await h.SaveAsync(Cascade("promo", "lapsed", Step(Channel.Email)));

        await h.StartAsync(campaign);

        Assert.Empty(h.Email.Sent);
        var entry = (await h.EntryAsync(campaign, "run-1", ids[0], 0))!;
        Assert.Equal((SendStatus.Skipped, CascadeStops.Capped), (entry.Status, entry.Error));
        Assert.Empty(await h.Get<CampaignWakeups>().PendingAsync(h.ShopId, campaign.Id));
    }

    [Fact]
    public async Task Quiet_hours_hold_each_recipient_until_morning_in_their_own_time_zone()
    {
        await using var h = await new CampaignHarness(azurite).WithShopAsync(new CampaignSettings { Caps = [], QuietHours = "21:00-09:00" });
        // 12:00 UTC: 15:00 in Moscow (the shop, and c0), 22:00 in Vladivostok (c1), 04:00 in Chicago (c2).
        h.Time.SetUtcNow(new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero));
        var ids = await h.AddCustomersAsync(3, i => Person("x", i) with
        {
            ShopId = h.ShopId,
            TimeZone = i switch { 1 => "Asia/Vladivostok", 2 => "America/Chicago", _ => null },
        });
        await h.JoinAsync("lapsed", ids);
        var campaign = await h.SaveAsync(Cascade("promo", "lapsed", Step(Channel.Email)) with { Deadline = TimeSpan.FromDays(2) });

        await h.StartAsync(campaign);
        Assert.Equal([ids[0]], h.Email.Sent.Select(m => m.CustomerId));

        // 09:00 in Vladivostok is 23:00 UTC; 09:00 in Chicago is 15:00 UTC.
        h.Time.SetUtcNow(new DateTimeOffset(2026, 11, 25, 14, 59, 0, TimeSpan.Zero));
        await h.TickAsync();
        Assert.Single(h.Email.Sent);
        h.Time.SetUtcNow(new DateTimeOffset(2026, 11, 25, 15, 0, 0, TimeSpan.Zero));
        await h.TickAsync();
        Assert.Equal(ids[2], h.Email.Sent.Last().CustomerId);
        h.Time.SetUtcNow(new DateTimeOffset(2026, 11, 25, 22, 59, 0, TimeSpan.Zero));
        await h.TickAsync();
        Assert.Equal(2, h.Email.Sent.Count);
        h.Time.SetUtcNow(new DateTimeOffset(2026, 11, 25, 23, 0, 0, TimeSpan.Zero));
        await h.TickAsync();
        Assert.Equal(ids[1], h.Email.Sent.Last().CustomerId);
    }

    [Fact]
    public async Task A_run_started_twice_and_a_batch_delivered_twice_send_each_message_once()
    {
        await using var h = await new CampaignHarness(azurite).WithShopAsync();
        var ids = await h.AddCustomersAsync(30);
        await h.JoinAsync("lapsed", ids);
        var campaign = await h.SaveAsync(Cascade("promo", "lapsed", Step(Channel.Email, Window), Step(Channel.Sms)));

        var first = await h.StartAsync(campaign);
        var again = await h.StartAsync(campaign);
        await h.Get<CascadeStepProcessor>().HandleAsync(new CampaignStepJob(h.ShopId, campaign.Id, "run-1", 0, ids));

        Assert.True(first.Started);
        Assert.False(again.Started);
        Assert.Equal(30, h.Email.Sent.Count);
        // The repeated batch did not skip anyone ahead to the SMS step.
        Assert.Empty(h.Sms.Sent);
        h.Time.Advance(Window);
        await h.TickAsync();
        Assert.Equal(30, h.Sms.Sent.Count);
    }

    [Fact]
    public async Task Several_channels_in_one_step_go_out_together_on_purpose()
    {
        await using var h = await new CampaignHarness(azurite).WithShopAsync();
        var ids = await h.AddCustomersAsync(2);
        await h.JoinAsync("lapsed", ids);
        var campaign = await h.SaveAsync(Cascade("promo", "lapsed", new CampaignStep([Channel.Email, Channel.Sms], "win-back")));

        await h.StartAsync(campaign);

        Assert.Equal(2, h.Email.Sent.Count);
        Assert.Equal(2, h.Sms.Sent.Count);
        Assert.Equal(SendStatus.Sent, (await h.EntryAsync(campaign, "run-1", ids[0], 0, channel: 1))!.Status);
    }

    [Fact]
    public async Task Any_campaign_may_target_any_segment_and_the_exclusion_segment_keeps_people_out()
    {
        await using var h = await new CampaignHarness(azurite).WithShopAsync();
        var ids = await h.AddCustomersAsync(4);
        await h.JoinAsync("gender-female", ids);      // a 23 February men's offer may go to women: nothing forbids it
        await h.JoinAsync("abandoned-cart", [ids[0]]);
        var campaign = await h.SaveAsync(Cascade("23-feb", "gender-female", Step(Channel.Email)) with { ExcludeSegmentId = "abandoned-cart" });

        var start = await h.StartAsync(campaign);

        Assert.Equal(3, start.Queued);
        Assert.Equal(ids.Skip(1), h.Email.Sent.Select(m => m.CustomerId).Order());
    }
}
