using Hub.Customers;
using Hub.Segments;
using Hub.Shops.Sync;
using Hub.Storage;

namespace Hub.Tests.Shops.Sync;

/// <summary>The pull engine on Azurite: pages to the end, resume without gaps or duplicates, one chain, waits, failures.</summary>
public sealed class SyncEngineTests(AzuriteFixture azurite)
{
    static readonly DateTimeOffset Long = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_backfill_reads_every_page_then_the_next_run_asks_only_for_newer_items()
    {
        await using var h = new SyncHarness(azurite);
        await h.AddShopAsync();
        h.Platform.Add(25, Long);

        var done = await h.Engine.RunToEndAsync(h.ShopId, SyncResource.Customers, full: false);

        Assert.Equal(SyncPageOutcome.Done, done.Outcome);
        Assert.Equal(25, await h.CustomerCountAsync());
        var state = (await h.StateAsync())!;
        Assert.Equal(SyncStatus.Idle, state.Status);
        Assert.Equal((25, 3, 25L), (state.RunItems, state.RunPages, state.RunTotal ?? 0));
        Assert.Equal(h.Time.GetUtcNow(), state.BackfillCompletedAt);
        Assert.Equal(h.Time.GetUtcNow() + TimeSpan.FromMinutes(15), state.NextRunAt);
        Assert.Equal([null, "10", "20"], h.Platform.Cursors);
        // The backfill asks for one full segment run rather than a recompute per customer.
        Assert.Single(await h.TakeAsync(QueueNames.SegmentJobs));
        Assert.Empty(await h.TakeAsync(QueueNames.CustomerChanges));

        h.Platform.Add(3, Long.AddDays(1));
        h.Platform.Cursors.Clear();
        await h.Engine.RunToEndAsync(h.ShopId, SyncResource.Customers, full: false);

        Assert.Equal(["25"], h.Platform.Cursors);
        Assert.Equal(28, await h.CustomerCountAsync());
        Assert.Equal((3L, false), ((await h.StateAsync())!.RunItems, (await h.StateAsync())!.Backfill));
        // An incremental run recomputes the changed customers' segments at once.
        Assert.Equal(3, (await h.TakeAsync(QueueNames.CustomerChanges)).Count);
    }

    [Fact]
    public async Task Pages_chain_through_the_queue_and_a_duplicate_delivery_is_dropped()
    {
        await using var h = new SyncHarness(azurite);
        await h.AddShopAsync();
        h.Platform.Add(15, Long);

        var start = await h.Engine.StartAsync(h.ShopId, SyncResource.Customers, full: false);
        var first = SyncHarness.JobOf(Assert.Single(await h.TakeAsync(QueueNames.SyncPages)));
        Assert.Equal((start.State.RunId, 0), (first.RunId, first.Page));

        Assert.Equal(SyncPageOutcome.Next, (await h.Engine.RunPageAsync(first)).Outcome);
        // The same message delivered again: the run has moved on, so nothing is read and nothing is queued.
        Assert.Equal(SyncPageOutcome.Stale, (await h.Engine.RunPageAsync(first)).Outcome);
        Assert.Single(h.Platform.Cursors);

        var second = SyncHarness.JobOf(Assert.Single(await h.TakeAsync(QueueNames.SyncPages)));
        Assert.Equal(1, second.Page);
        Assert.Equal(SyncPageOutcome.Done, (await h.Engine.RunPageAsync(second)).Outcome);
        Assert.Empty(await h.TakeAsync(QueueNames.SyncPages));
        Assert.Equal(15, await h.CustomerCountAsync());
    }

