using Hub.Audiences;
using Microsoft.Extensions.Time.Testing;

namespace Hub.Tests.Audiences;

/// <summary>The shared quota ledger on real Azurite: Yandex's 10 per minute, 100 per hour, 500 per day.</summary>
public sealed class AdQuotaLedgerTests(AzuriteFixture azurite)
{
    readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 11, 25, 10, 0, 30, TimeSpan.Zero));
    readonly string account = AzuriteFixture.NewShopId("quota");

    AdQuotaLedger Ledger() => new(azurite.Clients, time);

    [Fact]
    public async Task Five_creates_fill_the_minute_and_the_next_waits_for_the_next_minute()
    {
        var ledger = Ledger();
        for (var i = 0; i < 5; i++)
        {
            Assert.Null(await ledger.TryTakeAsync("yandex", account, AdQuota.Yandex, AdQuota.Yandex.CreateCost));
        }

        var fitsAt = await ledger.TryTakeAsync("yandex", account, AdQuota.Yandex, AdQuota.Yandex.ReplaceCost);

        Assert.Equal(new DateTimeOffset(2026, 11, 25, 10, 1, 0, TimeSpan.Zero), fitsAt);
        time.Advance(TimeSpan.FromSeconds(31));
        Assert.Null(await ledger.TryTakeAsync("yandex", account, AdQuota.Yandex, AdQuota.Yandex.ReplaceCost));
    }

    [Fact]
    public async Task The_hour_limit_holds_across_minutes()
    {
        var ledger = Ledger();
        for (var minute = 0; minute < 10; minute++)
        {
            for (var i = 0; i < 10; i++)
            {
                Assert.Null(await ledger.TryTakeAsync("yandex", account, AdQuota.Yandex, 1));
            }
            time.Advance(TimeSpan.FromMinutes(1));
        }

        Assert.Equal(new DateTimeOffset(2026, 11, 25, 11, 0, 0, TimeSpan.Zero), await ledger.TryTakeAsync("yandex", account, AdQuota.Yandex, 1));
        var usage = await ledger.UsageAsync("yandex", account, AdQuota.Yandex);
        Assert.Contains(("hour", 100, 100), usage);
        Assert.Contains(("day", 100, 500), usage);
    }

    [Fact]
    public async Task The_day_ends_at_midnight_in_Moscow()
    {
        var quota = AdQuota.Yandex with { PerDay = 3 };
        var ledger = Ledger();
        await ledger.TryTakeAsync("yandex", account, quota, 3);

        // 10:00 UTC is 13:00 in Moscow; the day there ends at 21:00 UTC.
        Assert.Equal(new DateTimeOffset(2026, 11, 25, 21, 0, 0, TimeSpan.Zero), await ledger.TryTakeAsync("yandex", account, quota, 1));
    }

    [Fact]
    public async Task Instances_taking_at_once_never_exceed_the_limit()
    {
        var results = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Run(() => new AdQuotaLedger(azurite.Clients, time).TryTakeAsync("yandex", account, AdQuota.Yandex, 1))));

        Assert.Equal(10, results.Count(r => r is null));
        Assert.Contains(("minute", 10, 10), await Ledger().UsageAsync("yandex", account, AdQuota.Yandex));
    }
}
