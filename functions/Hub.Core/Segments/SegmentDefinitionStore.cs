using System.Text.Json;
using Azure.Data.Tables;
using Hub.Storage;

namespace Hub.Segments;

/// <summary>
/// Custom segment definitions and the shop's segment settings, in the Segments table: PartitionKey shop, RowKey the
/// segment id (columns Name, Description, Rule as JSON, UpdatedAt), and the row <c>~settings</c>. Definitions are
/// validated before they are saved (<see cref="SegmentDefinitionParser"/>), so what is stored always parses.
/// </summary>
public sealed class SegmentDefinitionStore(StorageClients clients, TimeProvider time)
{
    const string SettingsRow = "~settings";
    readonly TableClient table = clients.Tables.GetTableClient(TableNames.Segments);

    public async Task<SegmentSettings> GetSettingsAsync(string shopId, CancellationToken cancellationToken = default)
    {
        var row = await table.GetEntityIfExistsAsync<TableEntity>(shopId, SettingsRow, cancellationToken: cancellationToken);
        return row.HasValue && row.Value!.GetString("Settings") is { Length: > 0 } json
            ? JsonSerializer.Deserialize<SegmentSettings>(json, HubJson.Options) ?? SegmentSettings.Default
            : SegmentSettings.Default;
    }

    public Task SaveSettingsAsync(string shopId, SegmentSettings settings, CancellationToken cancellationToken = default)
    {
        if (settings.Problem() is { } problem)
        {
            throw new ArgumentException(problem);
        }
        return table.UpsertEntityAsync(new TableEntity(shopId, SettingsRow)
        {
            ["Settings"] = JsonSerializer.Serialize(settings, HubJson.Options),
            ["UpdatedAt"] = time.GetUtcNow(),
        }, TableUpdateMode.Replace, cancellationToken);
    }

    /// <summary>The shop's custom segments, each after the segments it refers to.</summary>
    public async Task<IReadOnlyList<SegmentDefinition>> ListAsync(string shopId, CancellationToken cancellationToken = default)
    {
        var rows = new List<TableEntity>();
        await foreach (var row in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {shopId} and RowKey ne {SettingsRow}"), cancellationToken: cancellationToken))
        {
            rows.Add(row);
        }
        var known = rows.Select(r => r.RowKey).ToHashSet(StringComparer.Ordinal);
        var definitions = rows.Select(row =>
        {
            var parsed = SegmentDefinitionParser.ParseRule(row.GetString("Rule"), known);
            // Saved definitions were validated; one that no longer parses (a rule syntax change) is a bug to see, not to skip.
            return parsed.Rule is { } rule
                ? new SegmentDefinition(row.RowKey, row.GetString("Name"), row.GetString("Description"), rule)
                : throw new InvalidDataException($"Stored segment '{row.RowKey}' of shop '{shopId}' no longer parses: {string.Join("; ", parsed.Errors)}");
        });
        return SegmentDependencies.InDependencyOrder(definitions.ToArray());
    }

    /// <summary>Saves definitions already validated; an existing definition with the same id is replaced.</summary>
    public async Task SaveAsync(string shopId, IEnumerable<SegmentDefinition> definitions, CancellationToken cancellationToken = default)
    {
        foreach (var d in definitions)
        {
            await table.UpsertEntityAsync(new TableEntity(shopId, d.Id)
            {
                ["Name"] = d.Name,
                ["Description"] = d.Description,
                ["Rule"] = d.RuleJson,
                ["UpdatedAt"] = time.GetUtcNow(),
            }, TableUpdateMode.Replace, cancellationToken);
        }
    }

    /// <summary>
    /// Deletes a custom segment. Refuses built-ins, unknown ids and segments another custom segment names in
    /// <c>inSegment</c> (its rule would stop parsing and every computation of the shop would fail).
    /// Members are left to the caller or the next run, which drops memberships of segments no longer defined.
    /// </summary>
    public async Task DeleteAsync(string shopId, string segmentId, CancellationToken cancellationToken = default)
    {
        if (SegmentIds.IsBuiltIn(segmentId))
        {
            throw new ArgumentException($"'{segmentId}' is a built-in segment and cannot be deleted; only segments defined with `hub segments define` can");
        }
        var stored = await ListAsync(shopId, cancellationToken);
        if (stored.All(d => d.Id != segmentId))
        {
            throw new ArgumentException($"shop '{shopId}' has no custom segment '{segmentId}'; run `hub segments list --shop {shopId}` to see the segment ids");
        }
        var dependents = stored.Where(d => d.Rule.ReferencedSegments().Contains(segmentId, StringComparer.Ordinal)).Select(d => $"'{d.Id}'").ToArray();
        if (dependents.Length > 0)
        {
            throw new ArgumentException($"segment '{segmentId}' is used by {string.Join(", ", dependents)} (inSegment); change or delete {(dependents.Length == 1 ? "it" : "them")} first");
        }
        await table.DeleteEntityAsync(shopId, segmentId, Azure.ETag.All, cancellationToken);
    }

}
