using Hub.Storage;
using Hub.Webhooks;
using Microsoft.Extensions.DependencyInjection;

namespace Hub.Cli;

/// <summary>
/// Runs the queue trigger's work in-process for local runs (the demo, webhook replays): takes the shop's
/// events from the shop-events queue and hands each to the same <see cref="ShopEventProcessor"/>.
/// Failures stay on the queue for the Functions app (or the next run), as they would in Azure.
/// </summary>
static class ShopEventQueue
{
    public static async Task<int> DrainAsync(IServiceProvider services, string shopId, CancellationToken cancellationToken, Action? onProcessed = null)
    {
        var storage = services.GetRequiredService<StorageClients>();
        var processor = services.GetRequiredService<ShopEventProcessor>();
        var queue = storage.Queues.GetQueueClient(QueueNames.ShopEvents);
        var processed = 0;
        while (true)
        {
            var batch = (await queue.ReceiveMessagesAsync(32, TimeSpan.FromMinutes(1), cancellationToken)).Value;
            if (batch.Length == 0)
            {
                return processed;
            }
            await Parallel.ForEachAsync(batch, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken }, async (message, ct) =>
            {
                var envelope = QueueEnvelope.Parse(message.MessageText);
                var evt = await envelope.ReadBodyAsync<ShopEvent>(storage, ct);
                if (evt.ShopId != shopId)
                {
                    await queue.UpdateMessageAsync(message.MessageId, message.PopReceipt, visibilityTimeout: TimeSpan.Zero, cancellationToken: ct);
                    return;
                }
                try
                {
                    await processor.ProcessAsync(evt, (int)message.DequeueCount, ct);
                    await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, ct);
                    Interlocked.Increment(ref processed);
                    onProcessed?.Invoke();
                }
                catch (Exception) when (!ct.IsCancellationRequested)
                {
                    // The receipt already says why; leave the message for a retry.
                }
            });
            if (batch.All(m => !m.MessageText.Contains(shopId, StringComparison.Ordinal)))
            {
                return processed;
            }
        }
    }
}
