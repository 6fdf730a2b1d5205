using System.Runtime.CompilerServices;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Hub.Customers;
using Hub.Storage;

namespace Hub.Segments;

/// <summary>
/// Segment members in the SegmentMembers table, <b>one row per customer</b> holding all their memberships: PartitionKey
/// <c>{shop}|{bucket:00}|{slice:00}</c> (<see cref="Slices"/> per bucket) and RowKey the customer id. Columns: <c>Spent</c> (the customer's
/// total, for revenue shares), <c>Reach</c> (JSON <see cref="MemberReach"/>: addresses, consents, time zone, for plans),
/// and per segment the customer is in <c>E_{segment}</c> (when they entered) and, where the segment has one,
/// <c>D_{segment}</c> (JSON <see cref="MemberDetail"/>); a segment id's dashes become underscores in the column name.
/// The customer's RFM scores are the detail of their <c>rfm-*</c> membership.
/// <para>
/// One row per customer, not per membership: a shop's first computation writes each customer once (2.65 memberships
/// per customer in the benchmark shop: a third of the rows, and the reach and spend stored once), and recomputing a
/// customer is one point read and at most one write. Listing one segment reads the bucket's rows with a filter on its
/// <c>E_</c> column and only that segment's columns selected. A customer with no membership has no row.
/// </para>
/// <para>
/// A bucket is split in slices because Azurite's in-memory store spends time in proportion to the partition on every
/// write (it finds the row by scanning the partition): 50,000 rows went in at 3,700 rows/s into 64 partitions and
/// 6,300 rows/s into 1,024. A bucket's job still reads its rows with one range query over <c>{shop}|{bucket:00}|</c>.
/// </para>
/// </summary>
public sealed class SegmentMemberStore(StorageClients clients)
{
    /// <summary>Up to this many customers in a bucket, point reads beat scanning the bucket.</summary>
    const int PointReadLimit = 8;
    const string EnteredPrefix = "E_";
    const string DetailPrefix = "D_";
    /// <summary>Before any entered time: a filter <c>E_x ge</c> this keeps exactly the rows that have the column.</summary>
    static readonly DateTimeOffset Earliest = new(1601, 1, 1, 0, 0, 0, TimeSpan.Zero);
    static readonly string[] ScoreColumns = ["RowKey", .. RfmGrid.Segments.SelectMany(s => new[] { EnteredColumn(s.Id), DetailColumn(s.Id) })];

    /// <summary>Partitions per bucket: about 100 rows each in a 100,000-customer shop, one transaction's worth.</summary>
    public const int Slices = 16;

    readonly TableClient table = clients.Tables.GetTableClient(TableNames.SegmentMembers);

    /// <summary>The partition of a customer's row: their bucket, and a slice from the hash bits above the bucket's.</summary>
    public static string Partition(string shopId, string customerId) =>
        $"{Buckets.Partition(shopId, customerId)}|{Buckets.Hash(customerId) / Buckets.Count % Slices:00}";

