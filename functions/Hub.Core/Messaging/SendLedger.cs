using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Data.Tables;
using Hub.Customers;
using Hub.Messaging.Channels;
using Hub.Storage;

namespace Hub.Messaging;

/// <summary>Where a message stands in the ledger (kebab-case in tables, CLI and JSON).</summary>
public enum SendStatus { Claimed, Sent, Retry, Failed, OptedOut, Unreachable, Skipped }

/// <summary>One message in the send ledger: the claim, then what the provider said, then what the person did.</summary>
public sealed record LedgerEntry
{
    public required string ShopId { get; init; }
    public required string Source { get; init; }
    public required string CustomerId { get; init; }
    public required int Step { get; init; }
    public required string MessageId { get; init; }
    public required Channel Channel { get; init; }
    public SendStatus Status { get; init; }
    public string? Provider { get; init; }
    public string? Address { get; init; }
    public string? TemplateId { get; init; }
    public MessageKind Kind { get; init; }
    public int Attempts { get; init; }
    /// <summary>A claim found abandoned (a crash between claim and send): the retry may have sent it twice.</summary>
    public bool Ambiguous { get; init; }
    public DateTimeOffset ClaimedAt { get; init; }
    public DateTimeOffset? SentAt { get; init; }
    public DateTimeOffset? RetryAt { get; init; }
    public string? ProviderMessageId { get; init; }
    public decimal? Cost { get; init; }
    public string? Currency { get; init; }
    public string? Error { get; init; }
    public DateTimeOffset? DeliveredAt { get; init; }
    public DateTimeOffset? OpenedAt { get; init; }
    public DateTimeOffset? ClickedAt { get; init; }
    public DateTimeOffset? ReadAt { get; init; }
    public DateTimeOffset? FailedAt { get; init; }
    public DateTimeOffset? OptedOutAt { get; init; }
    public ETag ETag { get; init; }

    /// <summary>Opened, clicked or read: the person reacted (cascades stop for them).</summary>
    public bool Reacted => OpenedAt is not null || ClickedAt is not null || ReadAt is not null;
}

/// <summary>A message's place in the ledger besides the shop: its source, customer and step.</summary>
public sealed record LedgerKey(string Source, string CustomerId, int Step);

/// <summary>What a claim found.</summary>
public enum ClaimResult
{
    /// <summary>Ours to send.</summary>
    Claimed,
    /// <summary>Ours again: an earlier claim was abandoned past the timeout, or a retry is due. The entry says which.</summary>
    Reclaimed,
    /// <summary>Already sent, or being sent by another worker right now, or finished otherwise: do nothing.</summary>
    Duplicate,
    /// <summary>A temporary failure whose retry time has not come.</summary>
    NotYet,
}

/// <summary>
/// Exactly-once sending. A message — (shop, source, customer, step), where the source is a campaign, a trigger or a
/// test — is claimed by inserting its row, which fails if it exists, before any provider call; the outcome and the
/// provider's id are written after. Duplicate queue deliveries, concurrent workers and retries find the row and stop.
/// A claim left by a crash between claim and send is taken over once, after <see cref="ClaimTimeout"/>, and marked
/// <see cref="LedgerEntry.Ambiguous"/>. Keys: PartitionKey <c>{shop}|{encoded source}</c>, RowKey
/// <c>{customerId}|{step}</c>; the MessageRefs table maps our message id and the provider's id back to the row.
/// </summary>
public sealed class SendLedger(StorageClients clients, TimeProvider time)
{
    public static readonly TimeSpan ClaimTimeout = TimeSpan.FromMinutes(10);
    public const int MaxAttempts = 5;
    readonly TableClient table = clients.Tables.GetTableClient(TableNames.SendLedger);
    readonly TableClient refs = clients.Tables.GetTableClient(TableNames.MessageRefs);
    readonly TableBatchWriter writer = new(clients, maxParallelTransactions: ParallelTransactions);

