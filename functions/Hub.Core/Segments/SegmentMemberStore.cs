using System.Runtime.CompilerServices;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Hub.Customers;
using Hub.Storage;

namespace Hub.Segments;

/// <summary>
/// Segment members in the SegmentMembers table: PartitionKey <c>{shop}|{bucket}|{segmentId}</c> (the customer's bucket),
/// RowKey the customer id; columns <c>EnteredAt</c>, <c>Spent</c> (the customer's total, for revenue shares),
/// <c>Detail</c> (JSON) and <c>Reach</c> (JSON <see cref="MemberReach"/>: addresses, consents, time zone, for plans). Bucket first: the engine reads all of a bucket's memberships with one range query over
/// <c>{shop}|{bucket}|</c>; listing one segment reads its 64 partitions. Only current members have a row; who left when
/// travels as a segment-changes event.
/// </summary>
public sealed class SegmentMemberStore(StorageClients clients)
{
    const int ParallelReads = 8;
    readonly TableClient table = clients.Tables.GetTableClient(TableNames.SegmentMembers);

    public static string Partition(string shopId, string segmentId, int bucket) => $"{BucketPrefix(shopId, bucket)}{segmentId}";

    static string BucketPrefix(string shopId, int bucket) => $"{shopId}|{bucket:00}|";

    /// <summary>Every membership of one bucket (all segments), by customer id.</summary>
    public async Task<Dictionary<string, List<SegmentMember>>> ReadBucketAsync(string shopId, int bucket, CancellationToken cancellationToken = default)
    {
        var byCustomer = new Dictionary<string, List<SegmentMember>>(StringComparer.Ordinal);
        var prefix = BucketPrefix(shopId, bucket);
        // '}' follows '|': the range holds exactly the partitions that start with the prefix.
        var filter = TableClient.CreateQueryFilter($"PartitionKey gt {prefix} and PartitionKey lt {prefix[..^1] + "}"}");
        await foreach (var row in table.QueryAsync<TableEntity>(filter, 1000, cancellationToken: cancellationToken))
        {
            var member = ToMember(row.PartitionKey[prefix.Length..], row);
            if (!byCustomer.TryGetValue(member.CustomerId, out var list))
            {
                byCustomer[member.CustomerId] = list = [];
            }
            list.Add(member);
        }
        return byCustomer;
    }

    /// <summary>One customer's rows in the given segments (point reads, in parallel).</summary>
    public async Task<List<SegmentMember>> ReadCustomerAsync(string shopId, string customerId, IEnumerable<string> segmentIds, CancellationToken cancellationToken = default)
    {
        var bucket = Buckets.Of(customerId);
        var ids = segmentIds.ToArray();
        var found = new SegmentMember?[ids.Length];
        await Parallel.ForAsync(0, ids.Length, new ParallelOptions { MaxDegreeOfParallelism = ParallelReads, CancellationToken = cancellationToken }, async (i, ct) =>
        {
            var row = await table.GetEntityIfExistsAsync<TableEntity>(Partition(shopId, ids[i], bucket), customerId, cancellationToken: ct);
            found[i] = row.HasValue ? ToMember(ids[i], row.Value!) : null;
        });
        return found.OfType<SegmentMember>().ToList();
    }

    /// <summary>The members of a segment in one bucket (one partition).</summary>
    public async Task<List<SegmentMember>> MembersOfBucketAsync(string shopId, string segmentId, int bucket, CancellationToken cancellationToken = default)
    {
        var list = new List<SegmentMember>();
        var pk = Partition(shopId, segmentId, bucket);
        await foreach (var row in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {pk}"), 1000, cancellationToken: cancellationToken))
        {
            list.Add(ToMember(segmentId, row));
        }
        return list;
    }

    /// <summary>Every member of a segment, bucket by bucket.</summary>
    public async IAsyncEnumerable<SegmentMember> MembersAsync(string shopId, string segmentId, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        for (var bucket = 0; bucket < Buckets.Count; bucket++)
        {
            var pk = Partition(shopId, segmentId, bucket);
            await foreach (var row in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {pk}"), cancellationToken: cancellationToken))
            {
                yield return ToMember(segmentId, row);
            }
        }
    }

    public static TableTransactionAction Upsert(string shopId, SegmentMember member) => new(TableTransactionActionType.UpsertReplace,
        new TableEntity(Partition(shopId, member.SegmentId, Buckets.Of(member.CustomerId)), member.CustomerId)
        {
            ["EnteredAt"] = member.EnteredAt,
            ["Spent"] = CustomerEntities.Money(member.Spent),
            ["Detail"] = Json(member.Detail),
            ["Reach"] = Json(member.Reach),
        });

    public static TableTransactionAction Delete(string shopId, string segmentId, string customerId) => new(TableTransactionActionType.Delete,
        new TableEntity(Partition(shopId, segmentId, Buckets.Of(customerId)), customerId), ETag.All);

    /// <summary>A member column as stored: JSON without its null fields, or no column at all.</summary>
    public static string? Json<T>(T? value) where T : class => value is null ? null : JsonSerializer.Serialize(value, HubJson.Options);

    static SegmentMember ToMember(string segmentId, TableEntity row) => new(
        segmentId,
        row.RowKey,
        row.GetDateTimeOffset("EnteredAt") ?? default,
        decimal.Parse(row.GetString("Spent") ?? "0", System.Globalization.CultureInfo.InvariantCulture),
        row.GetString("Detail") is { Length: > 0 } json ? JsonSerializer.Deserialize<MemberDetail>(json, HubJson.Options) : null,
        row.GetString("Reach") is { Length: > 0 } reach ? JsonSerializer.Deserialize<MemberReach>(reach, HubJson.Options) : null);
}
