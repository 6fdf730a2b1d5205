using System.Runtime.CompilerServices;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Hub.Storage;

namespace Hub.Messaging.Campaigns;

/// <summary>
/// Campaigns (PartitionKey shop, RowKey campaign id, and the row <c>~settings</c> with the shop's campaign settings)
/// and their runs in CampaignRuns (PartitionKey shop, RowKey <c>{campaignId}|{encoded run key}</c>). Each keeps the
/// record as one JSON column: nothing filters on the fields server-side, and a shop has few campaigns.
/// </summary>
public sealed class CampaignStore(StorageClients clients)
{
    const string SettingsRow = "~settings";
    readonly TableClient campaigns = clients.Tables.GetTableClient(TableNames.Campaigns);
    readonly TableClient runs = clients.Tables.GetTableClient(TableNames.CampaignRuns);

    public async Task<Campaign?> GetAsync(string shopId, string campaignId, CancellationToken cancellationToken = default)
    {
        if (CampaignIds.Problem(campaignId) is not null)
        {
            return null;
        }
        var row = await campaigns.GetEntityIfExistsAsync<TableEntity>(shopId, campaignId, cancellationToken: cancellationToken);
        return row.HasValue ? Read<Campaign>(row.Value!) : null;
    }

    public async IAsyncEnumerable<Campaign> ListAsync(string shopId, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {shopId} and RowKey ne {SettingsRow}");
        await foreach (var row in campaigns.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            yield return Read<Campaign>(row);
        }
    }

    public Task SaveAsync(Campaign campaign, CancellationToken cancellationToken = default) =>
        campaigns.UpsertEntityAsync(Row(campaign.ShopId, campaign.Id, campaign), TableUpdateMode.Replace, cancellationToken);

    public async Task<bool> DeleteAsync(string shopId, string campaignId, CancellationToken cancellationToken = default)
    {
        var response = await campaigns.DeleteEntityAsync(shopId, campaignId, ETag.All, cancellationToken);
        return response.Status != 404;
    }

    public async Task<CampaignSettings> GetSettingsAsync(string shopId, CancellationToken cancellationToken = default)
    {
        var row = await campaigns.GetEntityIfExistsAsync<TableEntity>(shopId, SettingsRow, cancellationToken: cancellationToken);
        return row.HasValue ? Read<CampaignSettings>(row.Value!) : new CampaignSettings();
    }

    public Task SaveSettingsAsync(string shopId, CampaignSettings settings, CancellationToken cancellationToken = default) =>
        campaigns.UpsertEntityAsync(Row(shopId, SettingsRow, settings), TableUpdateMode.Replace, cancellationToken);

    static string RunRow(string campaignId, string runKey) => $"{campaignId}|{KeyEncoder.Encode(runKey)}";

    public async Task<CampaignRun?> GetRunAsync(string shopId, string campaignId, string runKey, CancellationToken cancellationToken = default)
    {
        var row = await runs.GetEntityIfExistsAsync<TableEntity>(shopId, RunRow(campaignId, runKey), cancellationToken: cancellationToken);
        return row.HasValue ? Read<CampaignRun>(row.Value!) : null;
    }

    /// <summary>Creates the run unless it exists; returns the stored run and whether this call created it.</summary>
    public async Task<(CampaignRun Run, bool Created)> AddRunAsync(CampaignRun run, CancellationToken cancellationToken = default)
    {
        try
        {
            await runs.AddEntityAsync(Row(run.ShopId, RunRow(run.CampaignId, run.RunKey), run), cancellationToken);
            return (run, true);
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            return ((await GetRunAsync(run.ShopId, run.CampaignId, run.RunKey, cancellationToken))!, false);
        }
    }

    public Task SaveRunAsync(CampaignRun run, CancellationToken cancellationToken = default) =>
        runs.UpsertEntityAsync(Row(run.ShopId, RunRow(run.CampaignId, run.RunKey), run), TableUpdateMode.Replace, cancellationToken);

    /// <summary>Every run of a campaign, oldest key first.</summary>
    public async Task<List<CampaignRun>> RunsAsync(string shopId, string campaignId, CancellationToken cancellationToken = default)
    {
        var list = new List<CampaignRun>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {shopId} and RowKey gt {campaignId + "|"} and RowKey lt {campaignId + "}"}");
        await foreach (var row in runs.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            list.Add(Read<CampaignRun>(row));
        }
        return list;
    }

    static TableEntity Row<T>(string partition, string row, T value)
    {
        var entity = new TableEntity(partition, row) { ["Data"] = JsonSerializer.Serialize(value, HubJson.Options) };
        TableLimits.Check(entity);
        return entity;
    }

    static T Read<T>(TableEntity row) => JsonSerializer.Deserialize<T>(row.GetString("Data"), HubJson.Options)!;
}

public static partial class CampaignIds
{
    [System.Text.RegularExpressions.GeneratedRegex("^[a-z0-9][a-z0-9-]{1,62}$")]
    private static partial System.Text.RegularExpressions.Regex Pattern();

    /// <summary>Campaign ids appear in keys and ledger sources: kebab-case, 2–63 characters.</summary>
    public static string? Problem(string id) => Pattern().IsMatch(id)
        ? null
        : $"campaign id '{id}' must be 2–63 lower-case letters, digits or dashes, starting with a letter or digit";
}
