using System.Runtime.CompilerServices;
using Azure;
using Azure.Data.Tables;
using Hub.Customers;
using Hub.Messaging.Channels;
using Hub.Storage;

namespace Hub.Messaging;

/// <summary>
/// How far a suppression reaches: <see cref="Marketing"/> (unsubscribed, spam report, stop promotions, message_deny)
/// stops marketing only; <see cref="All"/> (hard bounce, blocked bot, invalid address) stops every message, since
/// nothing can reach the address.
/// </summary>
public enum SuppressionScope { Marketing, All }

public sealed record Suppression(Channel Channel, string Address, SuppressionScope Scope, string Reason, string Source, DateTimeOffset At);

/// <summary>
/// Addresses that must not get messages, per shop and channel: PartitionKey <c>{shop}|{channel}</c>, RowKey the
/// encoded normalised address (lower-case email, E.164 phone, chat or user id). Fed by provider events and send
/// answers; read once per batch as a set (one range query), or per address.
/// </summary>
public sealed class Suppressions(StorageClients clients)
{
    readonly TableClient table = clients.Tables.GetTableClient(TableNames.Suppressions);

    static string Partition(string shopId, Channel channel) => $"{shopId}|{channel.ToString().ToLowerInvariant()}";

    /// <summary>The form an address is kept in: emails trimmed and lower-cased, everything else trimmed.</summary>
    public static string Normalise(Channel channel, string address) =>
        channel == Channel.Email ? address.Trim().ToLowerInvariant() : address.Trim();

    /// <summary>Adds or widens a suppression (a later marketing opt-out never narrows an existing "all").</summary>
    public async Task AddAsync(string shopId, Suppression suppression, CancellationToken cancellationToken = default)
    {
        var rk = KeyEncoder.Encode(Normalise(suppression.Channel, suppression.Address));
        var existing = await table.GetEntityIfExistsAsync<TableEntity>(Partition(shopId, suppression.Channel), rk, cancellationToken: cancellationToken);
        var scope = existing.HasValue && existing.Value!.GetString("Scope") == nameof(SuppressionScope.All) ? SuppressionScope.All : suppression.Scope;
        await table.UpsertEntityAsync(new TableEntity(Partition(shopId, suppression.Channel), rk)
        {
            ["Address"] = Normalise(suppression.Channel, suppression.Address),
            ["Scope"] = scope.ToString(),
            ["Reason"] = suppression.Reason,
            ["Source"] = suppression.Source,
            ["At"] = suppression.At,
        }, TableUpdateMode.Replace, cancellationToken);
    }

    /// <summary>Lifts a marketing suppression when the person opts in again; an "all" suppression (bounce) stays.</summary>
    public async Task<bool> LiftAsync(string shopId, Channel channel, string address, CancellationToken cancellationToken = default)
    {
        var rk = KeyEncoder.Encode(Normalise(channel, address));
        var existing = await table.GetEntityIfExistsAsync<TableEntity>(Partition(shopId, channel), rk, cancellationToken: cancellationToken);
        if (!existing.HasValue || existing.Value!.GetString("Scope") == nameof(SuppressionScope.All))
        {
            return false;
        }
        await table.DeleteEntityAsync(Partition(shopId, channel), rk, ETag.All, cancellationToken);
        return true;
    }

    public async Task<Suppression?> GetAsync(string shopId, Channel channel, string address, CancellationToken cancellationToken = default)
    {
        var row = await table.GetEntityIfExistsAsync<TableEntity>(Partition(shopId, channel), KeyEncoder.Encode(Normalise(channel, address)), cancellationToken: cancellationToken);
        return row.HasValue ? ToSuppression(channel, row.Value!) : null;
    }

    /// <summary>Every suppression of a shop's channel, keyed by normalised address: one query for a whole batch.</summary>
    public async Task<Dictionary<string, Suppression>> LoadAsync(string shopId, Channel channel, CancellationToken cancellationToken = default)
    {
        var set = new Dictionary<string, Suppression>(StringComparer.Ordinal);
        await foreach (var s in ListAsync(shopId, channel, cancellationToken))
        {
            set[s.Address] = s;
        }
        return set;
    }

    public async IAsyncEnumerable<Suppression> ListAsync(string shopId, Channel channel, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var row in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {Partition(shopId, channel)}"), 1000, cancellationToken: cancellationToken))
        {
            yield return ToSuppression(channel, row);
        }
    }

    /// <summary>Whether a suppression stops a message of this kind.</summary>
    public static bool Stops(Suppression? suppression, MessageKind kind) =>
        suppression is not null && (kind == MessageKind.Marketing || suppression.Scope == SuppressionScope.All);

    static Suppression ToSuppression(Channel channel, TableEntity row) => new(
        channel,
        row.GetString("Address"),
        Enum.TryParse<SuppressionScope>(row.GetString("Scope"), out var scope) ? scope : SuppressionScope.Marketing,
        row.GetString("Reason") ?? "",
        row.GetString("Source") ?? "",
        row.GetDateTimeOffset("At") ?? default);
}
