using Hub.Customers;
using Hub.Messaging.Channels;
using Hub.Messaging.Templates;
using Hub.Segments;
using Hub.Shops;
using Microsoft.Extensions.Logging;

namespace Hub.Messaging;

/// <summary>
/// A dispatch message: one step of one campaign or trigger (<see cref="Source"/>) to a batch of customers on one
/// channel with one template. <see cref="SegmentId"/>, <see cref="OrderId"/> and <see cref="CartId"/> give the
/// template its member detail, order or cart.
/// </summary>
public sealed record DispatchJob(string ShopId, string Source, int Step, Channel Channel, string TemplateId, MessageKind Kind, IReadOnlyList<string> CustomerIds)
{
    public const string Type = "dispatch";
    /// <summary>Customers per queue message: well under 48 KiB.</summary>
    public const int MaxCustomers = 500;
    public string? SegmentId { get; init; }
    public string? OrderId { get; init; }
    public string? CartId { get; init; }
}

/// <summary>Why a recipient was not sent to (kebab-case in the ledger, CLI and JSON).</summary>
public static class SkipReasons
{
    public const string Gone = "gone";
    public const string NoAddress = "no-address";
    public const string NoConsent = "no-consent";
    public const string Suppressed = "suppressed";
}

/// <summary>What one dispatch did; <see cref="Entries"/> is each recipient's ledger entry as it stands after it.</summary>
public sealed record DispatchReport(int Sent, int Duplicates, IReadOnlyDictionary<string, int> Skipped, int Failed, int OptedOut, IReadOnlyList<string> RetryCustomerIds, DateTimeOffset? RetryAt, decimal Cost)
{
    public IReadOnlyList<LedgerEntry> Entries { get; init; } = [];
}

