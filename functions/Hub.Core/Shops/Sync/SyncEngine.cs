using Hub.Segments;
using Hub.Storage;
using Microsoft.Extensions.Logging;

namespace Hub.Shops.Sync;

/// <summary>A queue message: read page <see cref="Page"/> of run <see cref="RunId"/> of one shop's pull of one resource.</summary>
public sealed record SyncPageJob(string ShopId, SyncResource Resource, string RunId, int Page)
{
    public const string Type = "sync-page";
}

public enum SyncPageOutcome
{
    /// <summary>The page was stored; another follows.</summary>
    Next,
    /// <summary>The page was stored and it was the last: the run is over.</summary>
    Done,
    /// <summary>The platform asked us to wait; the same page is tried again after the wait.</summary>
    Throttled,
    /// <summary>A transient error; the same page is tried again after a backoff.</summary>
    Retrying,
    /// <summary>An error a person must fix (credentials, API URL), or too many transient errors: the run stopped.</summary>
    Failed,
    /// <summary>Another page of the same shop is being read right now (one consumer per shop): try again shortly.</summary>
    Busy,
    /// <summary>The message belongs to a run or page that is no longer current: dropped.</summary>
    Stale,
}

/// <summary>What one page did, and the state after it.</summary>
public sealed record SyncPageResult(SyncPageOutcome Outcome, SyncState? State, AppliedPage? Applied = null, TimeSpan? Wait = null, string? Message = null);

/// <summary>What starting a run did.</summary>
public sealed record SyncStart(bool Started, SyncState State, SyncPageJob? Job, string Message);

