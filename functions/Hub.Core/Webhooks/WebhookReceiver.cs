using Hub.Customers;
using Hub.Shops;
using Hub.Storage;
using Microsoft.Extensions.Logging;

namespace Hub.Webhooks;

/// <summary>What the HTTP endpoint answers: the status code and a message that names what was wrong.</summary>
public sealed record WebhookResult(int StatusCode, string Message)
{
    public bool Accepted => StatusCode is >= 200 and < 300;
}

/// <summary>The queue message a verified delivery becomes; the raw body travels with it (claim-checked when large).</summary>
public sealed record ShopEvent(
    string ShopId,
    string Platform,
    string Topic,
    string DeliveryId,
    string ReceiptPartition,
    DateTimeOffset ReceivedAt,
    string BodyBase64)
{
    public const string Type = "shop-event";
    public const int Version = 1;
}

/// <summary>
/// Receives a webhook delivery: known platform and shop, signature over the raw body, receipt keyed by the
/// delivery id (a duplicate is answered 200 and not queued again), then the event is queued and answered
/// at once — the work happens in <see cref="ShopEventProcessor"/>. Nothing is stored for a forged delivery.
/// </summary>
public sealed class WebhookReceiver(ShopStore shops, ShopSecrets secrets, WebhookReceipts receipts, QueueProducer queue, TimeProvider time, ILogger<WebhookReceiver> log)
{
    public async Task<WebhookResult> ReceiveAsync(string platform, string shopId, WebhookRequest request, CancellationToken cancellationToken = default)
    {
        var source = WebhookSources.Find(platform);
        if (source is null)
        {
            return new WebhookResult(404, $"Unknown platform '{platform}'; webhooks are accepted for: {string.Join(", ", WebhookSources.All.Keys)}.");
        }
        var shop = await shops.GetAsync(shopId, cancellationToken);
        if (shop is null)
        {
            return new WebhookResult(404, $"Unknown shop '{shopId}'.");
        }
        if (!string.Equals(shop.Platform, source.Platform, StringComparison.OrdinalIgnoreCase))
        {
            return new WebhookResult(404, $"Shop '{shopId}' is connected as {shop.Platform}, not {source.Platform}.");
        }
        if (source.IsPing(request))
        {
            log.LogInformation("{Platform} ping for shop {ShopId} answered", source.Platform, shopId);
            return new WebhookResult(200, "Ping received.");
        }

        var keys = secrets.WebhookSecrets(shopId);
        if (keys.Count == 0)
        {
            log.LogError("Shop {ShopId} has no webhook secret configured ({Setting}); delivery refused", shopId, ShopSecrets.WebhookSecretKey(shopId).Replace(":", "__"));
            return new WebhookResult(401, $"Shop '{shopId}' has no webhook secret configured, so no delivery can be verified.");
        }
        switch (source.Verify(request, keys))
        {
            case SignatureCheck.Missing:
                log.LogWarning("{Platform} delivery for shop {ShopId} without {Header} refused", source.Platform, shopId, source.SignatureHeader);
                return new WebhookResult(401, $"Missing signature header {source.SignatureHeader}.");
            case SignatureCheck.Invalid:
                log.LogWarning("{Platform} delivery for shop {ShopId} with a forged {Header} refused", source.Platform, shopId, source.SignatureHeader);
                return new WebhookResult(401, $"Signature in {source.SignatureHeader} does not match the body.");
        }

        DeliveryInfo info;
        try
        {
            info = source.Describe(request);
        }
        catch (WebhookFormatException e)
        {
            return new WebhookResult(400, e.Message);
        }

        var now = time.GetUtcNow();
        var partition = WebhookReceipts.Partition(shopId, info.OccurredAt ?? now);
        var previous = await receipts.RecordAsync(partition, info.DeliveryId, source.Platform, info.Topic, now, request.Body.Length, cancellationToken);
        if (previous is not null and not ReceiptStatus.Received)
        {
            return new WebhookResult(200, $"Duplicate delivery {info.DeliveryId}: already {previous}.");
        }

        var evt = new ShopEvent(shopId, source.Platform, info.Topic, info.DeliveryId, partition, now, Convert.ToBase64String(request.Body.Span));
        await queue.SendAsync(QueueNames.ShopEvents, ShopEvent.Type, ShopEvent.Version, evt, cancellationToken: cancellationToken);
        await receipts.UpdateAsync(partition, info.DeliveryId, ReceiptStatus.Queued, now, cancellationToken: cancellationToken);
        return new WebhookResult(200, $"Accepted {info.Topic} delivery {info.DeliveryId}.");
    }
}

