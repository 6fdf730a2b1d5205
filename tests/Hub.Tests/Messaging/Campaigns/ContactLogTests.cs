using Azure.Core;
using Azure.Data.Tables;
using Hub.Customers;
using Hub.Messaging.Campaigns;
using Hub.Storage;
using Hub.Tests.Storage;
using Microsoft.Extensions.Time.Testing;

namespace Hub.Tests.Messaging.Campaigns;

/// <summary>Frequency caps on Azurite: the cap defers, later releases, and is never exceeded.</summary>
public sealed class ContactLogTests(AzuriteFixture azurite)
{
    static readonly DateTimeOffset Start = new(2026, 11, 2, 10, 0, 0, TimeSpan.Zero);
    readonly string shop = AzuriteFixture.NewShopId("caps");
    readonly FakeTimeProvider time = new(Start);

    ContactLog Log(StorageClients? clients = null) => new(clients ?? azurite.Clients, time);

    static CapRule[] Rules(params string[] rules) => rules.Select(CapRule.Parse).ToArray();

    static DateTimeOffset Day(double days) => Start + TimeSpan.FromDays(days);

    async Task<CapDecision> ReserveAsync(string customer, Channel channel, string source, CapRule[] rules, ContactLog? log = null) =>
        (await (log ?? Log()).ReserveAsync(shop, [new CapRequest(customer, channel, source)], rules)).Single();

    async Task<CapDecision> CheckAsync(string customer, Channel channel, string source, CapRule[] rules) =>
        (await Log().CheckAsync(shop, [new CapRequest(customer, channel, source)], rules)).Single();

    async Task<string[]> SourcesAsync(string customer) => (await Log().RecentAsync(shop, customer)).Select(e => e.Source).ToArray();

    void At(DateTimeOffset instant) => time.SetUtcNow(instant);

    [Fact]
    public async Task The_fourth_message_in_seven_days_waits_exactly_until_the_first_leaves_the_window()
    {
        var rules = Rules("3/7d");
        Assert.True((await ReserveAsync("anna", Channel.Email, "spring|0", rules)).Allowed);
        At(Day(1));
        Assert.True((await ReserveAsync("anna", Channel.Sms, "sale|0", rules)).Allowed);
        At(Day(3));
        Assert.True((await ReserveAsync("anna", Channel.Email, "cart|0", rules)).Allowed);
        At(Day(4));

        var fourth = await ReserveAsync("anna", Channel.Telegram, "birthday|0", rules);

        Assert.Equal(new CapDecision("anna", false, Day(7), "3/7d"), fourth);
        At(Day(7) - TimeSpan.FromMinutes(1));
        Assert.Equal(new CapDecision("anna", false, Day(7), "3/7d"), await ReserveAsync("anna", Channel.Telegram, "birthday|0", rules));
        At(Day(7));
        Assert.Equal(new CapDecision("anna", true, null, null), await ReserveAsync("anna", Channel.Telegram, "birthday|0", rules));
        // The next one waits for the second send (day 1) to leave.
        Assert.Equal(new CapDecision("anna", false, Day(8), "3/7d"), await ReserveAsync("anna", Channel.Email, "winback|0", rules));
        Assert.Equal(["sale|0", "cart|0", "birthday|0"], await SourcesAsync("anna"));
    }

    [Fact]
    public async Task A_shop_wide_cap_that_frees_later_than_the_channel_cap_decides_when()
    {
        var rules = Rules("3/7d", "sms:1/3d");
        await ReserveAsync("boris", Channel.Email, "a", rules);
        At(Day(1));
        await ReserveAsync("boris", Channel.Email, "b", rules);
        At(Day(2));
        await ReserveAsync("boris", Channel.Sms, "c", rules);
        At(Day(2) + TimeSpan.FromHours(1));

        // sms:1/3d frees on day 5, 3/7d only on day 7 (when day 0's email leaves).
        Assert.Equal(new CapDecision("boris", false, Day(7), "3/7d"), await ReserveAsync("boris", Channel.Sms, "d", rules));
        At(Day(5));
        Assert.Equal(new CapDecision("boris", false, Day(7), "3/7d"), await ReserveAsync("boris", Channel.Sms, "d", rules));
        At(Day(7));
        Assert.True((await ReserveAsync("boris", Channel.Sms, "d", rules)).Allowed);
    }

