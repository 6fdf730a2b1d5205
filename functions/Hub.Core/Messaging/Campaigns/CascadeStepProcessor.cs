using Hub.Customers;
using Hub.Messaging.Channels;
using Hub.Messaging.Templates;
using Hub.Shops;
using Hub.Storage;
using Microsoft.Extensions.Logging;

namespace Hub.Messaging.Campaigns;

/// <summary>
/// A queue message (<c>campaign-steps</c>) and a wakeup's payload: step <see cref="Step"/> of run <see cref="RunKey"/>
/// of a campaign for a batch of customers (one bucket's, at most <see cref="DispatchJob.MaxCustomers"/>).
/// </summary>
public sealed record CampaignStepJob(string ShopId, string CampaignId, string RunKey, int Step, IReadOnlyList<string> CustomerIds)
{
    public const string Type = "campaign-step";
    /// <summary>The cart of an abandoned-cart run (the template shows it; its conversion ends the cascade).</summary>
    public string? CartId { get; init; }
}

/// <summary>Why a customer's cascade ended before its last step (kebab-case in the ledger and the results).</summary>
public static class CascadeStops
{
    public const string Reacted = "reacted";
    public const string Converted = "converted";
    public const string OptedOut = "opted-out";
    public const string Deadline = "deadline";
    public const string Capped = "capped";
    public const string NoTemplate = "no-template";
}

/// <summary>What one step of one batch did: messages sent per channel, held back, scheduled for their next step, skipped (a channel could not reach them) and stopped (their cascade ended), each by reason.</summary>
public sealed record CascadeStepReport(int Sent, int Deferred, int Scheduled, IReadOnlyDictionary<string, int> Skipped, IReadOnlyDictionary<string, int> Stopped)
{
    public static readonly CascadeStepReport Nothing = new(0, 0, 0, new Dictionary<string, int>(), new Dictionary<string, int>());
    public IReadOnlyDictionary<Channel, int> SentBy { get; init; } = new Dictionary<Channel, int>();
}