/// <summary>
/// Applies a queued shop event to the customer base through <see cref="CustomerIngestion"/>. A delivery that
/// cannot be mapped keeps its receipt with the error and is rethrown, so the queue retries it and finally
/// moves it to the poison queue — with a receipt saying why. Nothing is dropped silently.
/// </summary>
public sealed class ShopEventProcessor(ShopStore shops, CustomerIngestion ingestion, Shops.Sync.PullSources pulls, Messaging.MessageTriggers triggers, WebhookReceipts receipts, QueueProducer queue, TimeProvider time, ILogger<ShopEventProcessor> log)
{
    /// <summary>The queue's maxDequeueCount in host.json: the attempt after which a message goes to the poison queue.</summary>
    public const int MaxAttempts = 5;

    public async Task<IReadOnlyList<IngestOutcome>> ProcessAsync(ShopEvent evt, int attempt, CancellationToken cancellationToken = default)
    {
        try
        {
            var source = WebhookSources.Find(evt.Platform) ?? throw new WebhookFormatException($"Unknown platform '{evt.Platform}'.");
            var shop = await shops.RequireAsync(evt.ShopId, cancellationToken);
            // Platforms whose webhooks only hint at a change (Ecwid, RetailCRM, InSales) are re-read from their API.
            var changes = await pulls.ResolveAsync(shop, source.Map(evt.Topic, Convert.FromBase64String(evt.BodyBase64)), cancellationToken);
            var outcomes = new List<IngestOutcome>();
            foreach (var change in changes)
            {
                var outcome = await ingestion.ApplyAsync(shop, change, cancellationToken);
                outcomes.Add(outcome);
                // Order status messages and cart reminders: queued here, sent exactly once by the dispatch queue.
                await triggers.OnChangeAsync(shop, change, outcome, cancellationToken);
            }
            // Their segments are recomputed now rather than at the next full run ("lapsed" → ordered again).
            foreach (var customerId in outcomes.Where(o => o.CustomerId is not null && o.Status is not (IngestStatus.Unchanged or IngestStatus.Ignored or IngestStatus.NotFound))
                         .Select(o => o.CustomerId!).Distinct())
            {
                await queue.SendAsync(QueueNames.CustomerChanges, Segments.CustomerChanged.Type, 1, new Segments.CustomerChanged(shop.Id, customerId), cancellationToken: cancellationToken);
            }
            var summary = string.Join("; ", outcomes.Select(o => o.Note is null ? $"{o.Status} {o.CustomerId}" : $"{o.Status}: {o.Note}"));
            await receipts.UpdateAsync(evt.ReceiptPartition, evt.DeliveryId, ReceiptStatus.Processed, time.GetUtcNow(), attempt, outcome: summary, cancellationToken: cancellationToken);
            return outcomes;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            var final = attempt >= MaxAttempts;
            var status = final ? ReceiptStatus.Poisoned : ReceiptStatus.Failed;
            log.LogError(e, "{Platform} {Topic} delivery {DeliveryId} for shop {ShopId} failed (attempt {Attempt} of {Max})",
                evt.Platform, evt.Topic, evt.DeliveryId, evt.ShopId, attempt, MaxAttempts);
            await receipts.UpdateAsync(evt.ReceiptPartition, evt.DeliveryId, status, time.GetUtcNow(), attempt,
                error: $"{e.GetType().Name}: {e.Message}" + (final ? " (moved to the poison queue; replay with `hub webhooks replay`)" : ""),
                cancellationToken: cancellationToken);
            throw;
        }
    }
}
