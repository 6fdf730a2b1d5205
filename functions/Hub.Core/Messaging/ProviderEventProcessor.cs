using Azure;
using Azure.Data.Tables;
using Hub.Messaging.Channels;
using Hub.Storage;
using Microsoft.Extensions.Logging;

namespace Hub.Messaging;

/// <summary>What one webhook delivery did: the reply for the provider and how many events were new.</summary>
public sealed record ProviderEventsResult(ProviderReply Reply, int New, int Repeated, int Unmatched);

/// <summary>
/// Takes a provider's webhook request: its own verification (<see cref="IProviderEventSource"/>), then each event once
/// (ProviderEvents: PartitionKey provider, RowKey the encoded event id, inserted or found) — delivered, opened, clicked
/// and read go to the message's ledger row; opt-outs and bounces become suppressions of the address (from the event,
/// else the ledger row); opt-ins lift marketing suppressions.
/// </summary>
public sealed class ProviderEventProcessor(
    IEnumerable<IProviderEventSource> sources,
    SendLedger ledger,
    Suppressions suppressions,
    StorageClients clients,
    ILogger<ProviderEventProcessor> log)
{
    readonly TableClient seen = clients.Tables.GetTableClient(TableNames.ProviderEvents);

    public async Task<ProviderEventsResult> HandleAsync(string provider, ProviderRequest request, CancellationToken cancellationToken = default)
    {
        var source = sources.FirstOrDefault(s => string.Equals(s.Provider, provider, StringComparison.OrdinalIgnoreCase));
        if (source is null)
        {
            var known = string.Join(", ", sources.Select(s => s.Provider).Distinct().Order());
            return new ProviderEventsResult(new ProviderReply(404, $"unknown provider '{provider}'; events are taken for: {known}", []), 0, 0, 0);
        }
        var reply = source.Handle(request);
        if (reply.Status != 200)
        {
            log.LogWarning("{Provider} webhook refused ({Status}): {Reason}", provider, reply.Status, reply.Body);
            return new ProviderEventsResult(reply, 0, 0, 0);
        }
        int fresh = 0, repeated = 0, unmatched = 0;
        foreach (var e in reply.Events)
        {
            if (!await FirstTimeAsync(e, cancellationToken))
            {
                repeated++;
                continue;
            }
            fresh++;
            if (!await ApplyAsync(e with { ShopId = e.ShopId ?? request.ShopId }, cancellationToken))
            {
                unmatched++;
            }
        }
        return new ProviderEventsResult(reply, fresh, repeated, unmatched);
    }

    async Task<bool> FirstTimeAsync(ProviderEvent e, CancellationToken cancellationToken)
    {
        try
        {
            await seen.AddEntityAsync(new TableEntity(e.Provider, KeyEncoder.Encode(e.EventId)) { ["Kind"] = e.Kind.ToString(), ["At"] = e.At }, cancellationToken);
            return true;
        }
        catch (RequestFailedException x) when (x.Status == 409)
        {
            return false;
        }
    }

    /// <summary>False when the event names no message we know and no address to act on.</summary>
    async Task<bool> ApplyAsync(ProviderEvent e, CancellationToken cancellationToken)
    {
        var entry = e.Key is { } key && e.ShopId is { } keyShop
            ? await ledger.GetAsync(keyShop, key.Source, key.CustomerId, key.Step, cancellationToken) is { } keyed && (e.MessageId is null || keyed.MessageId == e.MessageId) ? keyed : null
            : null;
        entry ??= await ledger.FindAsync(e.MessageId, e.Provider, e.ProviderMessageId, cancellationToken);
        if (entry is not null)
        {
            entry = await ledger.MarkAsync(entry, e.Kind, e.At, e.Detail, cancellationToken);
        }
        var shopId = entry?.ShopId ?? e.ShopId;
        var address = e.Address ?? entry?.Address;
        if (shopId is null || address is null)
        {
            return entry is not null;
        }
        switch (e.Kind)
        {
            case ProviderEventKind.OptedOut:
                await suppressions.AddAsync(shopId, new Suppression(e.Channel, address, ScopeOfOptOut(e.Channel), e.Detail ?? "opted out", e.Provider, e.At), cancellationToken);
                break;
            case ProviderEventKind.Bounced:
                await suppressions.AddAsync(shopId, new Suppression(e.Channel, address, SuppressionScope.All, e.Detail ?? "bounced", e.Provider, e.At), cancellationToken);
                break;
            case ProviderEventKind.OptedIn:
                await suppressions.LiftAsync(shopId, e.Channel, address, cancellationToken);
                break;
        }
        return true;
    }

    /// <summary>Blocking a bot or denying a community's messages stops every message; elsewhere an opt-out is from marketing.</summary>
    public static SuppressionScope ScopeOfOptOut(Customers.Channel channel) =>
        channel is Customers.Channel.Telegram or Customers.Channel.Vk ? SuppressionScope.All : SuppressionScope.Marketing;
}