    [Fact]
    public async Task A_crash_after_a_page_was_stored_but_before_its_cursor_re_reads_that_page_without_duplicates()
    {
        await using var h = new SyncHarness(azurite);
        await h.AddShopAsync();
        h.Platform.Add(30, Long);
        var start = await h.Engine.StartAsync(h.ShopId, SyncResource.Customers, full: false, enqueue: false);
        var job = start.Job!;
        await h.Engine.RunPageAsync(job, enqueue: false);
        var beforeSecond = (await h.StateAsync())!;
        await h.Engine.RunPageAsync(job with { Page = 1 }, enqueue: false);
        Assert.Equal(20, await h.CustomerCountAsync());

        // The second page's rows are stored, but the state is as it was before it (the process died before the cursor moved).
        var rolledBack = beforeSecond with { ETag = (await h.StateAsync())!.ETag };
        Assert.True((await h.Get<SyncStateStore>().TrySaveAsync(rolledBack)).Saved);
        // A crash leaves no queue message: the timer finds the run stalled and queues the page again.
        h.Time.Advance(SyncState.StallTimeout + TimeSpan.FromMinutes(1));
        await h.Engine.ScheduleAsync();
        var again = SyncHarness.JobOf(Assert.Single(await h.TakeAsync(QueueNames.SyncPages)));
        Assert.Equal(1, again.Page);

        await h.Engine.RunPageAsync(again, enqueue: false);
        await h.Engine.RunPageAsync(again with { Page = 2 }, enqueue: false);

        Assert.Equal(30, await h.CustomerCountAsync());
        Assert.Equal([null, "10", "10", "20"], h.Platform.Cursors);
        var state = (await h.StateAsync())!;
        Assert.Equal((SyncStatus.Idle, "30"), (state.Status, state.Cursor));
    }

    [Fact]
    public async Task A_throttled_page_waits_for_the_platforms_retry_after_and_is_read_again()
    {
        await using var h = new SyncHarness(azurite);
        await h.AddShopAsync();
        h.Platform.Add(5, Long);
        var start = await h.Engine.StartAsync(h.ShopId, SyncResource.Customers, full: false, enqueue: false);
        h.Platform.FailNext = new PlatformThrottledException(ScriptedPlatform.Name, TimeSpan.FromSeconds(40), "429");

        var throttled = await h.Engine.RunPageAsync(start.Job!);

        Assert.Equal(SyncPageOutcome.Throttled, throttled.Outcome);
        Assert.Equal(TimeSpan.FromSeconds(40), throttled.Wait);
        var waiting = (await h.StateAsync())!;
        Assert.Equal((SyncStatus.Waiting, h.Time.GetUtcNow().AddSeconds(40), 0), (waiting.Status, waiting.RetryAt, waiting.Page));
        // The retry is on the queue, hidden for the 40 seconds the platform asked for.
        Assert.Empty(await h.TakeAsync(QueueNames.SyncPages));
        Assert.Equal(0, await h.CustomerCountAsync());

        Assert.Equal(SyncPageOutcome.Done, (await h.Engine.RunPageAsync(start.Job!, enqueue: false)).Outcome);
        Assert.Equal(5, await h.CustomerCountAsync());
        Assert.Null((await h.StateAsync())!.RetryAt);
    }

    [Fact]
    public async Task Refused_credentials_stop_the_run_with_the_setting_named_until_the_next_due_time()
    {
        await using var h = new SyncHarness(azurite);
        await h.AddShopAsync();
        h.Platform.Add(5, Long);
        var start = await h.Engine.StartAsync(h.ShopId, SyncResource.Customers, full: false, enqueue: false);
        h.Platform.FailNext = new PlatformApiException(ScriptedPlatform.Name, 401, $"refused (401): check Shops__{h.ShopId}__ApiToken", transient: false);

        var failed = await h.Engine.RunPageAsync(start.Job!);

        Assert.Equal(SyncPageOutcome.Failed, failed.Outcome);
        var state = (await h.StateAsync())!;
        Assert.Equal(SyncStatus.Failed, state.Status);
        Assert.Contains($"Shops__{h.ShopId}__ApiToken", state.LastError);
        Assert.Empty(await h.TakeAsync(QueueNames.SyncPages));

        // The timer leaves it alone until an hour has passed, then tries again from the same place.
        await h.Engine.ScheduleAsync();
        Assert.Empty(await h.TakeAsync(QueueNames.SyncPages));
        h.Time.Advance(SyncEngine.FailedRetry);
        await h.Engine.ScheduleAsync();
        var retry = SyncHarness.JobOf(Assert.Single(await h.TakeAsync(QueueNames.SyncPages)));
        Assert.Equal(SyncPageOutcome.Done, (await h.Engine.RunPageAsync(retry, enqueue: false)).Outcome);
        Assert.Equal(5, await h.CustomerCountAsync());
    }

