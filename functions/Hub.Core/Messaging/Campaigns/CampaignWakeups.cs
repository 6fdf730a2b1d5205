using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Hub.Storage;

namespace Hub.Messaging.Campaigns;

/// <summary>Why a batch waits: the next step of a cascade, or a message held back by quiet hours, a cap or a provider's retry time.</summary>
public enum WakeupReason { NextStep, QuietHours, Capped, Retry, Paused }

/// <summary>A batch of one bucket's customers due at <see cref="Due"/> for one step of one run.</summary>
public sealed record CampaignWakeup(string ShopId, DateTimeOffset Due, WakeupReason Reason, CampaignStepJob Job)
{
    public string? RowKey { get; init; }
}

/// <summary>
/// What waits for its time, durably: PartitionKey shop, RowKey <c>{due ticks:D19}|{campaign}|{run}|{step}|{bucket}|{reason}|{nonce}</c>,
/// so the timer reads a shop's due batches with one range query in due order, and <c>hub campaigns stats</c> can say
/// what is pending and why. Due times are rounded up to the minute, so customers deferred to nearly the same moment
/// share a row (at most <see cref="DispatchJob.MaxCustomers"/> each).
/// </summary>
public sealed class CampaignWakeups(StorageClients clients)
{
    readonly TableClient table = clients.Tables.GetTableClient(TableNames.CampaignWakeups);

    public static DateTimeOffset RoundUp(DateTimeOffset due) =>
        new(due.UtcTicks % TimeSpan.TicksPerMinute == 0 ? due.UtcTicks : (due.UtcTicks / TimeSpan.TicksPerMinute + 1) * TimeSpan.TicksPerMinute, TimeSpan.Zero);

    /// <summary>Schedules customers for a step at a time; customers are grouped per bucket and rounded-up minute.</summary>
    public async Task AddAsync(string shopId, CampaignStepJob template, IEnumerable<(string CustomerId, DateTimeOffset Due)> customers, WakeupReason reason, CancellationToken cancellationToken = default)
    {
        var rows = customers
            .GroupBy(c => (Bucket: Buckets.Of(c.CustomerId), Due: RoundUp(c.Due)))
            .SelectMany(g => g.Select(c => c.CustomerId).Distinct(StringComparer.Ordinal).Chunk(DispatchJob.MaxCustomers)
                .Select(ids => Row(shopId, g.Key.Due, reason, template with { CustomerIds = ids }, g.Key.Bucket)))
            .Select(e => new TableTransactionAction(TableTransactionActionType.Add, e));
        await new TableBatchWriter(clients, maxParallelTransactions: 4).WriteAsync(TableNames.CampaignWakeups, rows, cancellationToken);
    }

    /// <summary>The shop's batches due at or before <paramref name="now"/>, in due order.</summary>
    public async IAsyncEnumerable<CampaignWakeup> DueAsync(string shopId, DateTimeOffset now, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var until = (now.UtcTicks + 1).ToString("D19", CultureInfo.InvariantCulture);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {shopId} and RowKey lt {until}");
        await foreach (var row in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            yield return Read(row);
        }
    }

    /// <summary>Everything a campaign has waiting (for stats and the CLI).</summary>
    public async Task<List<CampaignWakeup>> PendingAsync(string shopId, string? campaignId = null, CancellationToken cancellationToken = default)
    {
        var list = new List<CampaignWakeup>();
        await foreach (var row in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {shopId}"), cancellationToken: cancellationToken))
        {
            var wakeup = Read(row);
            if (campaignId is null || wakeup.Job.CampaignId == campaignId)
            {
                list.Add(wakeup);
            }
        }
        return list;
    }

    public async Task DeleteAsync(CampaignWakeup wakeup, CancellationToken cancellationToken = default)
    {
        try
        {
            await table.DeleteEntityAsync(wakeup.ShopId, wakeup.RowKey, ETag.All, cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
        }
    }

    static TableEntity Row(string shopId, DateTimeOffset due, WakeupReason reason, CampaignStepJob job, int bucket)
    {
        var key = string.Join('|',
            due.UtcTicks.ToString("D19", CultureInfo.InvariantCulture), job.CampaignId, KeyEncoder.Encode(job.RunKey),
            job.Step.ToString(CultureInfo.InvariantCulture), bucket.ToString("00", CultureInfo.InvariantCulture), reason.ToString(), Guid.NewGuid().ToString("N")[..8]);
        var entity = new TableEntity(shopId, key)
        {
            ["Due"] = due,
            ["Reason"] = reason.ToString(),
            ["Job"] = JsonSerializer.Serialize(job, HubJson.Options),
        };
        TableLimits.Check(entity);
        return entity;
    }

    static CampaignWakeup Read(TableEntity row) => new(
        row.PartitionKey,
        row.GetDateTimeOffset("Due") ?? default,
        Enum.Parse<WakeupReason>(row.GetString("Reason")),
        JsonSerializer.Deserialize<CampaignStepJob>(row.GetString("Job"), HubJson.Options)!) { RowKey = row.RowKey };
}
