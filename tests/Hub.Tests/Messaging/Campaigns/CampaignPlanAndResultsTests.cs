using Hub.Customers;
using Hub.Messaging;
using Hub.Messaging.Campaigns;
using Hub.Messaging.Channels;
using static Hub.Tests.Messaging.Campaigns.CampaignHarness;

namespace Hub.Tests.Messaging.Campaigns;

/// <summary>The plan before anything is sent, and the results after: hand-computed figures.</summary>
public sealed class CampaignPlanAndResultsTests(AzuriteFixture azurite)
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)] // member rows written before they carried the customer's reach: the plan reads the customers
    public async Task The_plan_counts_recipients_and_exclusions_per_step_and_channel_and_prices_them(bool rowsCarryReach)
    {
        await using var h = await new CampaignHarness(azurite).WithShopAsync(new CampaignSettings { Caps = ["1/7d"], QuietHours = "none" });
        // Ten customers: c0–c5 with email consent (c6, c7 have no email; c8, c9 refused email); SMS consent for even ones.
        var ids = await h.AddCustomersAsync(10, i => Person("x", i) with
        {
            ShopId = h.ShopId,
            Emails = i is 6 or 7 ? [] : [new ContactPoint($"c{i}@mail.ru", true)],
            Consents = new Dictionary<Channel, Consent>
            {
                [Channel.Email] = new(i is 8 or 9 ? ConsentState.Denied : ConsentState.Granted, "csv", DateTimeOffset.UnixEpoch),
                [Channel.Sms] = new(i % 2 == 0 ? ConsentState.Granted : ConsentState.Denied, "csv", DateTimeOffset.UnixEpoch),
            },
        });
        await h.JoinAsync("lapsed", ids, withReach: rowsCarryReach);
        await h.Get<Suppressions>().AddAsync(h.ShopId, new Suppression(Channel.Email, "c0@mail.ru", SuppressionScope.Marketing, "unsubscribed", "sendgrid", h.Time.GetUtcNow()));
        await h.Get<ContactLog>().ReserveAsync(h.ShopId, [new CapRequest(ids[2], Channel.Sms, "yesterday")], [CapRule.Parse("1/7d")]);
        var campaign = await h.SaveAsync(Cascade("win-back", "lapsed", Step(Channel.Email, TimeSpan.FromHours(48)), Step(Channel.Sms)));

        var plan = await h.Get<CampaignPlanner>().PlanAsync(h.ShopId, campaign);

        Assert.Equal(10, plan.Audience);
        var email = plan.Lines[0];
        Assert.Equal((1, Channel.Email, 4L), (email.Step, email.Channel, email.Recipients));
        Assert.Equal(new Dictionary<string, long> { ["capped"] = 1, ["no-address"] = 2, ["no-consent"] = 2, ["suppressed"] = 1 }, email.Excluded);
        Assert.Equal(4 * 0.40m, email.Cost);
        var sms = plan.Lines[1];
        Assert.Equal((2, Channel.Sms, 5L), (sms.Step, sms.Channel, sms.Recipients));
        Assert.Equal(new Dictionary<string, long> { ["no-consent"] = 5 }, sms.Excluded);
        Assert.Equal(5 * 2.20m, sms.Cost);
        Assert.Equal(12.60m, plan.CostUpTo);
        Assert.Equal(2, plan.ReachedByNoStep); // c7 (no email, no SMS consent) and c9 (refused both)
        Assert.Empty(h.Email.Sent); // planning sends nothing
    }

    [Fact]
    public async Task A_withdrawn_consent_leaves_the_plan_once_the_customer_is_recomputed_or_at_the_next_full_run()
    {
        await using var h = await new CampaignHarness(azurite).WithShopAsync();
        var ids = await h.AddCustomersAsync(4, i => Person(h.ShopId, i)); // no orders yet: leads, with email consent
        var engine = h.Get<Hub.Segments.SegmentEngine>();
        await engine.ComputeAllAsync(h.ShopId);
        var campaign = await h.SaveAsync(Cascade("welcome", "leads", Step(Channel.Email)));
        var planner = h.Get<CampaignPlanner>();
        Assert.Equal(4, (await planner.PlanAsync(h.ShopId, campaign)).Lines[0].Recipients);

        async Task Withdraw(string id)
        {
            var customer = await h.CustomerAsync(id);
            await h.PutAsync(customer with
            {
                Consents = new Dictionary<Channel, Consent>(customer.Consents) { [Channel.Email] = new(ConsentState.Denied, "shopify", h.Time.GetUtcNow()) },
            });
        }
        await Withdraw(ids[1]);
        await engine.RecomputeCustomerAsync(h.ShopId, ids[1]); // what ingestion queues after the change
        var afterRecompute = (await planner.PlanAsync(h.ShopId, campaign)).Lines[0];
        Assert.Equal((3L, 1L), (afterRecompute.Recipients, afterRecompute.Excluded.GetValueOrDefault("no-consent")));

        await Withdraw(ids[2]); // a change that queued nothing (a bulk import): the next full run catches it
        await engine.ComputeAllAsync(h.ShopId);
        var afterRun = (await planner.PlanAsync(h.ShopId, campaign)).Lines[0];
        Assert.Equal((2L, 2L), (afterRun.Recipients, afterRun.Excluded.GetValueOrDefault("no-consent")));
    }

    [Fact]
    public async Task Orders_within_the_attribution_window_after_a_message_count_for_the_last_message_before_them()
    {
        await using var h = await new CampaignHarness(azurite).WithShopAsync();
        var ids = await h.AddCustomersAsync(3);
        await h.JoinAsync("lapsed", ids);
        var campaign = await h.SaveAsync(Cascade("win-back", "lapsed", Step(Channel.Email, TimeSpan.FromHours(48)), Step(Channel.Sms)) with { AttributionWindow = TimeSpan.FromDays(7) });
        var t0 = h.Time.GetUtcNow();
        await h.StartAsync(campaign);
        await h.Ledger.MarkAsync((await h.EntryAsync(campaign, "run-1", ids[0], 0))!, ProviderEventKind.Opened, t0.AddHours(1), null);
        h.Time.Advance(TimeSpan.FromHours(48));
        await h.TickAsync();
        Assert.Equal(2, h.Sms.Sent.Count);

        var orders = h.Get<CustomerStore>().Orders;
        async Task Order(string customer, string id, DateTimeOffset at, decimal total) => await orders.UpsertEntityAsync(CustomerEntities.ToEntity(new Order
        {
            Id = id, ShopId = h.ShopId, CustomerId = customer, Source = "csv", Currency = "RUB", Total = total, CreatedAt = at, UpdatedAt = at,
        }));
        await Order(ids[0], "o1", t0.AddDays(1), 1000m);   // after the email: credited to step 1
        await Order(ids[1], "o2", t0.AddDays(3), 2000m);   // after the SMS (day 2): credited to step 2
        await Order(ids[2], "o3", t0.AddDays(-1), 500m);   // before any message
        await Order(ids[2], "o4", t0.AddDays(10), 700m);   // 8 days after its last message: outside the window

        var result = await h.Get<CampaignResults>().ComputeAsync(h.ShopId, campaign);

        var email = result.Lines.Single(l => l.Step == 1);
        Assert.Equal((Channel.Email, 3L, 3L, 1L, 1L, 1000m), (email.Channel, email.Planned, email.Sent, email.Opened, email.Converted, email.Revenue));
        Assert.Equal(1.20m, email.Cost);
        var sms = result.Lines.Single(l => l.Step == 2);
        Assert.Equal((Channel.Sms, 3L, 2L, 1L, 2000m), (sms.Channel, sms.Planned, sms.Sent, sms.Converted, sms.Revenue));
        Assert.Equal(new Dictionary<string, long> { ["reacted"] = 1 }, sms.Skipped);
        Assert.Equal((2L, 3000m, 2.00m, 1.00m), (result.Converted, result.Revenue, result.Cost, result.CostPerOrder));
        Assert.Equal((1, 3L, 3L), (result.Runs, result.Audience, result.Customers));
    }
}
