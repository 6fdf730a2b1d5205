using Hub.Webhooks;

namespace Hub.Shops.RetailCrm;

/// <summary>
/// One page of <c>/customers/history</c> or <c>/orders/history</c> folded into what to do: the entities whose fields
/// changed (each dated by its newest entry), the ones deleted, the ones merged into another (<c>combinedTo</c>), and the
/// largest entry id — the next <c>sinceId</c>. A history entry is a field diff; we never fold diffs into entities, we
/// re-read the entities instead.
/// </summary>
internal sealed record RetailCrmHistory(
    long? LastId,
    IReadOnlyDictionary<string, DateTimeOffset> Changed,
    IReadOnlyDictionary<string, DateTimeOffset> Deleted,
    IReadOnlyDictionary<string, (string Into, DateTimeOffset At)> Merged,
    IReadOnlyList<string> Problems)
{
    /// <param name="entity">The field that names the entity in an entry: <c>customer</c> or <c>order</c>.</param>
    public static RetailCrmHistory Fold(IReadOnlyList<PayloadObject> entries, string entity, RetailCrmRecords records)
    {
        long? lastId = null;
        var changed = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        var deleted = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        var merged = new Dictionary<string, (string Into, DateTimeOffset At)>(StringComparer.Ordinal);
        var problems = new List<string>();
        foreach (var entry in entries)
        {
            // The entry id must be read even when the rest is malformed: it is how the walk moves past the entry.
            long? id = null;
            try
            {
                id = long.TryParse(entry.OptionalId("id"), out var number) ? number : null;
            }
            catch (WebhookFormatException)
            {
            }
            if (id is not null && (lastId is null || id > lastId))
            {
                lastId = id;
            }
            try
            {
                var entityId = entry.RequiredObject(entity).Id("id");
                var at = records.Time(entry, "createdAt");
                if (entry.Object("combinedTo")?.OptionalId("id") is { } into && into != entityId)
                {
                    merged[entityId] = (into, at);
                    changed.Remove(entityId);
                    Touch(changed, into, at);
                }
                else if (entry.OptionalBool("deleted") == true)
                {
                    deleted[entityId] = at;
                    changed.Remove(entityId);
                }
                else if (!deleted.ContainsKey(entityId) && !merged.ContainsKey(entityId))
                {
                    Touch(changed, entityId, at);
                }
            }
            catch (WebhookFormatException e)
            {
                problems.Add($"history entry {(id is null ? "(no id)" : id)} skipped: {e.Message}");
            }
        }
        foreach (var gone in deleted.Keys)
        {
            changed.Remove(gone);
        }
        return new RetailCrmHistory(lastId, changed, deleted, merged, problems);
    }

    static void Touch(Dictionary<string, DateTimeOffset> changed, string id, DateTimeOffset at)
    {
        if (!changed.TryGetValue(id, out var seen) || at > seen)
        {
            changed[id] = at;
        }
    }
}
