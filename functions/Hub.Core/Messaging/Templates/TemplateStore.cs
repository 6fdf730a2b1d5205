using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Hub.Shops;
using Hub.Storage;

namespace Hub.Messaging.Templates;

/// <summary>
/// A shop's message templates in the Templates table: PartitionKey shop, RowKey template id, the record as one JSON
/// column (nothing filters on its fields, and a shop has few templates). A template is validated before it is saved,
/// so what is stored always renders. Where a shop has not saved its own, the built-in <see cref="DefaultTemplates"/>
/// with that id stand in; deleting a shop's own version of a default brings the default back.
/// </summary>
public sealed class TemplateStore(StorageClients clients, TemplateValidator validator)
{
    readonly TableClient table = clients.Tables.GetTableClient(TableNames.Templates);

    /// <summary>Validates, then saves (replacing a template with the same id).</summary>
    /// <exception cref="TemplateValidationException">The template has problems; nothing was written.</exception>
    public async Task SaveAsync(MessageTemplate template, CancellationToken cancellationToken = default)
    {
        if (validator.Validate(template) is { Count: > 0 } errors)
        {
            throw new TemplateValidationException(template.Id, errors);
        }
        var row = new TableEntity(template.ShopId, template.Id) { ["Data"] = JsonSerializer.Serialize(template, HubJson.Options) };
        TableLimits.Check(row);
        await table.UpsertEntityAsync(row, TableUpdateMode.Replace, cancellationToken);
    }

    /// <summary>The shop's own template with this id, else the built-in default with this id, else null.</summary>
    public async Task<MessageTemplate?> GetAsync(string shopId, string templateId, CancellationToken cancellationToken = default)
    {
        if (ShopIds.Problem(shopId) is not null || TemplateValidator.IdProblem(templateId) is not null)
        {
            return null;
        }
        var row = await table.GetEntityIfExistsAsync<TableEntity>(shopId, templateId, cancellationToken: cancellationToken);
        return row.HasValue ? Read(row.Value!) : DefaultTemplates.For(shopId, templateId);
    }

    /// <summary>The shop's templates by id: its own, and the defaults it has not replaced unless <paramref name="includeDefaults"/> is false.</summary>
    public async Task<IReadOnlyList<MessageTemplate>> ListAsync(string shopId, bool includeDefaults = true, CancellationToken cancellationToken = default)
    {
        var own = new List<MessageTemplate>();
        await foreach (var row in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {shopId}"), cancellationToken: cancellationToken))
        {
            own.Add(Read(row));
        }
        var ids = own.Select(t => t.Id).ToHashSet(StringComparer.Ordinal);
        var defaults = includeDefaults ? DefaultTemplates.For(shopId).Where(d => !ids.Contains(d.Id)) : [];
        return own.Concat(defaults).OrderBy(t => t.Id, StringComparer.Ordinal).ToArray();
    }

    /// <summary>Deletes the shop's own template; true when there was one. A default with the same id applies again.</summary>
    public async Task<bool> DeleteAsync(string shopId, string templateId, CancellationToken cancellationToken = default)
    {
        if (ShopIds.Problem(shopId) is not null || TemplateValidator.IdProblem(templateId) is not null)
        {
            return false;
        }
        var response = await table.DeleteEntityAsync(shopId, templateId, ETag.All, cancellationToken);
        return response.Status != 404;
    }

    static MessageTemplate Read(TableEntity row) => JsonSerializer.Deserialize<MessageTemplate>(row.GetString("Data"), HubJson.Options)!;
}