    [Fact]
    public async Task A_channel_cap_that_frees_later_than_the_shop_wide_cap_decides_when_and_stops_only_its_channel()
    {
        var rules = Rules("2/7d", "sms:1/5d");
        await ReserveAsync("vera", Channel.Email, "a", rules);
        At(Day(4));
        await ReserveAsync("vera", Channel.Sms, "b", rules);
        At(Day(4) + TimeSpan.FromHours(1));

        // 2/7d frees on day 7 (day 0's email leaves) but the day-4 SMS holds sms:1/5d until day 9.
        Assert.Equal(new CapDecision("vera", false, Day(9), "sms:1/5d"), await CheckAsync("vera", Channel.Sms, "c", rules));
        Assert.Equal(new CapDecision("vera", false, Day(7), "2/7d"), await CheckAsync("vera", Channel.Email, "c", rules));
        At(Day(7));
        Assert.Equal(new CapDecision("vera", false, Day(9), "sms:1/5d"), await CheckAsync("vera", Channel.Sms, "c", rules));
        Assert.True((await CheckAsync("vera", Channel.Email, "c", rules)).Allowed);
        At(Day(9));
        Assert.True((await ReserveAsync("vera", Channel.Sms, "c", rules)).Allowed);
    }

    [Fact]
    public async Task A_cap_lowered_below_what_a_customer_already_got_frees_when_enough_sends_have_left()
    {
        for (var day = 0; day < 5; day++)
        {
            At(Day(day));
            Assert.True((await ReserveAsync("gleb", Channel.Email, $"s{day}", Rules("5/7d"))).Allowed);
        }

        // Five sends (days 0–4) against 3/7d: three must leave, the third on day 2 + 7.
        Assert.Equal(new CapDecision("gleb", false, Day(9), "3/7d"), await CheckAsync("gleb", Channel.Email, "next", Rules("3/7d")));
    }

    [Fact]
    public async Task Sixteen_concurrent_reservations_for_one_customer_take_exactly_the_three_slots()
    {
        var rules = Rules("3/7d");
        var log = Log();

        var decisions = await Task.WhenAll(Enumerable.Range(0, 16).Select(i =>
            Task.Run(() => ReserveAsync("dina", Channel.Email, $"campaign-{i}|0", rules, log))));

        var allowed = decisions.Where(d => d.Allowed).ToArray();
        Assert.Equal(3, allowed.Length);
        Assert.All(decisions.Where(d => !d.Allowed), d => Assert.Equal(new CapDecision("dina", false, Day(7), "3/7d"), d));
        var sources = await SourcesAsync("dina");
        Assert.Equal(3, sources.Length);
        Assert.Equal(3, sources.Distinct().Count());
    }

    [Fact]
    public async Task Three_hundred_customers_of_one_bucket_are_decided_with_one_read_and_a_transaction_per_hundred()
    {
        var ids = OneBucket(300);
        var rules = Rules("2/7d");
        await Log().ReserveAsync(shop, ids.Take(150).Select(id => new CapRequest(id, Channel.Email, "spring|0")).ToArray(), rules);
        At(Day(1));
        await Log().ReserveAsync(shop, ids.Select(id => new CapRequest(id, Channel.Sms, "sale|0")).ToArray(), rules);
        At(Day(2));
        var counting = new RequestCounter();

        var decisions = await Log(counting.Clients(azurite)).ReserveAsync(shop, ids.Select(id => new CapRequest(id, Channel.Email, "cart|0")).ToArray(), rules);

        Assert.Equal(ids, decisions.Select(d => d.CustomerId));
        Assert.All(decisions.Take(150), d => Assert.Equal(new CapDecision(d.CustomerId, false, Day(7), "2/7d"), d));
        Assert.All(decisions.Skip(150), d => Assert.True(d.Allowed));
        // One range query over the bucket, then 150 replaced rows: two transactions.
        Assert.Equal((1, 2), (counting.Queries, counting.Batches));
        Assert.Equal(["spring|0", "sale|0"], await SourcesAsync(ids[0]));
        Assert.Equal(["sale|0", "cart|0"], await SourcesAsync(ids[299]));
    }