    [Fact]
    public async Task Transient_errors_back_off_and_then_the_run_goes_on()
    {
        await using var h = new SyncHarness(azurite);
        await h.AddShopAsync();
        h.Platform.Add(5, Long);
        var start = await h.Engine.StartAsync(h.ShopId, SyncResource.Customers, full: false, enqueue: false);
        h.Platform.FailNext = new PlatformApiException(ScriptedPlatform.Name, 502, "failed with 502", transient: true);

        var retrying = await h.Engine.RunPageAsync(start.Job!, enqueue: false);

        Assert.Equal((SyncPageOutcome.Retrying, TimeSpan.FromMinutes(1)), (retrying.Outcome, retrying.Wait));
        Assert.Equal((1, "scripted: failed with 502"), ((await h.StateAsync())!.Errors, (await h.StateAsync())!.LastError));
        Assert.Equal(SyncPageOutcome.Done, (await h.Engine.RunPageAsync(start.Job!, enqueue: false)).Outcome);
        Assert.Equal(0, (await h.StateAsync())!.Errors);
    }

    [Fact]
    public async Task One_page_per_shop_at_a_time()
    {
        await using var h = new SyncHarness(azurite);
        await h.AddShopAsync();
        h.Platform.Add(5, Long);
        var start = await h.Engine.StartAsync(h.ShopId, SyncResource.Customers, full: false, enqueue: false);
        await using var held = await h.Get<TableLease>().TryAcquireAsync(SyncEngine.LeaseScope, h.ShopId, TimeSpan.FromMinutes(1));

        var busy = await h.Engine.RunPageAsync(start.Job!);

        Assert.Equal(SyncPageOutcome.Busy, busy.Outcome);
        Assert.Empty(h.Platform.Cursors);
        Assert.Empty(await h.TakeAsync(QueueNames.SyncPages)); // queued again, hidden for a few seconds
    }

    [Fact]
    public async Task The_timer_starts_a_backfill_for_a_new_shop_and_skips_shops_without_an_api_url()
    {
        await using var h = new SyncHarness(azurite);
        await h.AddShopAsync(apiUrl: null);
        await h.Engine.ScheduleAsync();
        Assert.Null(await h.StateAsync());

        await h.AddShopAsync();
        await h.Engine.ScheduleAsync();
        var state = (await h.StateAsync())!;
        Assert.Equal((SyncStatus.Running, true), (state.Status, state.Backfill));
        Assert.Single(await h.TakeAsync(QueueNames.SyncPages));

        // While it runs, the timer does not start another.
        await h.Engine.ScheduleAsync();
        Assert.Empty(await h.TakeAsync(QueueNames.SyncPages));
    }

    [Fact]
    public async Task A_full_run_replaces_the_one_in_progress_and_its_old_messages_go_stale()
    {
        await using var h = new SyncHarness(azurite);
        await h.AddShopAsync();
        h.Platform.Add(25, Long);
        var first = await h.Engine.StartAsync(h.ShopId, SyncResource.Customers, full: false, enqueue: false);
        await h.Engine.RunPageAsync(first.Job!, enqueue: false);

        var full = await h.Engine.StartAsync(h.ShopId, SyncResource.Customers, full: true, enqueue: false);

        Assert.True(full.Started);
        Assert.Null(full.State.Cursor);
        Assert.Equal(SyncPageOutcome.Stale, (await h.Engine.RunPageAsync(first.Job! with { Page = 1 }, enqueue: false)).Outcome);
        Assert.Equal(SyncPageOutcome.Next, (await h.Engine.RunPageAsync(full.Job!, enqueue: false)).Outcome);
    }

    [Fact]
    public async Task Changes_that_share_an_identity_run_in_one_lane_in_page_order()
    {
        var normalizer = new ContactNormalizer("RU");
        ShopChange Order(string id, string email) => new ShopChange.UpsertOrder(new OrderRecord
        {
            Source = "x", ExternalId = id, Customer = new CustomerRecord { Source = "x", Emails = [email] },
        });
        var changes = new[]
        {
            Order("1", "a@example.ru"), Order("2", "b@example.ru"),
            new ShopChange.UpsertCustomer(new CustomerRecord { Source = "x", Emails = ["A@Example.ru"], Phones = ["8 (999) 555-11-11"] }),
            Order("3", "c@example.ru"),
            new ShopChange.UpsertCustomer(new CustomerRecord { Source = "x", Emails = ["c@example.ru"], Phones = ["+7 999 555 11 11"] }),
        };

        var lanes = SyncPageApplier.LanesOf(changes, normalizer).Select(l => string.Join(",", l)).Order().ToArray();

        // a@ (0, 2) and c@ (3, 4) are linked through the phone shared by 2 and 4; b@ stands alone.
        Assert.Equal(["0,2,3,4", "1"], lanes);
    }
}
