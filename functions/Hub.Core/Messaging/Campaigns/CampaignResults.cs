using Azure.Data.Tables;
using Hub.Customers;
using Hub.Shops;
using Hub.Storage;

namespace Hub.Messaging.Campaigns;

/// <summary>
/// One step and channel of a campaign's results. <see cref="Planned"/> counts everyone the step was meant for: sent,
/// skipped (with why), dropped past the deadline, and still waiting (quiet hours, caps). <see cref="Converted"/> and
/// <see cref="Revenue"/> count orders placed within the attribution window after a message, each order credited to the
/// last message of the campaign before it.
/// </summary>
public sealed record ResultLine(int Step, Channel Channel)
{
    public long Planned { get; init; }
    public long Sent { get; init; }
    public long Delivered { get; init; }
    public long Opened { get; init; }
    public long Clicked { get; init; }
    public long Read { get; init; }
    public long Failed { get; init; }
    public long Waiting { get; init; }
    public IReadOnlyDictionary<string, long> Skipped { get; init; } = new Dictionary<string, long>();
    public long Converted { get; init; }
    public decimal Revenue { get; init; }
    public decimal Cost { get; init; }
    public decimal? CostPerOrder => Converted > 0 ? Math.Round(Cost / Converted, 2) : null;
}

/// <summary>A campaign's results over all its runs, per step and channel, with the totals.</summary>
public sealed record CampaignResult(string CampaignId, int Runs, long Audience, IReadOnlyList<ResultLine> Lines, long Customers, long Converted, decimal Revenue, decimal Cost, string Currency, DateTimeOffset At)
{
    public decimal? CostPerOrder => Converted > 0 ? Math.Round(Cost / Converted, 2) : null;
}