    /// <summary>
    /// Our message id: 24 base32 characters, the same on every retry. The first <see cref="RefPrefixLength"/> come from
    /// (shop, source, the customer's bucket) alone, so the MessageRefs rows of one dispatch batch share a partition and
    /// are written in batches; the rest from the whole key.
    /// </summary>
    public static string MessageIdOf(string shopId, string source, string customerId, int step)
    {
        var id = new StringBuilder(24);
        Base32(SHA256.HashData(Encoding.UTF8.GetBytes($"{shopId}\n{source}\n{Buckets.Of(customerId)}")), RefPrefixLength, id);
        Base32(SHA256.HashData(Encoding.UTF8.GetBytes($"{shopId}\n{source}\n{customerId}\n{step}")), 24 - RefPrefixLength, id);
        return id.ToString();
    }

    public const int RefPrefixLength = 8;

    static void Base32(byte[] digest, int characters, StringBuilder into)
    {
        const string alphabet = "abcdefghijklmnopqrstuvwxyz234567";
        for (var bit = 0; bit < characters * 5; bit += 5)
        {
            var value = (digest[bit / 8] << 8 | digest[bit / 8 + 1]) >> (11 - bit % 8) & 31;
            into.Append(alphabet[value]);
        }
    }

    /// <summary>MessageRefs key of our message id: partition by the (shop, source) prefix, row the id.</summary>
    static (string Partition, string Row) OurRef(string messageId) => ($"m|{messageId[..Math.Min(RefPrefixLength, messageId.Length)]}", messageId);

    /// <summary>MessageRefs key of a provider's message id: one partition each (they come from outside).</summary>
    static (string Partition, string Row) ProviderRef(string provider, string providerMessageId) => ($"p|{provider}|{KeyEncoder.Encode(providerMessageId)}", "");

    /// <summary>
    /// A source's rows are spread over the customer buckets: a campaign to 100,000 people is 64 partitions of ~1,600
    /// rows (Azure serves ~2,000 entities/s per partition), and one dispatch batch — one bucket's members — is one.
    /// </summary>
    static string Partition(string shopId, string source, string customerId) => $"{shopId}|{KeyEncoder.Encode(source)}|{Buckets.Of(customerId):00}";
    static string Row(string customerId, int step) => $"{customerId}|{step.ToString(CultureInfo.InvariantCulture)}";

    public async Task<(ClaimResult Result, LedgerEntry Entry)> ClaimAsync(LedgerEntry entry, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        var claim = entry with { Status = SendStatus.Claimed, ClaimedAt = now, Attempts = 1 };
        try
        {
            var response = await table.AddEntityAsync(ToEntity(claim), cancellationToken);
            await refs.UpsertEntityAsync(Ref(OurRef(claim.MessageId), claim), TableUpdateMode.Replace, cancellationToken);
            return (ClaimResult.Claimed, claim with { ETag = response.Headers.ETag ?? default });
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
        }
        return await ReclaimAsync(entry, now, cancellationToken);
    }

    /// <summary>
    /// Claims many messages at once: rows of one partition (one campaign step) are inserted 100 to a transaction, and
    /// a transaction that meets an existing row falls back to claiming its messages one by one — so the answer for each
    /// message is exactly what <see cref="ClaimAsync"/> would say, at about one request per hundred messages.
    /// </summary>
    /// <param name="indexOurIds">Write the MessageRefs rows that find a message by our id; not needed when the provider echoes the ledger key.</param>
    public async Task<(ClaimResult Result, LedgerEntry Entry)[]> ClaimManyAsync(IReadOnlyList<LedgerEntry> entries, bool indexOurIds = true, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        var results = new (ClaimResult Result, LedgerEntry Entry)[entries.Count];
        var chunks = Chunks(entries);
        await Parallel.ForEachAsync(chunks, new ParallelOptions { MaxDegreeOfParallelism = ParallelTransactions, CancellationToken = cancellationToken }, async (chunk, ct) =>
        {
            var claims = chunk.Select(i => entries[i] with { Status = SendStatus.Claimed, ClaimedAt = now, Attempts = 1 }).ToArray();
            try
            {
                await TableBatchWriter.SubmitAsync(table, claims.Select(c => new TableTransactionAction(TableTransactionActionType.Add, ToEntity(c))).ToList(), ct);
                for (var k = 0; k < chunk.Length; k++)
                {
                    results[chunk[k]] = (ClaimResult.Claimed, claims[k]);
                }
            }
            catch (RequestFailedException e) when (e.Status == 409)
            {
                // Someone holds a row of this chunk (a duplicate delivery, a retry): decide each message on its own.
                foreach (var i in chunk)
                {
                    results[i] = await ClaimAsync(entries[i], ct);
                }
                return;
            }
            if (indexOurIds)
            {
                await writer.WriteAsync(TableNames.MessageRefs, claims.Select(c => new TableTransactionAction(TableTransactionActionType.UpsertReplace, Ref(OurRef(c.MessageId), c))), ct);
            }
        });
        return results;
    }