    /// <summary>A filter for the rows of one bucket: its slices' partitions ('}' follows '|').</summary>
    static string BucketFilter(string shopId, int bucket)
    {
        var prefix = Buckets.Partition(shopId, bucket) + "|";
        return TableClient.CreateQueryFilter($"PartitionKey gt {prefix} and PartitionKey lt {prefix[..^1] + "}"}");
    }

    public static string EnteredColumn(string segmentId) => EnteredPrefix + segmentId.Replace('-', '_');

    public static string DetailColumn(string segmentId) => DetailPrefix + segmentId.Replace('-', '_');

    /// <summary>Every membership of one bucket, by customer id.</summary>
    public async Task<Dictionary<string, List<SegmentMember>>> ReadBucketAsync(string shopId, int bucket, CancellationToken cancellationToken = default)
    {
        var byCustomer = new Dictionary<string, List<SegmentMember>>(StringComparer.Ordinal);
        await foreach (var row in clients.Rows.QueryAsync(TableNames.SegmentMembers, BucketFilter(shopId, bucket), cancellationToken: cancellationToken))
        {
            if (ToMembers(row) is { Count: > 0 } members)
            {
                byCustomer[row.RowKey] = members;
            }
        }
        return byCustomer;
    }

    /// <summary>One customer's memberships (one point read), limited to <paramref name="segmentIds"/> when given.</summary>
    public async Task<List<SegmentMember>> ReadCustomerAsync(string shopId, string customerId, IEnumerable<string>? segmentIds = null, CancellationToken cancellationToken = default)
    {
        var row = await table.GetEntityIfExistsAsync<TableEntity>(Partition(shopId, customerId), customerId, cancellationToken: cancellationToken);
        var all = row.HasValue ? ToMembers(row.Value!) : [];
        if (segmentIds is null)
        {
            return all;
        }
        var wanted = segmentIds.ToHashSet(StringComparer.Ordinal);
        return all.Where(m => wanted.Contains(m.SegmentId)).ToList();
    }

    /// <summary>The members of a segment in one bucket, in customer id order.</summary>
    public async Task<List<SegmentMember>> MembersOfBucketAsync(string shopId, string segmentId, int bucket, CancellationToken cancellationToken = default)
    {
        var list = new List<SegmentMember>();
        await foreach (var row in QuerySegmentAsync(shopId, segmentId, bucket, ["RowKey", "Spent", "Reach", EnteredColumn(segmentId), DetailColumn(segmentId)], cancellationToken))
        {
            list.Add(ToMember(segmentId, row, ReachOf(row)));
        }
        return list;
    }

    /// <summary>The ids of a segment's members in one bucket, in order (only the key and the segment's entered column are read).</summary>
    public async Task<List<string>> MemberIdsOfBucketAsync(string shopId, string segmentId, int bucket, CancellationToken cancellationToken = default)
    {
        var ids = new List<string>();
        await foreach (var row in QuerySegmentAsync(shopId, segmentId, bucket, ["RowKey", EnteredColumn(segmentId)], cancellationToken))
        {
            ids.Add(row.RowKey);
        }
        return ids;
    }

    /// <summary>Every member of a segment, bucket by bucket.</summary>
    public async IAsyncEnumerable<SegmentMember> MembersAsync(string shopId, string segmentId, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        for (var bucket = 0; bucket < Buckets.Count; bucket++)
        {
            foreach (var member in await MembersOfBucketAsync(shopId, segmentId, bucket, cancellationToken))
            {
                yield return member;
            }
        }
    }

    /// <summary>A customer's RFM scores as of the last computation (the detail of their <c>rfm-*</c> membership); none for a customer who never ordered.</summary>
    public async Task<RfmScore?> ScoreAsync(string shopId, string customerId, CancellationToken cancellationToken = default)
    {
        var row = await table.GetEntityIfExistsAsync<TableEntity>(Partition(shopId, customerId), customerId, ScoreColumns, cancellationToken);
        return row.HasValue ? ScoreOf(ToMembers(row.Value!)) : null;
    }

    /// <summary>The scores of many customers: point reads for a few of a bucket, one read of the bucket's score columns for more.</summary>
    public async Task<Dictionary<string, RfmScore>> ScoresAsync(string shopId, IEnumerable<string> customerIds, CancellationToken cancellationToken = default)
    {
        var found = new Dictionary<string, RfmScore>(StringComparer.Ordinal);
        foreach (var bucket in customerIds.Distinct(StringComparer.Ordinal).GroupBy(Buckets.Of))
        {
            var wanted = bucket.ToList();
            if (wanted.Count > PointReadLimit)
            {
                var ids = wanted.ToHashSet(StringComparer.Ordinal);
                await foreach (var row in clients.Rows.QueryAsync(TableNames.SegmentMembers, BucketFilter(shopId, bucket.Key), ScoreColumns, cancellationToken: cancellationToken))
                {
                    if (ids.Contains(row.RowKey) && ScoreOf(ToMembers(row)) is { } score)
                    {
                        found[row.RowKey] = score;
                    }
                }
                continue;
            }
            foreach (var id in wanted)
            {
                if (await ScoreAsync(shopId, id, cancellationToken) is { } score)
                {
                    found[id] = score;
                }
            }
        }
        return found;
    }

    /// <summary>The RFM scores in a customer's memberships: those of their <c>rfm-*</c> segment.</summary>
    public static RfmScore? ScoreOf(IEnumerable<SegmentMember> memberships) =>
        memberships.FirstOrDefault(m => RfmGrid.Segments.Any(s => s.Id == m.SegmentId))?.Detail is { R: { } r, F: { } f, M: { } m } ? new RfmScore(r, f, m) : null;

    /// <summary>
    /// The write that makes a customer's row hold exactly <paramref name="memberships"/> (each with its entered time and
    /// detail), with <paramref name="spent"/> and <paramref name="reach"/>; none: the row goes.
    /// </summary>
    public static TableTransactionAction Write(string shopId, string customerId, decimal spent, MemberReach? reach, IEnumerable<SegmentMember> memberships)
    {
        var entity = new TableEntity(Partition(shopId, customerId), customerId);
        foreach (var member in memberships)
        {
            PutMembership(entity, member);
        }
        if (entity.Count == 2)
        {
            return Delete(shopId, customerId);
        }
        entity["Spent"] = CustomerEntities.Money(spent);
        entity["Reach"] = Json(reach);
        return new TableTransactionAction(TableTransactionActionType.UpsertReplace, entity);
    }

    /// <summary>
    /// Adds one membership to a customer's row and leaves their others as they are (a merge): for writing members
    /// directly, as fixtures and imports do; the engine writes whole rows with <see cref="Write"/>.
    /// </summary>
    public static TableTransactionAction Join(string shopId, SegmentMember member)
    {
        var entity = new TableEntity(Partition(shopId, member.CustomerId), member.CustomerId) { ["Spent"] = CustomerEntities.Money(member.Spent) };
        PutMembership(entity, member);
        if (member.Reach is not null)
        {
            entity["Reach"] = Json(member.Reach);
        }
        return new TableTransactionAction(TableTransactionActionType.UpsertMerge, entity);
    }

    static void PutMembership(TableEntity entity, SegmentMember member)
    {
        entity[EnteredColumn(member.SegmentId)] = member.EnteredAt;
        if (member.Detail is not null)
        {
            entity[DetailColumn(member.SegmentId)] = Json(member.Detail);
        }
    }

    public static TableTransactionAction Delete(string shopId, string customerId) => new(TableTransactionActionType.Delete,
        new TableEntity(Partition(shopId, customerId), customerId), ETag.All);

    /// <summary>Takes every member out of one segment (a deleted custom segment); returns how many were removed.</summary>
    public async Task<int> RemoveSegmentAsync(string shopId, string segmentId, CancellationToken cancellationToken = default)
    {
        var removed = 0;
        for (var bucket = 0; bucket < Buckets.Count; bucket++)
        {
            foreach (var id in await MemberIdsOfBucketAsync(shopId, segmentId, bucket, cancellationToken))
            {
                removed += await RemoveAsync(shopId, segmentId, id, cancellationToken) ? 1 : 0;
            }
        }
        return removed;
    }

    /// <summary>
    /// Takes one customer out of one segment: their row is rewritten without the segment's columns under its ETag (read
    /// again and retried when a computation changed it meanwhile); a row left with no membership goes. False when the
    /// customer was not a member.
    /// </summary>
    public async Task<bool> RemoveAsync(string shopId, string segmentId, string customerId, CancellationToken cancellationToken = default)
    {
        while (await table.GetEntityIfExistsAsync<TableEntity>(Partition(shopId, customerId), customerId, cancellationToken: cancellationToken) is { HasValue: true } found
               && found.Value!.ContainsKey(EnteredColumn(segmentId)))
        {
            var row = found.Value!;
            row.Remove(EnteredColumn(segmentId));
            row.Remove(DetailColumn(segmentId));
            try
            {
                if (row.Keys.Any(k => k.StartsWith(EnteredPrefix, StringComparison.Ordinal)))
                {
                    await table.UpdateEntityAsync(row, row.ETag, TableUpdateMode.Replace, cancellationToken);
                }
                else
                {
                    await table.DeleteEntityAsync(row.PartitionKey, row.RowKey, row.ETag, cancellationToken);
                }
                return true;
            }
            catch (RequestFailedException e) when (e.Status is 412 or 404)
            {
                // Rewritten or removed meanwhile: read it again.
            }
        }
        return false;
    }

    /// <summary>A member column as stored: JSON without its null fields, or no column at all.</summary>
    public static string? Json<T>(T? value) where T : class => value is null ? null : JsonSerializer.Serialize(value, HubJson.Options);

    IAsyncEnumerable<TableEntity> QuerySegmentAsync(string shopId, string segmentId, int bucket, IEnumerable<string> columns, CancellationToken cancellationToken)
    {
        var entered = EnteredColumn(segmentId);
        // A comparison on a column a row lacks is false: the filter keeps exactly the segment's members.
        var filter = $"{BucketFilter(shopId, bucket)} and {entered} ge {TableClient.CreateQueryFilter($"{Earliest}")}";
        return clients.Rows.QueryAsync(TableNames.SegmentMembers, filter, columns, cancellationToken: cancellationToken);
    }

    static List<SegmentMember> ToMembers(TableEntity row)
    {
        var reach = ReachOf(row);
        var list = new List<SegmentMember>();
        foreach (var key in row.Keys)
        {
            if (key.StartsWith(EnteredPrefix, StringComparison.Ordinal))
            {
                list.Add(ToMember(key[EnteredPrefix.Length..].Replace('_', '-'), row, reach));
            }
        }
        return list;
    }

    static SegmentMember ToMember(string segmentId, TableEntity row, MemberReach? reach) => new(
        segmentId,
        row.RowKey,
        row.GetDateTimeOffset(EnteredColumn(segmentId)) ?? default,
        decimal.Parse(row.GetString("Spent") ?? "0", System.Globalization.CultureInfo.InvariantCulture),
        row.GetString(DetailColumn(segmentId)) is { Length: > 0 } json ? JsonSerializer.Deserialize<MemberDetail>(json, HubJson.Options) : null,
        reach);

    static MemberReach? ReachOf(TableEntity row) =>
        row.GetString("Reach") is { Length: > 0 } reach ? JsonSerializer.Deserialize<MemberReach>(reach, HubJson.Options) : null;
}