/// <summary>
/// Computes a campaign's results from what actually happened: the send ledger's rows of every run (sent, delivered,
/// opened, clicked, read, skipped and why; the provider's cost where it reported one, else the shop's price), the
/// batches still waiting, and the shop's orders — streamed bucket by bucket, keeping only those of messaged customers
/// — matched to the last message before them within the attribution window.
/// </summary>
public sealed class CampaignResults(ShopStore shops, CampaignStore campaigns, CampaignWakeups wakeups, SendLedger ledger, StorageClients clients, TimeProvider time)
{
    public async Task<CampaignResult> ComputeAsync(string shopId, Campaign campaign, CancellationToken cancellationToken = default)
    {
        var shop = await shops.RequireAsync(shopId, cancellationToken);
        var settings = await campaigns.GetSettingsAsync(shop.Id, cancellationToken);
        var attribution = campaign.AttributionWindow ?? settings.AttributionWindow;
        var runs = (await campaigns.RunsAsync(shop.Id, campaign.Id, cancellationToken)).Where(r => !r.RunKey.StartsWith('~')).ToList();
        var lines = new Dictionary<(int Step, Channel Channel), Accumulator>();
        Accumulator Line(int step, Channel channel) =>
            lines.TryGetValue((step, channel), out var a) ? a : lines[(step, channel)] = new Accumulator();
        // Every message sent, per customer, in time order: what orders are credited to.
        var sends = new Dictionary<string, List<(DateTimeOffset At, int Step, Channel Channel)>>(StringComparer.Ordinal);
        var customers = new HashSet<string>(StringComparer.Ordinal);

        await foreach (var entry in ledger.OfSourcesAsync(shop.Id, campaign.SourceOf(""), cancellationToken))
        {
            var (step, _) = Campaign.FromLedgerStep(entry.Step);
            var line = Line(step + 1, entry.Channel);
            line.Planned++;
            customers.Add(entry.CustomerId);
            switch (entry.Status)
            {
                case SendStatus.Sent:
                    line.Sent++;
                    line.Cost += entry.Cost ?? settings.PriceOf(entry.Channel);
                    var at = entry.SentAt ?? entry.ClaimedAt;
                    if (!sends.TryGetValue(entry.CustomerId, out var list))
                    {
                        sends[entry.CustomerId] = list = [];
                    }
                    list.Add((at, step + 1, entry.Channel));
                    break;
                case SendStatus.Skipped:
                    line.Skip(entry.Error ?? "skipped");
                    break;
                case SendStatus.Failed or SendStatus.Unreachable:
                    line.Failed++;
                    break;
                case SendStatus.OptedOut:
                    line.Skip(CascadeStops.OptedOut);
                    break;
                case SendStatus.Claimed or SendStatus.Retry:
                    line.Waiting++;
                    break;
            }
            line.Delivered += entry.DeliveredAt is not null ? 1 : 0;
            line.Opened += entry.OpenedAt is not null ? 1 : 0;
            line.Clicked += entry.ClickedAt is not null ? 1 : 0;
            line.Read += entry.ReadAt is not null ? 1 : 0;
        }
        foreach (var wakeup in await wakeups.PendingAsync(shop.Id, campaign.Id, cancellationToken))
        {
            if (wakeup.Reason == WakeupReason.NextStep || wakeup.Job.Step >= campaign.Steps.Count)
            {
                continue; // the next step's audience is counted when it is evaluated
            }
            var line = Line(wakeup.Job.Step + 1, campaign.Steps[wakeup.Job.Step].Channels[0]);
            line.Planned += wakeup.Job.CustomerIds.Count;
            line.Waiting += wakeup.Job.CustomerIds.Count;
        }

        foreach (var list in sends.Values)
        {
            list.Sort((a, b) => a.At.CompareTo(b.At));
        }
        long converted = 0;
        decimal revenue = 0;
        for (var bucket = 0; bucket < Buckets.Count && sends.Count > 0; bucket++)
        {
            var filter = TableClient.CreateQueryFilter($"PartitionKey eq {Buckets.Partition(shop.Id, bucket)}");
            await foreach (var row in clients.Rows.QueryAsync(TableNames.Orders, filter, ["RowKey", "CreatedAt", "Total", "Currency", "Cancelled"], cancellationToken: cancellationToken))
            {
                var customerId = row.RowKey[..row.RowKey.IndexOf('|')];
                if (!sends.TryGetValue(customerId, out var messages) || row.GetBoolean("Cancelled") == true || row.GetDateTimeOffset("CreatedAt") is not { } placed)
                {
                    continue;
                }
                // Credited to the campaign's last message before the order, if the order falls within its window.
                var credit = messages.LastOrDefault(m => m.At <= placed);
                if (credit == default || placed - credit.At > attribution)
                {
                    continue;
                }
                var total = string.Equals(row.GetString("Currency"), shop.Currency, StringComparison.OrdinalIgnoreCase) ? CustomerEntities.ParseMoney(row.GetString("Total")) : 0m;
                var line = Line(credit.Step, credit.Channel);
                line.Converted++;
                line.Revenue += total;
                converted++;
                revenue += total;
            }
        }

        var resultLines = lines.OrderBy(l => l.Key.Step).ThenBy(l => l.Key.Channel).Select(l => l.Value.ToLine(l.Key.Step, l.Key.Channel)).ToList();
        return new CampaignResult(campaign.Id, runs.Count, runs.Sum(r => r.Audience), resultLines, customers.Count, converted, revenue,
            resultLines.Sum(l => l.Cost), shop.Currency, time.GetUtcNow());
    }

    sealed class Accumulator
    {
        public long Planned, Sent, Delivered, Opened, Clicked, Read, Failed, Waiting, Converted;
        public decimal Revenue, Cost;
        readonly Dictionary<string, long> skipped = new(StringComparer.Ordinal);

        public void Skip(string reason) => skipped[reason] = skipped.GetValueOrDefault(reason) + 1;

        public ResultLine ToLine(int step, Channel channel) => new(step, channel)
        {
            Planned = Planned, Sent = Sent, Delivered = Delivered, Opened = Opened, Clicked = Clicked, Read = Read, Failed = Failed, Waiting = Waiting,
            Skipped = skipped.OrderBy(s => s.Key, StringComparer.Ordinal).ToDictionary(s => s.Key, s => s.Value),
            Converted = Converted, Revenue = Revenue, Cost = Cost,
        };
    }
}