/// <summary>
/// Runs one cascade step for a batch. For each customer: a cascade ends for whoever reacted to an earlier message of
/// the run (opened, clicked, read), bought since its first message, or opted out. Otherwise the step's channels are
/// tried; a channel without address, consent or template, or suppressed, is recorded as skipped, and a customer no
/// channel of the step can reach moves on to the next step at once. Quiet hours in the recipient's own time zone and
/// the shop's frequency caps defer a message to its earliest allowed time — dropped, with the reason recorded, only
/// past the run's deadline. The rest go through the <see cref="MessageDispatcher"/> (send ledger: each message once),
/// and whoever was sent to is scheduled for the next step after the step's reaction window.
/// </summary>
public sealed class CascadeStepProcessor(
    ShopStore shops,
    CampaignStore campaigns,
    CampaignWakeups wakeups,
    CustomerStore customers,
    SendLedger ledger,
    Suppressions suppressions,
    TemplateStore templates,
    ContactLog contactLog,
    MessageDispatcher dispatcher,
    TimeProvider time,
    ILogger<CascadeStepProcessor> log)
{
    /// <summary>A paused campaign's batches look again after this.</summary>
    public static readonly TimeSpan PausedRecheck = TimeSpan.FromHours(1);

    public async Task<CascadeStepReport> HandleAsync(CampaignStepJob job, CancellationToken cancellationToken = default)
    {
        var shop = await shops.GetAsync(job.ShopId, cancellationToken);
        var campaign = shop is null ? null : await campaigns.GetAsync(shop.Id, job.CampaignId, cancellationToken);
        var run = campaign is null ? null : await campaigns.GetRunAsync(shop!.Id, campaign.Id, job.RunKey, cancellationToken);
        if (shop is null || campaign is null || run is null || job.Step >= campaign.Steps.Count)
        {
            log.LogWarning("Campaign step {Step} of {Shop}/{Campaign}/{Run} dropped: the shop, campaign, run or step is gone", job.Step, job.ShopId, job.CampaignId, job.RunKey);
            return CascadeStepReport.Nothing;
        }
        var now = time.GetUtcNow();
        if (campaign.Paused)
        {
            if (now < run.Deadline)
            {
                await wakeups.AddAsync(shop.Id, job, job.CustomerIds.Select(id => (id, now + PausedRecheck)), WakeupReason.Paused, cancellationToken);
            }
            return CascadeStepReport.Nothing;
        }

        var settings = await campaigns.GetSettingsAsync(shop.Id, cancellationToken);
        var source = campaign.SourceOf(job.RunKey);
        var ids = job.CustomerIds.Distinct(StringComparer.Ordinal).ToArray();
        var people = await customers.GetManyAsync(shop.Id, ids, CustomerEntities.ReachColumns, cancellationToken);
        var history = (await Task.WhenAll(ids.Select(Buckets.Of).Distinct().Select(b => ledger.OfSourceAsync(shop.Id, source, b, cancellationToken))))
            .SelectMany(rows => rows).GroupBy(e => e.CustomerId).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        var stepTemplates = new MessageTemplate?[campaign.Steps.Count];
        for (var s = 0; s < campaign.Steps.Count; s++)
        {
            stepTemplates[s] = await templates.GetAsync(shop.Id, campaign.Steps[s].TemplateId, cancellationToken);
        }
        var suppressed = new Dictionary<Channel, Dictionary<string, Suppression>>();
        foreach (var channel in campaign.Steps.SelectMany(s => s.Channels).Distinct())
        {
            suppressed[channel] = await suppressions.LoadAsync(shop.Id, channel, cancellationToken);
        }
        var cart = job.CartId is { } cartId && ids.Length == 1 && people.GetValueOrDefault(ids[0]) is { } cartOwner
            ? (await customers.CartsOfAsync(shop.Id, cartOwner.Id, cancellationToken)).FirstOrDefault(c => c.Id == cartId)
            : null;
        var quiet = settings.Quiet();
        var attribution = campaign.AttributionWindow ?? settings.AttributionWindow;

        var skips = new List<(LedgerEntry Entry, string Reason, bool Stop)>();
        var stopped = new Dictionary<string, int>();
        var deferred = new List<(string CustomerId, int Step, DateTimeOffset Due, WakeupReason Reason)>();
        var ready = new List<(string CustomerId, int Step, int Channel)>();
        foreach (var id in ids)
        {
            var customer = people.GetValueOrDefault(id);
            var past = history.GetValueOrDefault(id) ?? [];
            if (StopReason(customer, past, cart, attribution) is { } stop)
            {
                Stop(id, job.Step, stop);
                continue;
            }
            if (now > run.Deadline)
            {
                Stop(id, job.Step, CascadeStops.Deadline);
                continue;
            }
            var rows = past.ToDictionary(e => e.Step);
            var reachable = new List<int>();
            var step = job.Step;
            var handled = false;
            for (; step < campaign.Steps.Count; step++)
            {
                var channels = campaign.Steps[step].Channels;
                // A message of this step that went out (or is on its way) means this step was done before — a repeated
                // delivery of the batch: what follows it is already scheduled.
                var reached = Enumerable.Range(0, channels.Count).Any(j => rows.TryGetValue(Campaign.LedgerStep(step, j), out var e) && Reached(e));
                for (var j = 0; j < channels.Count; j++)
                {
                    if (rows.ContainsKey(Campaign.LedgerStep(step, j)))
                    {
                        continue;
                    }
                    var obstacle = stepTemplates[step]?.Supports(channels[j]) == true
                        ? Reachability.Obstacle(customer, channels[j], MessageKind.Marketing, suppressed[channels[j]])
                        : CascadeStops.NoTemplate;
                    if (obstacle is null)
                    {
                        reachable.Add(j);
                    }
                    else
                    {
                        skips.Add((Entry(shop.Id, source, id, step, j, channels[j], campaign.Steps[step].TemplateId), obstacle, false));
                    }
                }
                if (reachable.Count > 0 || reached)
                {
                    handled = reachable.Count == 0;
                    break;
                }
                // Nothing of this step can reach them: the next step can try at once.
            }
            if (handled)
            {
                continue;
            }
            if (reachable.Count == 0)
            {
                continue; // no step left that can reach them
            }
            var (zone, _) = RecipientTimeZone.For(customer!, shop);
            if (quiet.IsQuiet(now, zone))
            {
                var due = quiet.NextAllowed(now, zone);
                if (due > run.Deadline)
                {
                    Stop(id, step, CascadeStops.Deadline);
                }
                else
                {
                    deferred.Add((id, step, due, WakeupReason.QuietHours));
                }
                continue;
            }
            ready.AddRange(reachable.Select(j => (id, step, j)));
        }

        // Frequency caps: a slot is reserved per message before it is sent; whoever is over a cap waits for a free slot.
        var decisions = await contactLog.ReserveAsync(shop.Id,
            ready.Select(r => new CapRequest(r.CustomerId, campaign.Steps[r.Step].Channels[r.Channel], CapSource(source, r.Step, r.Channel))).ToList(),
            settings.CapRules(), cancellationToken);
        var toSend = new List<(string CustomerId, int Step, int Channel)>();
        for (var k = 0; k < ready.Count; k++)
        {
            var (id, step, j) = ready[k];
            if (decisions[k].Allowed)
            {
                toSend.Add(ready[k]);
            }
            else if (decisions[k].NotBefore is { } notBefore && notBefore <= run.Deadline)
            {
                deferred.Add((id, step, notBefore, WakeupReason.Capped));
            }
            else
            {
                skips.Add((Entry(shop.Id, source, id, step, j, campaign.Steps[step].Channels[j], campaign.Steps[step].TemplateId), CascadeStops.Capped, false));
            }
        }
        await ledger.SkipManyAsync(skips.Select(s => (s.Entry, s.Reason)).ToList(), cancellationToken);

        var next = new Dictionary<string, (int Step, DateTimeOffset Due)>(StringComparer.Ordinal);
        var sent = 0;
        var sentBy = new Dictionary<Channel, int>();
        foreach (var group in toSend.GroupBy(r => (r.Step, r.Channel)))
        {
            var step = campaign.Steps[group.Key.Step];
            var dispatchJob = new DispatchJob(shop.Id, source, Campaign.LedgerStep(group.Key.Step, group.Key.Channel), step.Channels[group.Key.Channel], step.TemplateId,
                MessageKind.Marketing, group.Select(r => r.CustomerId).ToArray())
            {
                // Trigger campaigns personalise from the member's detail: the product due, the birthday, the cart.
                SegmentId = DetailSegment(campaign),
                CartId = job.CartId,
            };
            var report = await dispatcher.DispatchAsync(dispatchJob, cancellationToken);
            sent += report.Sent;
            sentBy[dispatchJob.Channel] = sentBy.GetValueOrDefault(dispatchJob.Channel) + report.Sent;
            foreach (var entry in report.Entries)
            {
                var following = group.Key.Step + 1;
                switch (entry.Status)
                {
                    case SendStatus.Sent:
                        Schedule(entry.CustomerId, following, (entry.SentAt ?? now) + (step.Wait ?? TimeSpan.Zero));
                        break;
                    case SendStatus.Retry when entry.RetryAt is { } retryAt:
                        deferred.Add((entry.CustomerId, group.Key.Step, retryAt, WakeupReason.Retry));
                        break;
                    case SendStatus.Skipped or SendStatus.Failed or SendStatus.Unreachable:
                        await contactLog.ReleaseAsync(shop.Id, entry.CustomerId, CapSource(source, group.Key.Step, group.Key.Channel), cancellationToken);
                        Schedule(entry.CustomerId, following, now); // this channel cannot reach them: the next step can try
                        break;
                    case SendStatus.OptedOut:
                        await contactLog.ReleaseAsync(shop.Id, entry.CustomerId, CapSource(source, group.Key.Step, group.Key.Channel), cancellationToken);
                        break;
                }
            }
        }

        foreach (var group in next.Where(n => n.Value.Step < campaign.Steps.Count).GroupBy(n => n.Value.Step))
        {
            await wakeups.AddAsync(shop.Id, job with { Step = group.Key, CustomerIds = [] }, group.Select(n => (n.Key, n.Value.Due)), WakeupReason.NextStep, cancellationToken);
        }
        foreach (var group in deferred.GroupBy(d => (d.Step, d.Reason)))
        {
            await wakeups.AddAsync(shop.Id, job with { Step = group.Key.Step, CustomerIds = [] }, group.Select(d => (d.CustomerId, d.Due)), group.Key.Reason, cancellationToken);
        }
        var skipped = skips.Where(s => !s.Stop).GroupBy(s => s.Reason).ToDictionary(g => g.Key, g => g.Count());
        return new CascadeStepReport(sent, deferred.Count, next.Count(n => n.Value.Step < campaign.Steps.Count), skipped, stopped) { SentBy = sentBy };

        void Stop(string id, int step, string reason)
        {
            stopped[reason] = stopped.GetValueOrDefault(reason) + 1;
            var first = campaign.Steps[Math.Min(step, campaign.Steps.Count - 1)];
            skips.Add((Entry(shop.Id, source, id, Math.Min(step, campaign.Steps.Count - 1), 0, first.Channels[0], first.TemplateId), reason, true));
        }

        void Schedule(string id, int step, DateTimeOffset due)
        {
            // Several channels of one step: the customer moves on once, after the latest of their sends.
            if (!next.TryGetValue(id, out var current) || current.Due < due)
            {
                next[id] = (step, due);
            }
        }
    }

    static bool Reached(LedgerEntry entry) => entry.Status is SendStatus.Sent or SendStatus.Claimed or SendStatus.Retry;

    /// <summary>Why the cascade ends for this customer, or null.</summary>
    static string? StopReason(Customer? customer, IReadOnlyList<LedgerEntry> past, Cart? cart, TimeSpan attribution)
    {
        if (customer is null || customer.DeletedAt is not null || customer.MergedInto is not null)
        {
            return SkipReasons.Gone;
        }
        if (past.Any(e => e.Reacted))
        {
            return CascadeStops.Reacted;
        }
        if (past.Any(e => e.Status == SendStatus.OptedOut || e.OptedOutAt is not null))
        {
            return CascadeStops.OptedOut;
        }
        var firstSent = past.Where(e => e.SentAt is not null).Select(e => e.SentAt!.Value).DefaultIfEmpty().Min();
        if (firstSent != default && customer.Aggregates.LastOrderAt is { } ordered && ordered > firstSent && ordered <= firstSent + attribution)
        {
            return CascadeStops.Converted;
        }
        if (cart is not null && (cart.Converted || customer.Aggregates.LastOrderAt > cart.UpdatedAt))
        {
            return CascadeStops.Converted;
        }
        return null;
    }

    static LedgerEntry Entry(string shopId, string source, string customerId, int step, int channelIndex, Channel channel, string templateId)
    {
        var ledgerStep = Campaign.LedgerStep(step, channelIndex);
        return new LedgerEntry
        {
            ShopId = shopId,
            Source = source,
            CustomerId = customerId,
            Step = ledgerStep,
            MessageId = SendLedger.MessageIdOf(shopId, source, customerId, ledgerStep),
            Channel = channel,
            TemplateId = templateId,
            Kind = MessageKind.Marketing,
        };
    }

    /// <summary>What a frequency-cap slot is reserved under: one message of one run (a retry takes no second slot).</summary>
    public static string CapSource(string source, int step, int channelIndex) => $"{source}#{Campaign.LedgerStep(step, channelIndex)}";

    /// <summary>The segment whose member detail a trigger campaign's templates show.</summary>
    public static string? DetailSegment(Campaign campaign) => campaign.Kind switch
    {
        CampaignKind.Birthday => Segments.SegmentIds.BirthdaySoon,
        CampaignKind.Replenishment => Segments.SegmentIds.ReplenishmentDue,
        CampaignKind.AbandonedCart => Segments.SegmentIds.AbandonedCart,
        _ => null,
    };
}
