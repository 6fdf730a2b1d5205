using System.Globalization;
using Azure;
using Azure.Data.Tables;
using Hub.Storage;

namespace Hub.Audiences;

/// <summary>
/// An ad system's limits on creating and changing audiences, per account. Yandex Audience: 10 per minute, 100 per hour,
/// 500 per day (ad-systems.md 1.6; "the quotas include requests that are made by mistake"); its daily block lifts at
/// midnight Moscow time. A create is an upload plus a confirm, so it costs two.
/// </summary>
public sealed record AdQuota(int PerMinute, int PerHour, int PerDay, string DayTimeZone, int CreateCost, int ReplaceCost)
{
    public static readonly AdQuota Yandex = new(10, 100, 500, "Europe/Moscow", CreateCost: 2, ReplaceCost: 1);

    /// <summary>The quota of a system, or null when it publishes none we must count (VK Ads: unconfirmed).</summary>
    public static AdQuota? For(string system) => system == AudienceFormats.Yandex.System ? Yandex : null;
}

/// <summary>
/// Counts calls against <see cref="AdQuota"/> in Table Storage, so every instance of the app draws from one budget:
/// PartitionKey <c>{system}|{account}</c>, one row per minute, hour and day window. Taking is one transaction over the
/// three rows with ETags; a concurrent taker makes it fail and it is tried again with fresh counts.
/// </summary>
public sealed class AdQuotaLedger(StorageClients clients, TimeProvider time)
{
    const int Attempts = 50;
    readonly TableClient table = clients.Tables.GetTableClient(TableNames.AdQuotas);

    /// <summary>Takes <paramref name="cost"/> calls; null when taken, else the earliest time they would fit.</summary>
    public async Task<DateTimeOffset?> TryTakeAsync(string system, string account, AdQuota quota, int cost, CancellationToken cancellationToken = default)
    {
        var pk = $"{system}|{KeyEncoder.Encode(account)}";
        for (var attempt = 0; ; attempt++)
        {
            var now = time.GetUtcNow();
            var windows = Windows(quota, now);
            var rows = new TableEntity?[windows.Length];
            for (var i = 0; i < windows.Length; i++)
            {
                var row = await table.GetEntityIfExistsAsync<TableEntity>(pk, windows[i].Key, cancellationToken: cancellationToken);
                rows[i] = row.HasValue ? row.Value : null;
                if ((rows[i]?.GetInt32("Count") ?? 0) + cost > windows[i].Limit)
                {
                    return windows[i].End;
                }
            }
            var actions = new List<TableTransactionAction>();
            for (var i = 0; i < windows.Length; i++)
            {
                var updated = new TableEntity(pk, windows[i].Key) { ["Count"] = (rows[i]?.GetInt32("Count") ?? 0) + cost, ["Until"] = windows[i].End };
                actions.Add(rows[i] is { } existing
                    ? new TableTransactionAction(TableTransactionActionType.UpdateReplace, updated, existing.ETag)
                    : new TableTransactionAction(TableTransactionActionType.Add, updated));
            }
            try
            {
                await table.SubmitTransactionAsync(actions, cancellationToken);
                return null;
            }
            catch (TableTransactionFailedException e) when (e.Status is 409 or 412 && attempt < Attempts)
            {
                // Another instance took from the same windows: read again after a short random pause.
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(5, 20 + 10 * Math.Min(attempt, 10))), cancellationToken);
            }
        }
    }

    /// <summary>How much of each window is used, for the CLI.</summary>
    public async Task<IReadOnlyList<(string Window, int Used, int Limit)>> UsageAsync(string system, string account, AdQuota quota, CancellationToken cancellationToken = default)
    {
        var pk = $"{system}|{KeyEncoder.Encode(account)}";
        var usage = new List<(string, int, int)>();
        foreach (var window in Windows(quota, time.GetUtcNow()))
        {
            var row = await table.GetEntityIfExistsAsync<TableEntity>(pk, window.Key, cancellationToken: cancellationToken);
            usage.Add((window.Name, row.HasValue ? row.Value!.GetInt32("Count") ?? 0 : 0, window.Limit));
        }
        return usage;
    }

    sealed record Window(string Name, string Key, int Limit, DateTimeOffset End);

    static Window[] Windows(AdQuota quota, DateTimeOffset now)
    {
        var minute = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, now.Minute, 0, TimeSpan.Zero);
        var hour = minute.AddMinutes(-now.Minute);
        var zone = TimeZoneInfo.FindSystemTimeZoneById(quota.DayTimeZone);
        var local = TimeZoneInfo.ConvertTime(now, zone);
        var nextMidnight = local.Date.AddDays(1);
        var dayEnd = new DateTimeOffset(nextMidnight, zone.GetUtcOffset(nextMidnight)).ToUniversalTime();
        return
        [
            new("minute", "m" + minute.ToString("yyyyMMddHHmm", CultureInfo.InvariantCulture), quota.PerMinute, minute.AddMinutes(1)),
            new("hour", "h" + hour.ToString("yyyyMMddHH", CultureInfo.InvariantCulture), quota.PerHour, hour.AddHours(1)),
            new("day", "d" + local.ToString("yyyyMMdd", CultureInfo.InvariantCulture), quota.PerDay, dayEnd),
        ];
    }
}
