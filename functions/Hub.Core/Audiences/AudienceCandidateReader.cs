using System.Runtime.CompilerServices;
using Azure.Data.Tables;
using Hub.Customers;
using Hub.Messaging;
using Hub.Segments;
using Hub.Storage;

namespace Hub.Audiences;

/// <summary>
/// Streams a segment's members with their contacts and consents, bucket by bucket in customer-id order (so the same
/// membership always gives the same file). A bucket with few members reads those customers by key; a bucket with many
/// reads the bucket once with only the contact columns. Members of the exclusion segment are marked, not dropped, so
/// the file's counts say how many it took out; so are members whose every email and phone is on the shop's
/// suppression lists (read once per file).
/// </summary>
public sealed class AudienceCandidateReader(StorageClients clients, Suppressions suppressions)
{
    /// <summary>Up to this many members in a bucket, point reads beat scanning the bucket.</summary>
    const int PointReadLimit = 64;
    const int ParallelReads = 8;
    static readonly string[] ContactColumns = ["RowKey", "Emails", "Phones", "Consents", "DeletedAt", "MergedInto"];

    readonly SegmentMemberStore members = new(clients);
    readonly TableClient customers = clients.Tables.GetTableClient(TableNames.Customers);

    public async IAsyncEnumerable<AudienceCandidate> ReadAsync(string shopId, string segmentId, string? excludeSegmentId, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var suppressedEmails = await suppressions.LoadAsync(shopId, Channel.Email, cancellationToken);
        var suppressedPhones = await suppressions.LoadAsync(shopId, Channel.Sms, cancellationToken);
        bool Unsubscribed(AudienceCandidate c)
        {
            var emails = c.Emails.Where(e => e.Valid).ToList();
            var phones = c.Phones.Where(p => p.Valid).ToList();
            return emails.Count + phones.Count > 0
                && emails.All(e => suppressedEmails.ContainsKey(Suppressions.Normalise(Channel.Email, e.Value)))
                && phones.All(p => suppressedPhones.ContainsKey(Suppressions.Normalise(Channel.Sms, p.Value)));
        }
        var anySuppressed = suppressedEmails.Count + suppressedPhones.Count > 0;
        for (var bucket = 0; bucket < Buckets.Count; bucket++)
        {
            var ids = await members.MemberIdsOfBucketAsync(shopId, segmentId, bucket, cancellationToken);
            if (ids.Count == 0)
            {
                continue;
            }
            var excluded = excludeSegmentId is null ? [] : (await members.MemberIdsOfBucketAsync(shopId, excludeSegmentId, bucket, cancellationToken)).ToHashSet(StringComparer.Ordinal);
            var found = ids.Count <= PointReadLimit
                ? await ReadByKeyAsync(shopId, bucket, ids, cancellationToken)
                : await ScanAsync(shopId, bucket, ids, cancellationToken);
            foreach (var id in ids)
            {
                if (!found.TryGetValue(id, out var row))
                {
                    yield return new AudienceCandidate(id, [], [], new Dictionary<Channel, Consent>(), Gone: true);
                    continue;
                }
                var candidate = ToCandidate(id, row, excluded.Contains(id));
                yield return anySuppressed && Unsubscribed(candidate) ? candidate with { Unsubscribed = true } : candidate;
            }
        }
    }

    async Task<Dictionary<string, TableEntity>> ReadByKeyAsync(string shopId, int bucket, List<string> ids, CancellationToken cancellationToken)
    {
        var pk = Buckets.Partition(shopId, bucket);
        var rows = new TableEntity?[ids.Count];
        await Parallel.ForAsync(0, ids.Count, new ParallelOptions { MaxDegreeOfParallelism = ParallelReads, CancellationToken = cancellationToken }, async (i, ct) =>
        {
            var row = await customers.GetEntityIfExistsAsync<TableEntity>(pk, ids[i], ContactColumns, ct);
            rows[i] = row.HasValue ? row.Value : null;
        });
        return rows.OfType<TableEntity>().ToDictionary(r => r.RowKey, StringComparer.Ordinal);
    }

    async Task<Dictionary<string, TableEntity>> ScanAsync(string shopId, int bucket, List<string> ids, CancellationToken cancellationToken)
    {
        var wanted = ids.ToHashSet(StringComparer.Ordinal);
        var found = new Dictionary<string, TableEntity>(ids.Count, StringComparer.Ordinal);
        var pk = Buckets.Partition(shopId, bucket);
        await foreach (var row in clients.Rows.QueryAsync(TableNames.Customers, TableClient.CreateQueryFilter($"PartitionKey eq {pk}"), ContactColumns, cancellationToken: cancellationToken))
        {
            if (wanted.Contains(row.RowKey))
            {
                found[row.RowKey] = row;
            }
        }
        return found;
    }

    static AudienceCandidate ToCandidate(string id, TableEntity row, bool excluded)
    {
        var customer = CustomerEntities.ToCustomer(row, "");
        return new AudienceCandidate(id, customer.Emails, customer.Phones, customer.Consents,
            Gone: customer.DeletedAt is not null || customer.MergedInto is not null,
            InExclusionSegment: excluded);
    }
}
