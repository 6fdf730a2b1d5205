using System.Globalization;
using Cronos;
using Hub.Segments;
using Hub.Shops;
using Hub.Storage;
using Microsoft.Extensions.Logging;

namespace Hub.Messaging.Campaigns;

/// <summary>What one look of the timer did for one shop.</summary>
public sealed record CampaignTick(int RunsStarted, long CustomersQueued, int BatchesReleased);

/// <summary>
/// The campaigns timer, per shop: starts one-off campaigns whose time has come and each occurrence of recurring ones
/// (cron in the shop's time zone), once a day (at the shop's <see cref="CampaignSettings.DailyTriggersAt"/>) finds the
/// customers whose birthday or reorder date is the campaign's number of days away, and releases the batches whose
/// time has come — next cascade steps and messages deferred by quiet hours, caps or a provider's retry time. Starting
/// twice is harmless (the run exists), and so is releasing a batch twice (the ledger has every claim).
/// </summary>
public sealed class CampaignScheduler(
    ShopStore shops,
    CampaignStore campaigns,
    CampaignWakeups wakeups,
    CampaignRunner runner,
    SegmentMemberStore members,
    QueueProducer queue,
    TimeProvider time,
    ILogger<CampaignScheduler> log)
{
    /// <summary>A recurring occurrence missed by more than this (the app was down) is skipped rather than sent late.</summary>
    public static readonly TimeSpan MissedOccurrence = TimeSpan.FromHours(12);

    /// <summary>Where released batches go: the campaign-steps queue, unless the caller runs them itself (CLI, demo).</summary>
    public delegate Task StepSink(CampaignStepJob job, CancellationToken cancellationToken);

    public async Task<CampaignTick> TickAsync(StepSink? sink = null, CancellationToken cancellationToken = default)
    {
        int runs = 0, batches = 0;
        long queued = 0;
        await foreach (var shop in shops.ListAsync(cancellationToken))
        {
            try
            {
                var tick = await TickAsync(shop, sink, cancellationToken);
                runs += tick.RunsStarted;
                queued += tick.CustomersQueued;
                batches += tick.BatchesReleased;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // One shop's trouble must not hold up the others.
                log.LogError(e, "Campaign timer failed for shop {Shop}", shop.Id);
            }
        }
        return new CampaignTick(runs, queued, batches);
    }

    public async Task<CampaignTick> TickAsync(Shop shop, StepSink? sink = null, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        var zone = SegmentEngine.ZoneOf(shop);
        var settings = await campaigns.GetSettingsAsync(shop.Id, cancellationToken);
        int runs = 0;
        long queued = 0;
        await foreach (var campaign in campaigns.ListAsync(shop.Id, cancellationToken))
        {
            if (campaign.Paused)
            {
                continue;
            }
            foreach (var (runKey, customers) in await DueRunsAsync(shop, campaign, settings, zone, now, cancellationToken))
            {
                var start = await runner.StartAsync(shop, campaign, runKey, customers, cancellationToken: cancellationToken);
                runs += start.Started ? 1 : 0;
                queued += start.Queued;
            }
        }
        var released = 0;
        await foreach (var wakeup in wakeups.DueAsync(shop.Id, now, cancellationToken))
        {
            if (sink is null)
            {
                await queue.SendAsync(QueueNames.CampaignSteps, CampaignStepJob.Type, 1, wakeup.Job, cancellationToken: cancellationToken);
            }
            else
            {
                await sink(wakeup.Job, cancellationToken);
            }
            await wakeups.DeleteAsync(wakeup, cancellationToken);
            released++;
        }
        return new CampaignTick(runs, queued, released);
    }

    /// <summary>The runs a campaign should start now: (run key, the trigger's customers or null for the whole segment).</summary>
    async Task<List<(string RunKey, IReadOnlyCollection<string>? Customers)>> DueRunsAsync(Shop shop, Campaign campaign, CampaignSettings settings, TimeZoneInfo zone, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var due = new List<(string, IReadOnlyCollection<string>?)>();
        switch (campaign.Kind)
        {
            case CampaignKind.OneOff when campaign.StartAt is { } start && start <= now && now <= start + (campaign.Deadline ?? settings.Deadline):
                due.Add((RunKeyOf(start, zone), null));
                break;
            case CampaignKind.Recurring when campaign.Cron is { } cron:
                var occurrence = LastOccurrence(cron, zone, now, campaign.CreatedAt);
                if (occurrence is { } at && now - at <= MissedOccurrence)
                {
                    due.Add((RunKeyOf(at, zone), null));
                }
                break;
            case CampaignKind.Birthday or CampaignKind.Replenishment:
                var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, zone).DateTime);
                if (TimeOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, zone).DateTime) < settings.DailyTriggersAt)
                {
                    break;
                }
                // One look a day: the marker run's creation says who looked first.
                var (_, first) = await campaigns.AddRunAsync(new CampaignRun
                {
                    ShopId = shop.Id, CampaignId = campaign.Id, RunKey = $"~looked-{today:yyyyMMdd}", StartedAt = now, Deadline = now, FannedOut = true,
                }, cancellationToken);
                if (first)
                {
                    due.AddRange(await DatedAsync(shop.Id, campaign, today, cancellationToken));
                }
                break;
        }
        return due;
    }

    /// <summary>
    /// Birthday and replenishment occurrences within the campaign's days ahead, grouped into one run per occurrence:
    /// the birthday's year, the reorder date. The ledger sends each customer one message per run, so looking again
    /// on the following days adds only people who were not there before.
    /// </summary>
    async Task<List<(string, IReadOnlyCollection<string>?)>> DatedAsync(string shopId, Campaign campaign, DateOnly today, CancellationToken cancellationToken)
    {
        var segment = campaign.Kind == CampaignKind.Birthday ? SegmentIds.BirthdaySoon : SegmentIds.ReplenishmentDue;
        var runsOf = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var last = today.AddDays(campaign.DaysBefore);
        for (var bucket = 0; bucket < Buckets.Count; bucket++)
        {
            foreach (var member in await members.MembersOfBucketAsync(shopId, segment, bucket, cancellationToken))
            {
                var date = campaign.Kind == CampaignKind.Birthday ? member.Detail?.BirthdayOn : member.Detail?.ExpectedOn;
                if (date is not { } on || on < today || on > last)
                {
                    continue;
                }
                var key = campaign.Kind == CampaignKind.Birthday
                    ? on.Year.ToString(CultureInfo.InvariantCulture)
                    : on.ToString("yyyyMMdd", CultureInfo.InvariantCulture);
                if (!runsOf.TryGetValue(key, out var list))
                {
                    runsOf[key] = list = [];
                }
                list.Add(member.CustomerId);
            }
        }
        return runsOf.Select(r => (r.Key, (IReadOnlyCollection<string>?)r.Value)).ToList();
    }

    public static string RunKeyOf(DateTimeOffset at, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTime(at, zone).ToString("yyyyMMdd-HHmm", CultureInfo.InvariantCulture);

    /// <summary>The latest occurrence of <paramref name="cron"/> (5 fields, in the shop's zone) at or before now and after the campaign was made.</summary>
    public static DateTimeOffset? LastOccurrence(string cron, TimeZoneInfo zone, DateTimeOffset now, DateTimeOffset since)
    {
        var expression = CronExpression.Parse(cron);
        DateTimeOffset? last = null;
        var from = now - MissedOccurrence > since ? now - MissedOccurrence : since;
        foreach (var occurrence in expression.GetOccurrences(from, now, zone, fromInclusive: true, toInclusive: true))
        {
            last = occurrence;
        }
        return last;
    }

    /// <summary>The next occurrence after now (for the CLI).</summary>
    public static DateTimeOffset? NextOccurrence(string cron, TimeZoneInfo zone, DateTimeOffset now) =>
        CronExpression.Parse(cron).GetNextOccurrence(now, zone);
}