/// <summary>
/// The pull sync engine. A run reads one resource of one shop page by page from its <see cref="IPullSource"/>: each
/// page is stored through <see cref="SyncPageApplier"/> and only then is the cursor advanced (ETag-guarded), so a crash
/// re-reads at most one page and never skips one. Pages travel as queue messages numbered within their run; a message
/// for another run or page is stale and dropped, so duplicate deliveries never fork the chain. One page per shop is
/// read at a time (a lease over the shop), whatever the resource: the platforms' rate limits are per shop, and their
/// own signals — Retry-After, Shopify's cost bucket, InSales' usage header — decide how long the next page waits.
/// </summary>
public sealed class SyncEngine(
    ShopStore shops,
    PullSources pulls,
    SyncStateStore states,
    SyncPageApplier applier,
    TableLease leases,
    QueueProducer queue,
    TimeProvider time,
    ILogger<SyncEngine> log)
{
    public const string LeaseScope = "sync";
    public static readonly TimeSpan LeaseDuration = TimeSpan.FromMinutes(5);
    public static readonly TimeSpan BusyDelay = TimeSpan.FromSeconds(10);
    /// <summary>Transient errors in a row after which a run stops until its next due time.</summary>
    public const int MaxErrors = 8;
    /// <summary>A run stopped by an error a person must fix is tried again no sooner than this.</summary>
    public static readonly TimeSpan FailedRetry = TimeSpan.FromHours(1);

    /// <summary>
    /// Starts a run: from the stored cursor (an incremental run), or from the beginning when <paramref name="full"/> or
    /// when nothing was ever read (a backfill). A run already in progress is left alone unless <paramref name="full"/>,
    /// which replaces it (its remaining messages become stale). With <paramref name="enqueue"/> the first page goes on
    /// the queue; otherwise the caller runs the pages itself (the CLI).
    /// </summary>
    public async Task<SyncStart> StartAsync(string shopId, SyncResource resource, bool full, bool enqueue = true, CancellationToken cancellationToken = default)
        => await StartAsync(await shops.RequireAsync(shopId, cancellationToken), resource, full, enqueue, cancellationToken);

    async Task<SyncStart> StartAsync(Shop shop, SyncResource resource, bool full, bool enqueue, CancellationToken cancellationToken)
    {
        var source = pulls.Require(shop.Platform);
        if (!source.Resources.ContainsKey(resource))
        {
            throw new ArgumentException($"{shop.Platform} has no pull of {SyncStateStore.Name(resource)}; it pulls: {string.Join(", ", source.Resources.Keys.Select(SyncStateStore.Name))}");
        }
        if (string.IsNullOrWhiteSpace(shop.ApiUrl))
        {
            throw new ArgumentException($"shop '{shop.Id}' has no API URL: set it with `hub shops add --id {shop.Id} --platform {shop.Platform} --api-url URL`");
        }
        for (var attempt = 0; ; attempt++)
        {
            var now = time.GetUtcNow();
            var state = await states.GetAsync(shop.Id, shop.Platform, resource, cancellationToken)
                ?? new SyncState { ShopId = shop.Id, Platform = shop.Platform, Resource = resource };
            if (state.InRun && !full && !Stalled(state, now))
            {
                return new SyncStart(false, state, null, $"a run is in progress (page {state.Page + 1}, {state.RunItems:N0} items so far)");
            }
            var cursor = full ? null : state.Cursor;
            var run = state with
            {
                Status = SyncStatus.Running,
                RunId = Guid.NewGuid().ToString("N")[..12],
                Page = 0,
                Cursor = cursor,
                Backfill = cursor is null,
                RunStartedAt = now,
                LastPageAt = null,
                RetryAt = null,
                RunItems = 0,
                RunTotal = null,
                RunPages = 0,
                RunChanged = 0,
                RunRejected = 0,
                Errors = 0,
            };
            var (saved, stored) = await states.TrySaveAsync(run, cancellationToken);
            if (!saved)
            {
                if (attempt < 3)
                {
                    continue;
                }
                throw new InvalidOperationException($"the sync state of {shop.Id}/{SyncStateStore.Name(resource)} keeps changing under us; try again");
            }
            var job = new SyncPageJob(shop.Id, resource, stored.RunId!, 0);
            if (enqueue)
            {
                await queue.SendAsync(QueueNames.SyncPages, SyncPageJob.Type, 1, job, cancellationToken: cancellationToken);
            }
            log.LogInformation("Sync of {ShopId} {Resource} started ({Kind}, run {RunId})", shop.Id, resource, run.Backfill ? "backfill" : "incremental", run.RunId);
            return new SyncStart(true, stored, job, run.Backfill ? "backfill started: the whole history is read" : "incremental run started from the stored cursor");
        }
    }

    /// <summary>A run whose queue message was lost (a crash after the cursor was stored, before the next page was queued).</summary>
    public static bool Stalled(SyncState state, DateTimeOffset now) => state.InRun && state.Status switch
    {
        SyncStatus.Waiting => state.RetryAt is { } retry && now - retry > SyncState.StallTimeout,
        _ => now - (state.LastPageAt ?? state.RunStartedAt ?? now) > SyncState.StallTimeout,
    };

    /// <summary>Reads and stores one page. With <paramref name="enqueue"/> the next step (next page, or this page after a wait) is queued.</summary>
    public async Task<SyncPageResult> RunPageAsync(SyncPageJob job, bool enqueue = true, CancellationToken cancellationToken = default)
    {
        var shop = await shops.GetAsync(job.ShopId, cancellationToken);
        var source = shop is null ? null : pulls.Find(shop.Platform);
        if (shop is null || source is null)
        {
            log.LogWarning("Sync page for shop {ShopId} dropped: the shop or its platform's pull is gone", job.ShopId);
            return new SyncPageResult(SyncPageOutcome.Stale, null, Message: shop is null ? $"unknown shop '{job.ShopId}'" : $"{shop.Platform} has no pull API");
        }
        await using var lease = await leases.TryAcquireAsync(LeaseScope, shop.Id, LeaseDuration, cancellationToken);
        if (lease is null)
        {
            if (enqueue)
            {
                await queue.SendAsync(QueueNames.SyncPages, SyncPageJob.Type, 1, job, BusyDelay, cancellationToken);
            }
            return new SyncPageResult(SyncPageOutcome.Busy, null, Wait: BusyDelay, Message: "another page of this shop is being read");
        }
        var state = await states.GetAsync(shop.Id, shop.Platform, job.Resource, cancellationToken);
        if (state is null || !state.InRun || state.RunId != job.RunId || state.Page != job.Page)
        {
            return new SyncPageResult(SyncPageOutcome.Stale, state, Message: "not the current page of the current run");
        }

        var now = time.GetUtcNow();
        PullPage page;
        try
        {
            page = await source.PullAsync(shop, job.Resource, state.Cursor, cancellationToken);
        }
        catch (PlatformThrottledException e)
        {
            return await WaitAsync(job, state with { Status = SyncStatus.Waiting, RetryAt = now + e.RetryAfter }, SyncPageOutcome.Throttled, e.RetryAfter, e.Message, enqueue, cancellationToken);
        }
        catch (PlatformApiException e) when (e.Transient && state.Errors + 1 < MaxErrors)
        {
            var backoff = TimeSpan.FromMinutes(Math.Min(30, 1 << Math.Min(state.Errors, 5)));
            var waiting = state with { Status = SyncStatus.Waiting, RetryAt = now + backoff, Errors = state.Errors + 1, LastError = e.Message, LastErrorAt = now };
            log.LogWarning("Sync of {ShopId} {Resource}: {Error}; page {Page} retried in {Backoff}", shop.Id, job.Resource, e.Message, job.Page + 1, backoff);
            return await WaitAsync(job, waiting, SyncPageOutcome.Retrying, backoff, e.Message, enqueue, cancellationToken);
        }
        catch (PlatformApiException e)
        {
            var interval = source.Resources[job.Resource];
            var failed = state with
            {
                Status = SyncStatus.Failed,
                Errors = state.Errors + 1,
                LastError = e.Message,
                LastErrorAt = now,
                LastRunEndedAt = now,
                NextRunAt = now + (interval > FailedRetry ? interval : FailedRetry),
                RetryAt = null,
            };
            log.LogError("Sync of {ShopId} {Resource} stopped: {Error}", shop.Id, job.Resource, e.Message);
            var (_, stored) = await states.TrySaveAsync(failed, cancellationToken);
            return new SyncPageResult(SyncPageOutcome.Failed, stored, Message: e.Message);
        }

        var applied = await applier.ApplyAsync(shop, page.Changes, state.Backfill, cancellationToken);
        now = time.GetUtcNow();
        var next = state with
        {
            Status = page.HasMore ? SyncStatus.Running : SyncStatus.Idle,
            Cursor = page.Cursor,
            Page = state.Page + 1,
            LastPageAt = now,
            RetryAt = null,
            RunItems = state.RunItems + applied.Items,
            RunTotal = page.Total ?? state.RunTotal,
            RunPages = state.RunPages + 1,
            RunChanged = state.RunChanged + applied.Changed,
            RunRejected = state.RunRejected + applied.Rejected,
            AllItems = state.AllItems + applied.Items,
            Errors = 0,
            LastRejection = applied.LastRejection ?? state.LastRejection,
        };
        if (!page.HasMore)
        {
            next = next with
            {
                LastRunEndedAt = now,
                NextRunAt = now + source.Resources[job.Resource],
                BackfillCompletedAt = state.Backfill ? now : state.BackfillCompletedAt,
                LastError = null,
            };
        }
        var (saved, after) = await states.TrySaveAsync(next, cancellationToken);
        if (!saved)
        {
            // Someone restarted the run (--full) meanwhile: what this page stored is harmless, its cursor is not ours to keep.
            return new SyncPageResult(SyncPageOutcome.Stale, state, applied, Message: "the run was replaced while this page was read");
        }
        if (page.HasMore)
        {
            if (enqueue)
            {
                await queue.SendAsync(QueueNames.SyncPages, SyncPageJob.Type, 1, job with { Page = job.Page + 1 }, page.Pause, cancellationToken);
            }
            return new SyncPageResult(SyncPageOutcome.Next, after, applied, page.Pause);
        }
        if (state.Backfill)
        {
            // A backfill changed customers without recomputing each: their segments follow in one full run.
            await queue.SendAsync(QueueNames.SegmentJobs, SegmentJob.RunType, 1, new SegmentJob(shop.Id), cancellationToken: cancellationToken);
        }
        log.LogInformation("Sync of {ShopId} {Resource} finished: {Items} items in {Pages} pages, {Changed} changed, {Rejected} refused",
            shop.Id, job.Resource, after.RunItems, after.RunPages, after.RunChanged, after.RunRejected);
        return new SyncPageResult(SyncPageOutcome.Done, after, applied);
    }

    async Task<SyncPageResult> WaitAsync(SyncPageJob job, SyncState waiting, SyncPageOutcome outcome, TimeSpan wait, string message, bool enqueue, CancellationToken cancellationToken)
    {
        var (saved, stored) = await states.TrySaveAsync(waiting with { LastError = message, LastErrorAt = time.GetUtcNow() }, cancellationToken);
        if (!saved)
        {
            return new SyncPageResult(SyncPageOutcome.Stale, waiting, Message: "the run was replaced meanwhile");
        }
        if (enqueue)
        {
            await queue.SendAsync(QueueNames.SyncPages, SyncPageJob.Type, 1, job, wait, cancellationToken);
        }
        return new SyncPageResult(outcome, stored, Wait: wait, Message: message);
    }

    /// <summary>
    /// The timer's look at every shop with a pull: a resource never read starts its backfill, an idle one whose time
    /// has come starts an incremental run, and a run whose message was lost is put back on the queue.
    /// </summary>
    public async Task<int> ScheduleAsync(CancellationToken cancellationToken = default)
    {
        var queued = 0;
        await foreach (var shop in shops.ListAsync(cancellationToken))
        {
            if (pulls.Find(shop.Platform) is not { } source || string.IsNullOrWhiteSpace(shop.ApiUrl))
            {
                continue;
            }
            foreach (var resource in source.Resources.Keys)
            {
                try
                {
                    queued += await ScheduleAsync(shop, resource, cancellationToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // One shop's trouble must not keep the others from syncing.
                    log.LogError(e, "Sync schedule of {ShopId} {Resource} failed", shop.Id, resource);
                }
            }
        }
        return queued;
    }

    async Task<int> ScheduleAsync(Shop shop, SyncResource resource, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var state = await states.GetAsync(shop.Id, shop.Platform, resource, cancellationToken);
        if (state is { InRun: true })
        {
            if (!Stalled(state, now))
            {
                return 0;
            }
            log.LogWarning("Sync of {ShopId} {Resource} stalled at page {Page}: queued again", shop.Id, resource, state.Page + 1);
            await queue.SendAsync(QueueNames.SyncPages, SyncPageJob.Type, 1, new SyncPageJob(shop.Id, resource, state.RunId!, state.Page), cancellationToken: cancellationToken);
            return 1;
        }
        if (state is null || state.NextRunAt is null || state.NextRunAt <= now)
        {
            return (await StartAsync(shop, resource, full: false, enqueue: true, cancellationToken)).Started ? 1 : 0;
        }
        return 0;
    }

    /// <summary>
    /// Runs a whole run in this process, page after page (the CLI): waits the platform asks for are slept through,
    /// and <paramref name="progress"/> hears of every page.
    /// </summary>
    public async Task<SyncPageResult> RunToEndAsync(string shopId, SyncResource resource, bool full, Action<SyncPageResult>? progress = null, CancellationToken cancellationToken = default)
    {
        var start = await StartAsync(shopId, resource, full, enqueue: false, cancellationToken);
        if (!start.Started)
        {
            return new SyncPageResult(SyncPageOutcome.Busy, start.State, Message: start.Message);
        }
        var job = start.Job!;
        while (true)
        {
            var result = await RunPageAsync(job, enqueue: false, cancellationToken);
            progress?.Invoke(result);
            switch (result.Outcome)
            {
                case SyncPageOutcome.Next:
                    job = job with { Page = job.Page + 1 };
                    if (result.Wait is { } pause && pause > TimeSpan.Zero)
                    {
                        await Task.Delay(pause, time, cancellationToken);
                    }
                    break;
                case SyncPageOutcome.Throttled or SyncPageOutcome.Retrying or SyncPageOutcome.Busy:
                    await Task.Delay(result.Wait ?? BusyDelay, time, cancellationToken);
                    break;
                default:
                    return result;
            }
        }
    }
}