    /// <summary>Records many skipped messages (no consent, suppressed, no address) in batches; an existing row is left as it is.</summary>
    public async Task SkipManyAsync(IReadOnlyList<(LedgerEntry Entry, string Reason)> skips, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        var entries = skips.Select(s => s.Entry with { Status = SendStatus.Skipped, Error = s.Reason, ClaimedAt = now }).ToArray();
        await Parallel.ForEachAsync(Chunks(entries), new ParallelOptions { MaxDegreeOfParallelism = ParallelTransactions, CancellationToken = cancellationToken }, async (chunk, ct) =>
        {
            try
            {
                await TableBatchWriter.SubmitAsync(table, chunk.Select(i => new TableTransactionAction(TableTransactionActionType.Add, ToEntity(entries[i]))).ToList(), ct);
            }
            catch (RequestFailedException e) when (e.Status == 409)
            {
                foreach (var i in chunk)
                {
                    await SkipAsync(skips[i].Entry, skips[i].Reason, ct);
                }
            }
        });
    }

    /// <summary>
    /// Writes what the provider said about many claimed messages, in batches per partition. A provider's message id is
    /// indexed only when it names one message: an id a provider gives a whole request (SendGrid's X-Message-Id) finds
    /// nothing by itself, and its events carry our own id.
    /// </summary>
    public async Task<LedgerEntry[]> RecordManyAsync(IReadOnlyList<(LedgerEntry Claimed, SendOutcome Outcome)> outcomes, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        var updated = outcomes.Select(o => Recorded(o.Claimed, o.Outcome, now)).ToArray();
        await writer.WriteAsync(TableNames.SendLedger, updated.Select(u => new TableTransactionAction(TableTransactionActionType.UpsertReplace, ToEntity(u))), cancellationToken);
        var perMessage = updated
            .Where(u => u.ProviderMessageId is { Length: > 0 } && u.Provider is not null)
            .GroupBy(u => (u.Provider, u.ProviderMessageId))
            .Where(g => g.Count() == 1)
            .Select(g => g.First())
            .ToArray();
        await Parallel.ForEachAsync(perMessage, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken }, async (u, ct) =>
            await refs.UpsertEntityAsync(Ref(ProviderRef(u.Provider!, u.ProviderMessageId!), u), TableUpdateMode.Replace, ct));
        return updated;
    }

    const int ParallelTransactions = 4;

    /// <summary>Indexes of the entries grouped by ledger partition, at most one transaction's worth each.</summary>
    static List<int[]> Chunks(IReadOnlyList<LedgerEntry> entries) => Enumerable.Range(0, entries.Count)
        .GroupBy(i => Partition(entries[i].ShopId, entries[i].Source, entries[i].CustomerId))
        .SelectMany(g => g.Chunk(TableLimits.MaxBatchActions))
        .ToList();

    /// <summary>The claim of a message whose row exists: a duplicate, a retry not yet due, or one to take over (abandoned, retry due).</summary>
    async Task<(ClaimResult Result, LedgerEntry Entry)> ReclaimAsync(LedgerEntry entry, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var existing = await GetAsync(entry.ShopId, entry.Source, entry.CustomerId, entry.Step, cancellationToken)
            ?? throw new InvalidOperationException($"ledger row {entry.Source}/{entry.CustomerId}/{entry.Step} vanished during its claim");
        var abandoned = existing.Status == SendStatus.Claimed && now - existing.ClaimedAt >= ClaimTimeout && existing.Attempts < 2;
        var retryDue = existing.Status == SendStatus.Retry && existing.Attempts < MaxAttempts;
        if (!abandoned && !retryDue)
        {
            return (ClaimResult.Duplicate, existing);
        }
        if (retryDue && existing.RetryAt > now)
        {
            return (ClaimResult.NotYet, existing);
        }
        var retaken = existing with
        {
            Status = SendStatus.Claimed,
            ClaimedAt = now,
            Attempts = existing.Attempts + 1,
            Ambiguous = existing.Ambiguous || abandoned,
            Channel = entry.Channel,
            Address = entry.Address,
            Provider = entry.Provider,
        };
        try
        {
            var response = await table.UpdateEntityAsync(ToEntity(retaken), existing.ETag, TableUpdateMode.Replace, cancellationToken);
            return (ClaimResult.Reclaimed, retaken with { ETag = response.Headers.ETag ?? default });
        }
        catch (RequestFailedException e) when (e.Status == 412)
        {
            // Another worker took it over first.
            return (ClaimResult.Duplicate, existing);
        }
    }

    /// <summary>Writes what the provider said about a claimed message.</summary>
    public async Task<LedgerEntry> RecordAsync(LedgerEntry claimed, SendOutcome outcome, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        var updated = Recorded(claimed, outcome, now);
        await table.UpsertEntityAsync(ToEntity(updated), TableUpdateMode.Replace, cancellationToken);
        if (outcome.ProviderMessageId is { Length: > 0 } providerId && claimed.Provider is { } provider)
        {
            await refs.UpsertEntityAsync(Ref(ProviderRef(provider, providerId), updated), TableUpdateMode.Replace, cancellationToken);
        }
        return updated;
    }

    static LedgerEntry Recorded(LedgerEntry claimed, SendOutcome outcome, DateTimeOffset now) => claimed with
        {
            Status = outcome.Result switch
            {
                SendResult.Sent => SendStatus.Sent,
                SendResult.Retry or SendResult.UseTemplate => claimed.Attempts >= MaxAttempts ? SendStatus.Failed : SendStatus.Retry,
                SendResult.OptOut => SendStatus.OptedOut,
                SendResult.Unreachable => SendStatus.Unreachable,
                _ => SendStatus.Failed,
            },
            SentAt = outcome.Result == SendResult.Sent ? now : claimed.SentAt,
            RetryAt = outcome.Result is SendResult.Retry or SendResult.UseTemplate ? now + (outcome.RetryAfter ?? RetryDelay(claimed.Attempts)) : null,
            ProviderMessageId = outcome.ProviderMessageId ?? claimed.ProviderMessageId,
            Cost = outcome.Cost ?? claimed.Cost,
            Currency = outcome.Currency ?? claimed.Currency,
            Error = outcome.Error,
        };

    /// <summary>Records a message that was not sent, with the reason (no consent, suppressed, no address): nothing to claim later.</summary>
    public async Task<LedgerEntry> SkipAsync(LedgerEntry entry, string reason, CancellationToken cancellationToken = default)
    {
        var skipped = entry with { Status = SendStatus.Skipped, Error = reason, ClaimedAt = time.GetUtcNow() };
        try
        {
            await table.AddEntityAsync(ToEntity(skipped), cancellationToken);
            return skipped;
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            return (await GetAsync(entry.ShopId, entry.Source, entry.CustomerId, entry.Step, cancellationToken))!;
        }
    }

    static TimeSpan RetryDelay(int attempts) => TimeSpan.FromMinutes(Math.Min(60, 1 << Math.Clamp(attempts, 0, 6)));

    public async Task<LedgerEntry?> GetAsync(string shopId, string source, string customerId, int step, CancellationToken cancellationToken = default)
    {
        var row = await table.GetEntityIfExistsAsync<TableEntity>(Partition(shopId, source, customerId), Row(customerId, step), cancellationToken: cancellationToken);
        return row.HasValue ? FromEntity(row.Value!) : null;
    }

    /// <summary>The entry of our message id, or of a provider's message id.</summary>
    public async Task<LedgerEntry?> FindAsync(string? messageId, string? provider, string? providerMessageId, CancellationToken cancellationToken = default)
    {
        (string Partition, string Row)? key = messageId is { Length: > 0 } ? OurRef(messageId)
            : provider is not null && providerMessageId is { Length: > 0 } ? ProviderRef(provider, providerMessageId) : null;
        if (key is not { } found)
        {
            return null;
        }
        var reference = await refs.GetEntityIfExistsAsync<TableEntity>(found.Partition, found.Row, cancellationToken: cancellationToken);
        if (!reference.HasValue)
        {
            return null;
        }
        var row = await table.GetEntityIfExistsAsync<TableEntity>(reference.Value!.GetString("LedgerPartition"), reference.Value.GetString("LedgerRow"), cancellationToken: cancellationToken);
        return row.HasValue ? FromEntity(row.Value!) : null;
    }

    /// <summary>Applies a provider event's time to the entry (the first time of each kind is kept).</summary>
    public async Task<LedgerEntry> MarkAsync(LedgerEntry entry, ProviderEventKind kind, DateTimeOffset at, string? detail, CancellationToken cancellationToken = default)
    {
        var updated = kind switch
        {
            ProviderEventKind.Delivered => entry with { DeliveredAt = entry.DeliveredAt ?? at },
            ProviderEventKind.Opened => entry with { OpenedAt = entry.OpenedAt ?? at, DeliveredAt = entry.DeliveredAt ?? at },
            ProviderEventKind.Clicked => entry with { ClickedAt = entry.ClickedAt ?? at, DeliveredAt = entry.DeliveredAt ?? at },
            ProviderEventKind.Read => entry with { ReadAt = entry.ReadAt ?? at, DeliveredAt = entry.DeliveredAt ?? at },
            ProviderEventKind.Failed or ProviderEventKind.Bounced => entry with { FailedAt = entry.FailedAt ?? at, Error = detail ?? entry.Error },
            ProviderEventKind.OptedOut => entry with { OptedOutAt = entry.OptedOutAt ?? at },
            _ => entry,
        };
        if (updated != entry)
        {
            await table.UpsertEntityAsync(ToEntity(updated), TableUpdateMode.Merge, cancellationToken);
        }
        return updated;
    }

    /// <summary>Every entry of one customer in the shop (scans the shop's partitions: for support, not for hot paths).</summary>
    public async Task<List<LedgerEntry>> OfCustomerAsync(string shopId, string customerId, CancellationToken cancellationToken = default)
    {
        var list = new List<LedgerEntry>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey ge {shopId + "|"} and PartitionKey lt {shopId + "}"} and RowKey ge {customerId + "|"} and RowKey lt {customerId + "}"}");
        await foreach (var row in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            list.Add(FromEntity(row));
        }
        return list;
    }

    /// <summary>Every entry of one source in one customer bucket (one partition): a cascade step reads its batch's history with it.</summary>
    public async Task<List<LedgerEntry>> OfSourceAsync(string shopId, string source, int bucket, CancellationToken cancellationToken = default)
    {
        var list = new List<LedgerEntry>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {$"{shopId}|{KeyEncoder.Encode(source)}|{bucket:00}"}");
        await foreach (var row in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            list.Add(FromEntity(row));
        }
        return list;
    }

    /// <summary>Every entry of every source that starts with <paramref name="sourcePrefix"/> (all runs of a campaign), streamed.</summary>
    public async IAsyncEnumerable<LedgerEntry> OfSourcesAsync(string shopId, string sourcePrefix, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var from = $"{shopId}|{KeyEncoder.Encode(sourcePrefix)}";
        var to = from[..^1] + (char)(from[^1] + 1);
        var filter = TableClient.CreateQueryFilter($"PartitionKey ge {from} and PartitionKey lt {to}");
        await foreach (var row in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            yield return FromEntity(row);
        }
    }

    static TableEntity Ref((string Partition, string Row) key, LedgerEntry entry) => new(key.Partition, key.Row)
    {
        ["LedgerPartition"] = Partition(entry.ShopId, entry.Source, entry.CustomerId),
        ["LedgerRow"] = Row(entry.CustomerId, entry.Step),
    };

    /// <summary>The row of an entry; empty properties are left out (a Replace drops them), which keeps rows small.</summary>
    static TableEntity ToEntity(LedgerEntry e)
    {
        var entity = Columns(e);
        foreach (var name in entity.Keys.Where(k => entity[k] is null).ToArray())
        {
            entity.Remove(name);
        }
        return entity;
    }

    static TableEntity Columns(LedgerEntry e) => new(Partition(e.ShopId, e.Source, e.CustomerId), Row(e.CustomerId, e.Step))
    {
        ["Source"] = e.Source,
        ["CustomerId"] = e.CustomerId,
        ["Step"] = e.Step,
        ["MessageId"] = e.MessageId,
        ["Channel"] = e.Channel.ToString(),
        ["Status"] = e.Status.ToString(),
        ["Provider"] = e.Provider,
        ["Address"] = e.Address,
        ["TemplateId"] = e.TemplateId,
        ["Kind"] = e.Kind.ToString(),
        ["Attempts"] = e.Attempts,
        ["Ambiguous"] = e.Ambiguous,
        ["ClaimedAt"] = e.ClaimedAt,
        ["SentAt"] = e.SentAt,
        ["RetryAt"] = e.RetryAt,
        ["ProviderMessageId"] = e.ProviderMessageId,
        ["Cost"] = e.Cost is { } cost ? CustomerEntities.Money(cost) : null,
        ["Currency"] = e.Currency,
        ["Error"] = e.Error is { Length: > 2000 } error ? error[..2000] : e.Error,
        ["DeliveredAt"] = e.DeliveredAt,
        ["OpenedAt"] = e.OpenedAt,
        ["ClickedAt"] = e.ClickedAt,
        ["ReadAt"] = e.ReadAt,
        ["FailedAt"] = e.FailedAt,
        ["OptedOutAt"] = e.OptedOutAt,
    };

    static LedgerEntry FromEntity(TableEntity row)
    {
        var shop = row.PartitionKey[..row.PartitionKey.IndexOf('|')];
        return new LedgerEntry
        {
            ShopId = shop,
            Source = row.GetString("Source"),
            CustomerId = row.GetString("CustomerId"),
            Step = row.GetInt32("Step") ?? 0,
            MessageId = row.GetString("MessageId"),
            Channel = Enum.Parse<Channel>(row.GetString("Channel")),
            Status = Enum.Parse<SendStatus>(row.GetString("Status")),
            Provider = row.GetString("Provider"),
            Address = row.GetString("Address"),
            TemplateId = row.GetString("TemplateId"),
            Kind = Enum.TryParse<MessageKind>(row.GetString("Kind"), out var kind) ? kind : MessageKind.Marketing,
            Attempts = row.GetInt32("Attempts") ?? 0,
            Ambiguous = row.GetBoolean("Ambiguous") ?? false,
            ClaimedAt = row.GetDateTimeOffset("ClaimedAt") ?? default,
            SentAt = row.GetDateTimeOffset("SentAt"),
            RetryAt = row.GetDateTimeOffset("RetryAt"),
            ProviderMessageId = row.GetString("ProviderMessageId"),
            Cost = row.GetString("Cost") is { } cost ? CustomerEntities.ParseMoney(cost) : null,
            Currency = row.GetString("Currency"),
            Error = row.GetString("Error"),
            DeliveredAt = row.GetDateTimeOffset("DeliveredAt"),
            OpenedAt = row.GetDateTimeOffset("OpenedAt"),
            ClickedAt = row.GetDateTimeOffset("ClickedAt"),
            ReadAt = row.GetDateTimeOffset("ReadAt"),
            FailedAt = row.GetDateTimeOffset("FailedAt"),
            OptedOutAt = row.GetDateTimeOffset("OptedOutAt"),
            ETag = row.ETag,
        };
    }
}
