using Hub.Customers;
using Hub.Messaging;
using Hub.Segments;
using Hub.Storage;
using Microsoft.Extensions.Logging;

namespace Hub.Shops.Sync;

/// <summary>What storing one page did.</summary>
public sealed record AppliedPage(int Items, int Changed, int Unchanged, int Ignored, int Rejected, IReadOnlyList<string> ChangedCustomers, string? LastRejection);

/// <summary>
/// Stores one pulled page through <see cref="CustomerIngestion"/>, the same path as webhooks. Changes that share an
/// identity (a customer and their orders, two orders of one guest email) run one after another in one lane, so a
/// page never races itself into duplicate customers; lanes run in parallel. A change the customer base refuses (bad
/// data) is counted and named and the rest of the page goes on; a storage failure fails the page, which is then
/// read again — its cursor was not advanced. On incremental runs fresh changes also get their triggered messages
/// (order status, cart reminders; the ledger keeps each once) and changed customers their segments now; a
/// backfill does neither — it would message people about years-old orders — and asks for a full segment run at
/// its end instead.
/// </summary>
public sealed class SyncPageApplier(CustomerIngestion ingestion, MessageTriggers triggers, QueueProducer queue, TimeProvider time, ILogger<SyncPageApplier> log)
{
    const int Lanes = 8;
    /// <summary>Changes older than this are history, not news: no triggered message for them.</summary>
    public static readonly TimeSpan TriggerFreshness = TimeSpan.FromHours(6);

    public async Task<AppliedPage> ApplyAsync(Shop shop, IReadOnlyList<ShopChange> changes, bool backfill, CancellationToken cancellationToken = default)
    {
        var outcomes = new IngestOutcome?[changes.Count];
        var rejections = new string?[changes.Count];
        var normalizer = new ContactNormalizer(shop.Region);
        var lanes = LanesOf(changes, normalizer);
        await Parallel.ForEachAsync(lanes, new ParallelOptions { MaxDegreeOfParallelism = Lanes, CancellationToken = cancellationToken }, async (lane, ct) =>
        {
            foreach (var i in lane)
            {
                try
                {
                    outcomes[i] = await ingestion.ApplyAsync(shop, changes[i], ct);
                    if (!backfill && Fresh(changes[i]))
                    {
                        await triggers.OnChangeAsync(shop, changes[i], outcomes[i]!, ct);
                    }
                }
                catch (Exception e) when (e is ArgumentException or FormatException or TableLimitException)
                {
                    rejections[i] = $"{Describe(changes[i])}: {e.Message}";
                    log.LogWarning("Shop {ShopId}: a pulled {Change} was refused: {Reason}", shop.Id, changes[i].GetType().Name, e.Message);
                }
            }
        });

        int changed = 0, unchanged = 0, ignored = 0;
        var customers = new HashSet<string>(StringComparer.Ordinal);
        foreach (var outcome in outcomes)
        {
            switch (outcome?.Status)
            {
                case null:
                    break;
                case IngestStatus.Unchanged or IngestStatus.NotFound:
                    unchanged++;
                    break;
                case IngestStatus.Ignored:
                    ignored++;
                    break;
                default:
                    changed++;
                    if (outcome.CustomerId is { } id)
                    {
                        customers.Add(id);
                    }
                    break;
            }
        }
        if (!backfill)
        {
            foreach (var id in customers)
            {
                await queue.SendAsync(QueueNames.CustomerChanges, CustomerChanged.Type, 1, new CustomerChanged(shop.Id, id), cancellationToken: cancellationToken);
            }
        }
        var rejected = rejections.Count(r => r is not null);
        var ignoredNotes = changes.OfType<ShopChange.Ignore>().Select(i => i.Reason).LastOrDefault();
        return new AppliedPage(changes.Count, changed, unchanged, ignored, rejected, customers.ToArray(),
            rejections.LastOrDefault(r => r is not null) ?? ignoredNotes);
    }

    bool Fresh(ShopChange change)
    {
        var at = change switch
        {
            ShopChange.UpsertOrder o => o.Order.UpdatedAt,
            ShopChange.UpsertCart c => c.Cart.UpdatedAt,
            _ => (DateTimeOffset?)null,
        };
        return at is { } updated && time.GetUtcNow() - updated <= TriggerFreshness;
    }

    static string Describe(ShopChange change) => change switch
    {
        ShopChange.UpsertCustomer c => $"customer {c.Customer.ExternalId ?? "(no id)"}",
        ShopChange.UpdateConsent c => $"consent of customer {c.Customer.ExternalId ?? "(no id)"}",
        ShopChange.UpsertOrder o => $"order {o.Order.ExternalId}",
        ShopChange.UpsertCart c => $"cart {c.Cart.ExternalId}",
        ShopChange.DeleteCustomer d => $"deleted customer {d.Customer.ExternalId ?? "(no id)"}",
        ShopChange.EraseCustomer e => $"erased customer {e.Customer.ExternalId ?? "(no id)"}",
        _ => change.GetType().Name,
    };

    /// <summary>Groups change indexes that share an identity key (platform id, email, phone, order or cart id), in page order.</summary>
    internal static List<List<int>> LanesOf(IReadOnlyList<ShopChange> changes, ContactNormalizer normalizer)
    {
        var parent = Enumerable.Range(0, changes.Count).ToArray();
        int Find(int i)
        {
            while (parent[i] != i)
            {
                parent[i] = parent[parent[i]];
                i = parent[i];
            }
            return i;
        }
        var owner = new Dictionary<IdentityKey, int>();
        for (var i = 0; i < changes.Count; i++)
        {
            foreach (var key in KeysOf(changes[i], normalizer))
            {
                if (owner.TryGetValue(key, out var j))
                {
                    parent[Find(i)] = Find(j);
                }
                else
                {
                    owner[key] = i;
                }
            }
        }
        var lanes = new Dictionary<int, List<int>>();
        for (var i = 0; i < changes.Count; i++)
        {
            var root = Find(i);
            if (!lanes.TryGetValue(root, out var lane))
            {
                lanes[root] = lane = [];
            }
            lane.Add(i);
        }
        return lanes.Values.ToList();
    }

    static IEnumerable<IdentityKey> KeysOf(ShopChange change, ContactNormalizer normalizer)
    {
        var (customer, extra) = change switch
        {
            ShopChange.UpsertCustomer c => (c.Customer, (IdentityKey?)null),
            ShopChange.UpdateConsent c => (c.Customer, null),
            ShopChange.DeleteCustomer d => (d.Customer, null),
            ShopChange.EraseCustomer e => (e.Customer, null),
            ShopChange.UpsertOrder o => (o.Order.Customer, IdentityKey.ForOrder(o.Order.Source, o.Order.ExternalId)),
            ShopChange.UpsertCart c => (c.Cart.Customer, IdentityKey.ForCart(c.Cart.Source, c.Cart.ExternalId)),
            _ => ((CustomerRecord?)null, (IdentityKey?)null),
        };
        if (extra is not null)
        {
            yield return extra;
        }
        if (customer is not null)
        {
            foreach (var key in NormalizedRecord.From(customer, normalizer).Keys)
            {
                yield return key;
            }
        }
    }
}