    [Fact]
    public async Task Two_concurrent_batches_over_the_same_customers_never_give_anyone_two_slots()
    {
        var ids = OneBucket(250);
        var rules = Rules("1/7d");

        var both = await Task.WhenAll(
            Task.Run(() => Log().ReserveAsync(shop, ids.Select(id => new CapRequest(id, Channel.Email, "spring|0")).ToArray(), rules)),
            Task.Run(() => Log().ReserveAsync(shop, ids.Select(id => new CapRequest(id, Channel.Sms, "sale|0")).ToArray(), rules)));

        for (var i = 0; i < ids.Length; i++)
        {
            Assert.True(both[0][i].Allowed ^ both[1][i].Allowed, $"{ids[i]}: {both[0][i]} / {both[1][i]}");
            Assert.Equal([both[0][i].Allowed ? "spring|0" : "sale|0"], await SourcesAsync(ids[i]));
        }
    }

    [Fact]
    public async Task A_retry_of_the_same_message_uses_no_second_slot()
    {
        var rules = Rules("2/7d");
        Assert.True((await ReserveAsync("egor", Channel.Email, "spring|0", rules)).Allowed);
        At(Day(1));
        Assert.True((await ReserveAsync("egor", Channel.Email, "spring|0", rules)).Allowed);
        var twiceInOneCall = await Log().ReserveAsync(shop, [new CapRequest("egor", Channel.Sms, "sale|0"), new CapRequest("egor", Channel.Sms, "sale|0")], rules);

        Assert.All(twiceInOneCall, d => Assert.True(d.Allowed));
        Assert.Equal(["spring|0", "sale|0"], await SourcesAsync("egor"));
        Assert.Equal(Start, (await Log().RecentAsync(shop, "egor"))[0].At);
        Assert.Equal(new CapDecision("egor", false, Day(7), "2/7d"), await ReserveAsync("egor", Channel.Email, "cart|0", rules));
        // Even once the cap is full, the messages already reserved are still allowed.
        Assert.True((await ReserveAsync("egor", Channel.Email, "spring|0", rules)).Allowed);
    }

    [Fact]
    public async Task Requests_of_one_customer_in_one_call_count_against_each_other_in_order()
    {
        var rules = Rules("2/7d");
        CapRequest[] requests = [new("zoya", Channel.Email, "a"), new("zoya", Channel.Sms, "b"), new("zoya", Channel.Email, "c")];

        var plan = await Log().CheckAsync(shop, requests, rules);
        var reserved = await Log().ReserveAsync(shop, requests, rules);

        Assert.Equal([true, true, false], plan.Select(d => d.Allowed));
        Assert.Equal(plan, reserved);
        Assert.Equal(Start + TimeSpan.FromDays(7), reserved[2].NotBefore);
        Assert.Equal(["a", "b"], await SourcesAsync("zoya"));
    }

    [Fact]
    public async Task Release_gives_the_slot_back()
    {
        var rules = Rules("1/7d");
        await ReserveAsync("fedor", Channel.Email, "spring|0", rules);
        Assert.False((await ReserveAsync("fedor", Channel.Sms, "sale|0", rules)).Allowed);

        Assert.True(await Log().ReleaseAsync(shop, "fedor", "spring|0"));

        Assert.Empty(await SourcesAsync("fedor"));
        Assert.True((await ReserveAsync("fedor", Channel.Sms, "sale|0", rules)).Allowed);
        Assert.False(await Log().ReleaseAsync(shop, "fedor", "spring|0"));
        Assert.False(await Log().ReleaseAsync(shop, "nobody", "spring|0"));
        Assert.Equal(["sale|0"], await SourcesAsync("fedor"));
    }

    [Fact]
    public async Task Release_keeps_the_other_sends()
    {
        var rules = Rules("3/7d");
        await ReserveAsync("galya", Channel.Email, "a", rules);
        await ReserveAsync("galya", Channel.Email, "b", rules);

        Assert.True(await Log().ReleaseAsync(shop, "galya", "a"));

        Assert.Equal(["b"], await SourcesAsync("galya"));
    }

    [Fact]
    public async Task Checking_writes_nothing_and_no_rules_means_no_cap()
    {
        Assert.True((await CheckAsync("ivan", Channel.Email, "a", Rules("1/7d"))).Allowed);
        Assert.Empty(await SourcesAsync("ivan"));
        Assert.True((await ReserveAsync("ivan", Channel.Email, "a", Rules("1/7d"))).Allowed);

        Assert.Equal(new CapDecision("ivan", true, null, null), await ReserveAsync("ivan", Channel.Email, "b", []));
        Assert.Equal(["a"], await SourcesAsync("ivan"));
    }

