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
/// <see cref="LedgerEntry.Ambiguous"/>. Keys: PartitionKey <c>{shop}|{encoded source}|{bucket}</c>, RowKey
/// <c>{customerId}|{step}</c> for the claim and <c>{customerId}|{step}|o{attempt}</c> for each attempt's outcome; the MessageRefs table
/// maps our message id and the provider's id back to the claim row.
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
            var response = await table.AddEntityAsync(ClaimEntity(claim), cancellationToken);
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
                await TableBatchWriter.SubmitAsync(table, claims.Select(c => new TableTransactionAction(TableTransactionActionType.Add, ClaimEntity(c))).ToList(), ct);
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
                await TableBatchWriter.SubmitAsync(table, chunk.Select(i => new TableTransactionAction(TableTransactionActionType.Add, ClaimEntity(entries[i]))).ToList(), ct);
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
        await writer.WriteAsync(TableNames.SendLedger, updated.Select(u => new TableTransactionAction(TableTransactionActionType.UpsertMerge, OutcomeEntity(u))), cancellationToken);
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
            // The earlier attempt's outcome no longer applies: its row stays, but names an older attempt.
            Error = null, SentAt = null, RetryAt = null, ProviderMessageId = null, Cost = null, Currency = null,
            DeliveredAt = null, OpenedAt = null, ClickedAt = null, ReadAt = null, FailedAt = null, OptedOutAt = null,
        };
        try
        {
            var response = await table.UpdateEntityAsync(ClaimEntity(retaken), existing.ETag, TableUpdateMode.Replace, cancellationToken);
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
        await table.UpsertEntityAsync(OutcomeEntity(updated), TableUpdateMode.Merge, cancellationToken);
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
            await table.AddEntityAsync(ClaimEntity(skipped), cancellationToken);
            return skipped;
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            return (await GetAsync(entry.ShopId, entry.Source, entry.CustomerId, entry.Step, cancellationToken))!;
        }
    }

    static TimeSpan RetryDelay(int attempts) => TimeSpan.FromMinutes(Math.Min(60, 1 << Math.Clamp(attempts, 0, 6)));

    public Task<LedgerEntry?> GetAsync(string shopId, string source, string customerId, int step, CancellationToken cancellationToken = default) =>
        GetAsync(Partition(shopId, source, customerId), Row(customerId, step), cancellationToken);

    /// <summary>An entry by its claim row's keys: the claim, with its current attempt's outcome row over it.</summary>
    async Task<LedgerEntry?> GetAsync(string partition, string row, CancellationToken cancellationToken)
    {
        var claim = await table.GetEntityIfExistsAsync<TableEntity>(partition, row, cancellationToken: cancellationToken);
        if (!claim.HasValue)
        {
            return null;
        }
        var outcome = await table.GetEntityIfExistsAsync<TableEntity>(partition, OutcomeRow(claim.Value!), cancellationToken: cancellationToken);
        return Combine(claim.Value!, outcome.HasValue ? outcome.Value : null);
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
        return await GetAsync(reference.Value!.GetString("LedgerPartition"), reference.Value.GetString("LedgerRow"), cancellationToken);
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
            // Into the outcome row of the entry's attempt (created by the event when it beats the outcome).
            await table.UpsertEntityAsync(Without(Marks(updated)), TableUpdateMode.Merge, cancellationToken);
        }
        return updated;
    }

    /// <summary>Every entry of one customer in the shop (scans the shop's partitions: for support, not for hot paths).</summary>
    public async Task<List<LedgerEntry>> OfCustomerAsync(string shopId, string customerId, CancellationToken cancellationToken = default)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey ge {shopId + "|"} and PartitionKey lt {shopId + "}"} and RowKey ge {customerId + "|"} and RowKey lt {customerId + "}"}");
        return await ToListAsync(Entries(table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken)), cancellationToken);
    }

    /// <summary>Every entry of one source in one customer bucket (one partition): a cascade step reads its batch's history with it.</summary>
    public async Task<List<LedgerEntry>> OfSourceAsync(string shopId, string source, int bucket, CancellationToken cancellationToken = default)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {$"{shopId}|{KeyEncoder.Encode(source)}|{bucket:00}"}");
        return await ToListAsync(Entries(table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken)), cancellationToken);
    }

    /// <summary>Every entry of every source that starts with <paramref name="sourcePrefix"/> (all runs of a campaign), streamed.</summary>
    public async IAsyncEnumerable<LedgerEntry> OfSourcesAsync(string shopId, string sourcePrefix, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var from = $"{shopId}|{KeyEncoder.Encode(sourcePrefix)}";
        var to = from[..^1] + (char)(from[^1] + 1);
        var filter = TableClient.CreateQueryFilter($"PartitionKey ge {from} and PartitionKey lt {to}");
        await foreach (var entry in Entries(table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken)).WithCancellation(cancellationToken))
        {
            yield return entry;
        }
    }

    static async Task<List<LedgerEntry>> ToListAsync(IAsyncEnumerable<LedgerEntry> entries, CancellationToken cancellationToken)
    {
        var list = new List<LedgerEntry>();
        await foreach (var entry in entries.WithCancellation(cancellationToken))
        {
            list.Add(entry);
        }
        return list;
    }

    /// <summary>
    /// Claim rows with their outcome rows over them, from rows in partition order (a message's two rows share a
    /// partition, so a partition is combined once it has been read).
    /// </summary>
    static async IAsyncEnumerable<LedgerEntry> Entries(IAsyncEnumerable<TableEntity> rows)
    {
        string? partition = null;
        var claims = new List<TableEntity>();
        var outcomes = new Dictionary<string, TableEntity>(StringComparer.Ordinal);
        await foreach (var row in rows)
        {
            if (row.PartitionKey != partition)
            {
                foreach (var entry in Flush())
                {
                    yield return entry;
                }
                partition = row.PartitionKey;
            }
            if (row.ContainsKey("CustomerId"))
            {
                claims.Add(row);
            }
            else
            {
                outcomes[row.RowKey] = row;
            }
        }
        foreach (var entry in Flush())
        {
            yield return entry;
        }

        List<LedgerEntry> Flush()
        {
            var combined = claims.Select(c => Combine(c, outcomes.GetValueOrDefault(OutcomeRow(c)))).ToList();
            claims.Clear();
            outcomes.Clear();
            return combined;
        }
    }

    static TableEntity Ref((string Partition, string Row) key, LedgerEntry entry) => new(key.Partition, key.Row)
    {
        ["LedgerPartition"] = Partition(entry.ShopId, entry.Source, entry.CustomerId),
        ["LedgerRow"] = Row(entry.CustomerId, entry.Step),
    };

    /// <summary>
    /// A message has a claim row (<c>{customer}|{step}</c>), inserted once and changed only when a claim is taken
    /// over, and one outcome row per attempt (<c>{customer}|{step}|o{attempt}</c>): what the provider said and what the
    /// person did since. Writing an outcome never touches the claim, so a batch's outcomes are inserts; provider
    /// events merge into their attempt's row (the outcome written after them keeps them); a retry's new attempt starts
    /// a clean row, so nothing of the earlier attempt shows.
    /// </summary>
    static string OutcomeRow(string claimRow, int attempt) => $"{claimRow}|o{attempt.ToString(CultureInfo.InvariantCulture)}";

    static string OutcomeRow(TableEntity claim) => OutcomeRow(claim.RowKey, claim.GetInt32("Attempts") ?? 0);

    /// <summary>Leaves out empty properties (a Replace drops them; rows stay small).</summary>
    static TableEntity Without(TableEntity entity)
    {
        foreach (var name in entity.Keys.Where(k => entity[k] is null).ToArray())
        {
            entity.Remove(name);
        }
        return entity;
    }

    static TableEntity ClaimEntity(LedgerEntry e) => Without(new(Partition(e.ShopId, e.Source, e.CustomerId), Row(e.CustomerId, e.Step))
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
        ["Error"] = Truncated(e.Error),
    });

    static TableEntity OutcomeEntity(LedgerEntry e)
    {
        var entity = Marks(e);
        entity["Status"] = e.Status.ToString();
        entity["SentAt"] = e.SentAt;
        entity["RetryAt"] = e.RetryAt;
        entity["ProviderMessageId"] = e.ProviderMessageId;
        entity["Cost"] = e.Cost is { } cost ? CustomerEntities.Money(cost) : null;
        entity["Currency"] = e.Currency;
        entity["Error"] = Truncated(e.Error);
        return Without(entity);
    }

    /// <summary>The outcome row of the entry's attempt with the times provider events recorded.</summary>
    static TableEntity Marks(LedgerEntry e) => new(Partition(e.ShopId, e.Source, e.CustomerId), OutcomeRow(Row(e.CustomerId, e.Step), e.Attempts))
    {
        ["DeliveredAt"] = e.DeliveredAt,
        ["OpenedAt"] = e.OpenedAt,
        ["ClickedAt"] = e.ClickedAt,
        ["ReadAt"] = e.ReadAt,
        ["FailedAt"] = e.FailedAt,
        ["OptedOutAt"] = e.OptedOutAt,
    };

    static string? Truncated(string? error) => error is { Length: > 2000 } ? error[..2000] : error;

    /// <summary>The entry: its claim, and over it the outcome row of the claim's current attempt.</summary>
    static LedgerEntry Combine(TableEntity claim, TableEntity? outcome)
    {
        var entry = new LedgerEntry
        {
            ShopId = claim.PartitionKey[..claim.PartitionKey.IndexOf('|')],
            Source = claim.GetString("Source"),
            CustomerId = claim.GetString("CustomerId"),
            Step = claim.GetInt32("Step") ?? 0,
            MessageId = claim.GetString("MessageId"),
            Channel = Enum.Parse<Channel>(claim.GetString("Channel")),
            Status = Enum.Parse<SendStatus>(claim.GetString("Status")),
            Provider = claim.GetString("Provider"),
            Address = claim.GetString("Address"),
            TemplateId = claim.GetString("TemplateId"),
            Kind = Enum.TryParse<MessageKind>(claim.GetString("Kind"), out var kind) ? kind : MessageKind.Marketing,
            Attempts = claim.GetInt32("Attempts") ?? 0,
            Ambiguous = claim.GetBoolean("Ambiguous") ?? false,
            ClaimedAt = claim.GetDateTimeOffset("ClaimedAt") ?? default,
            Error = claim.GetString("Error"),
            ETag = claim.ETag,
        };
        if (outcome is null)
        {
            return entry; // not answered yet (or a skip: nothing was to be sent)
        }
        return entry with
        {
            Status = Enum.TryParse<SendStatus>(outcome.GetString("Status"), out var status) ? status : entry.Status,
            SentAt = outcome.GetDateTimeOffset("SentAt"),
            RetryAt = outcome.GetDateTimeOffset("RetryAt"),
            ProviderMessageId = outcome.GetString("ProviderMessageId"),
            Cost = outcome.GetString("Cost") is { } cost ? CustomerEntities.ParseMoney(cost) : null,
            Currency = outcome.GetString("Currency"),
            Error = outcome.GetString("Error") ?? (outcome.GetString("Status") is null ? entry.Error : null),
            DeliveredAt = outcome.GetDateTimeOffset("DeliveredAt"),
            OpenedAt = outcome.GetDateTimeOffset("OpenedAt"),
            ClickedAt = outcome.GetDateTimeOffset("ClickedAt"),
            ReadAt = outcome.GetDateTimeOffset("ReadAt"),
            FailedAt = outcome.GetDateTimeOffset("FailedAt"),
            OptedOutAt = outcome.GetDateTimeOffset("OptedOutAt"),
        };
    }
}