/// <summary>
/// Sends one step to a batch: for each customer the channel's address, consent (marketing only) and suppressions are
/// checked and the reason recorded when one stops them; the rest are claimed in the <see cref="SendLedger"/> before any
/// provider call, rendered from the shop's template and sent in the provider's batch size; each answer is written
/// back, opt-outs become suppressions, and temporary failures come back for a later retry.
/// </summary>
public sealed class MessageDispatcher(
    ShopStore shops,
    CustomerStore customers,
    SegmentMemberStore scores,
    SegmentMemberStore members,
    TemplateStore templates,
    TemplateRenderer renderer,
    ChannelRouter router,
    SendLedger ledger,
    Suppressions suppressions,
    TimeProvider time,
    ILogger<MessageDispatcher> log)
{
    const int ParallelWrites = 16;

    /// <summary>The ledger entry of one recipient and, when something stops the message, why.</summary>
    static (LedgerEntry Entry, Customer? Customer, string? Reason) Decide(string shopId, DispatchJob job, string provider, string id, Customer? customer, Dictionary<string, Suppression> suppressed)
    {
        var address = customer is null ? null : ChannelRouter.AddressOf(customer, job.Channel);
        var entry = new LedgerEntry
        {
            ShopId = shopId,
            Source = job.Source,
            CustomerId = id,
            Step = job.Step,
            MessageId = SendLedger.MessageIdOf(shopId, job.Source, id, job.Step),
            Channel = job.Channel,
            Provider = provider,
            Address = address,
            TemplateId = job.TemplateId,
            Kind = job.Kind,
        };
        return (entry, customer, Reachability.Obstacle(customer, job.Channel, job.Kind, suppressed));
    }

    public async Task<DispatchReport> DispatchAsync(DispatchJob job, CancellationToken cancellationToken = default)
    {
        var shop = await shops.RequireAsync(job.ShopId, cancellationToken);
        var template = await templates.GetAsync(shop.Id, job.TemplateId, cancellationToken)
            ?? throw new ArgumentException($"shop '{shop.Id}' has no template '{job.TemplateId}'");
        var sender = router.SenderFor(shop.Id, job.Channel);
        var suppressed = await suppressions.LoadAsync(shop.Id, job.Channel, cancellationToken);
        var people = await LoadAsync(shop.Id, job.CustomerIds, cancellationToken);

        var skipped = new Dictionary<string, int>();
        int duplicates = 0, sent = 0, failed = 0, optedOut = 0;
        decimal cost = 0;
        var retry = new List<string>();
        DateTimeOffset? retryAt = null;
        var decided = people.Select(p => Decide(shop.Id, job, sender.Provider, p.Id, p.Customer, suppressed)).ToArray();
        foreach (var (_, _, reason) in decided)
        {
            if (reason is not null)
            {
                skipped[reason] = skipped.GetValueOrDefault(reason) + 1;
            }
        }
        // Claims and skips are written in batches of one partition, each row still an insert that fails if it exists.
        await ledger.SkipManyAsync(decided.Where(d => d.Reason is not null).Select(d => (d.Entry, d.Reason!)).ToArray(), cancellationToken);
        var entries = decided.Where(d => d.Reason is not null).Select(d => d.Entry with { Status = SendStatus.Skipped, Error = d.Reason }).ToList();
        var toClaim = Enumerable.Range(0, decided.Length).Where(i => decided[i].Reason is null).ToArray();
        var claimedRows = await ledger.ClaimManyAsync(toClaim.Select(i => decided[i].Entry).ToArray(), indexOurIds: !sender.EchoesLedgerKey, cancellationToken);
        var claims = new (ClaimResult Result, LedgerEntry Entry)?[decided.Length];
        for (var k = 0; k < toClaim.Length; k++)
        {
            claims[toClaim[k]] = claimedRows[k];
        }
        var claimed = new List<(LedgerEntry Entry, Customer Customer)>();
        for (var i = 0; i < decided.Length; i++)
        {
            if (claims[i] is not var (result, claim))
            {
                continue;
            }
            switch (result)
            {
                case ClaimResult.Claimed or ClaimResult.Reclaimed:
                    claimed.Add((claim, decided[i].Customer!));
                    break;
                case ClaimResult.NotYet:
                    retry.Add(claim.CustomerId);
                    retryAt = Earliest(retryAt, claim.RetryAt);
                    entries.Add(claim);
                    break;
                default:
                    duplicates++;
                    entries.Add(claim);
                    break;
            }
        }

        // RFM scores live with the customer's memberships (the segment engine's table); templates may show them.
        var rfm = claimed.Count == 0 ? [] : await scores.ScoresAsync(shop.Id, claimed.Select(c => c.Customer.Id), cancellationToken);
        foreach (var batch in claimed.Chunk(Math.Max(1, sender.MaxBatch)))
        {
            var messages = new List<OutboundMessage>(batch.Length);
            foreach (var (entry, customer) in batch)
            {
                var data = await DataAsync(shop, customer with { Rfm = rfm.GetValueOrDefault(customer.Id) }, job, cancellationToken);
                messages.Add(new OutboundMessage(entry.MessageId, shop.Id, customer.Id, job.Channel, entry.Address!, job.Kind, renderer.Render(template, job.Channel, data))
                {
                    Key = new LedgerKey(entry.Source, entry.CustomerId, entry.Step),
                });
            }
            IReadOnlyList<SendOutcome> outcomes;
            try
            {
                outcomes = await sender.SendAsync(shop.Id, messages, cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // A sender that throws broke its contract; the claims stay and are retaken after the claim timeout.
                log.LogError(e, "{Provider} threw while sending {Count} messages of {Shop}/{Source}", sender.Provider, messages.Count, shop.Id, job.Source);
                throw;
            }
            var byId = outcomes.ToDictionary(o => o.MessageId);
            var recorded = await ledger.RecordManyAsync(batch.Select(b => (b.Entry, byId.GetValueOrDefault(b.Entry.MessageId)
                ?? new SendOutcome(b.Entry.MessageId, SendResult.Retry, Error: $"{sender.Provider} gave no answer for this message"))).ToArray(), cancellationToken);
            await Parallel.ForEachAsync(recorded.Where(r => r.Status == SendStatus.OptedOut), new ParallelOptions { MaxDegreeOfParallelism = ParallelWrites, CancellationToken = cancellationToken }, async (entry, ct) =>
                await suppressions.AddAsync(shop.Id, new Suppression(job.Channel, entry.Address!, ProviderEventProcessor.ScopeOfOptOut(job.Channel), entry.Error ?? "opted out", sender.Provider, time.GetUtcNow()), ct));
            entries.AddRange(recorded);
            foreach (var entry in recorded)
            {
                switch (entry.Status)
                {
                    case SendStatus.Sent:
                        sent++;
                        cost += entry.Cost ?? 0;
                        break;
                    case SendStatus.Retry:
                        retry.Add(entry.CustomerId);
                        retryAt = Earliest(retryAt, entry.RetryAt);
                        break;
                    case SendStatus.OptedOut:
                        optedOut++;
                        break;
                    default:
                        failed++;
                        break;
                }
            }
        }
        return new DispatchReport(sent, duplicates, skipped, failed, optedOut, retry, retryAt, cost) { Entries = entries };
    }

    static DateTimeOffset? Earliest(DateTimeOffset? a, DateTimeOffset? b) => a is null ? b : b is null ? a : a < b ? a : b;

    async Task<List<(string Id, Customer? Customer)>> LoadAsync(string shopId, IReadOnlyList<string> ids, CancellationToken cancellationToken)
    {
        var found = await customers.GetManyAsync(shopId, ids, cancellationToken: cancellationToken);
        return ids.Distinct(StringComparer.Ordinal).Select(id => (id, found.GetValueOrDefault(id))).ToList();
    }

    async Task<TemplateData> DataAsync(Shop shop, Customer customer, DispatchJob job, CancellationToken cancellationToken)
    {
        var data = new TemplateData(shop) { Customer = customer };
        if (job.SegmentId is { } segmentId)
        {
            var member = (await members.ReadCustomerAsync(shop.Id, customer.Id, [segmentId], cancellationToken)).FirstOrDefault();
            data = data with { Segment = new TemplateSegment(segmentId, null, member?.Detail) };
        }
        if (job.OrderId is { } orderId)
        {
            data = data with { Order = (await customers.OrdersOfAsync(shop.Id, customer.Id, cancellationToken)).FirstOrDefault(o => o.Id == orderId) };
        }
        if (job.CartId is { } cartId)
        {
            data = data with { Cart = (await customers.CartsOfAsync(shop.Id, customer.Id, cancellationToken)).FirstOrDefault(c => c.Id == cartId) };
        }
        return data;
    }
}