    [Fact]
    public async Task Sends_older_than_the_longest_window_are_trimmed_and_younger_ones_kept()
    {
        var rules = Rules("3/7d", "sms:1/30d");
        await ReserveAsync("kira", Channel.Sms, "old-sms", rules);
        At(Day(10));
        await ReserveAsync("kira", Channel.Email, "mid-email", rules);
        At(Day(30));

        await ReserveAsync("kira", Channel.Email, "new-email", rules);

        // Day 0 left the 30-day window at day 30; day 10 no longer counts for 3/7d but still lies within 30 days.
        Assert.Equal(["mid-email", "new-email"], await SourcesAsync("kira"));
        Assert.True((await CheckAsync("kira", Channel.Sms, "next", rules)).Allowed);
    }

    [Fact]
    public async Task A_row_keeps_at_most_fifty_sends_when_no_cap_needs_more()
    {
        var rules = Rules("3/1d", "viber:1/90d");
        for (var day = 0; day < 60; day++)
        {
            At(Day(day));
            Assert.True((await ReserveAsync("lev", Channel.Email, $"daily-{day}", rules)).Allowed);
        }

        var kept = await Log().RecentAsync(shop, "lev");

        Assert.Equal(50, kept.Count);
        Assert.Equal(("daily-10", Day(10)), (kept[0].Source, kept[0].At));
        Assert.Equal(("daily-59", Day(59)), (kept[^1].Source, kept[^1].At));
    }

    [Fact]
    public async Task A_cap_above_fifty_keeps_every_send_it_counts()
    {
        var rules = Rules("60/90d");
        for (var hour = 0; hour < 61; hour++)
        {
            At(Start + TimeSpan.FromHours(hour));
            Assert.Equal(hour < 60, (await ReserveAsync("mila", Channel.Email, $"hourly-{hour}", rules)).Allowed);
        }

        Assert.Equal(60, (await Log().RecentAsync(shop, "mila")).Count);
        Assert.Equal(Day(90), (await CheckAsync("mila", Channel.Email, "next", rules)).NotBefore);
    }

    [Fact]
    public async Task Customer_ids_that_are_not_key_safe_get_their_own_rows()
    {
        var rules = Rules("1/7d");
        Assert.True((await ReserveAsync("a/b#1", Channel.Email, "x", rules)).Allowed);
        Assert.True((await ReserveAsync("a~2Fb#1", Channel.Email, "x", rules)).Allowed);

        Assert.False((await ReserveAsync("a/b#1", Channel.Email, "y", rules)).Allowed);
        Assert.Equal(["x"], await SourcesAsync("a/b#1"));
    }

    [Fact]
    public async Task Requests_without_a_customer_or_with_an_overlong_source_are_refused()
    {
        var rules = Rules("1/7d");

        await Assert.ThrowsAsync<ArgumentException>(() => Log().ReserveAsync(shop, [new CapRequest("", Channel.Email, "x")], rules));
        var error = await Assert.ThrowsAsync<ArgumentException>(() =>
            Log().ReserveAsync(shop, [new CapRequest("ok", Channel.Email, "x"), new CapRequest("ok", Channel.Email, new string('s', 201))], rules));
        Assert.Contains("request 1", error.Message);
        Assert.Empty(await SourcesAsync("ok"));
    }

    /// <summary>Customer ids that share one bucket, so one call's requests are one partition.</summary>
    static string[] OneBucket(int count)
    {
        var bucket = Buckets.Of("c00000");
        return Enumerable.Range(0, 100_000).Select(i => $"c{i:00000}").Where(id => Buckets.Of(id) == bucket).Take(count).ToArray();
    }

    /// <summary>Counts the table requests a store sends: queries (GET of a range) and transactions ($batch).</summary>
    sealed class RequestCounter
    {
        public int Queries;
        public int Batches;

        public StorageClients Clients(AzuriteFixture azurite) => RequestHook.Clients(azurite, Count);

        void Count(HttpMessage message)
        {
            var path = message.Request.Uri.Path;
            if (path.EndsWith("$batch", StringComparison.Ordinal))
            {
                Interlocked.Increment(ref Batches);
            }
            else if (message.Request.Method == RequestMethod.Get)
            {
                Interlocked.Increment(ref Queries);
            }
        }
    }
}
