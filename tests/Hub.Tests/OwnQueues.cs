using System.Collections.Concurrent;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using Hub.Storage;

namespace Hub.Tests;

/// <summary>
/// The hub's queues under a prefix of one harness's own, on the shared Azurite, each created on first use. Test classes
/// run in parallel: on shared queues one class's look held another's messages out of sight for a moment, or behind 32
/// of its own, and the other class found its queue empty.
/// </summary>
sealed class OwnQueues : QueueServiceClient
{
    readonly string prefix = "t" + Guid.NewGuid().ToString("N")[..12];
    readonly ConcurrentDictionary<string, QueueClient> queues = new(StringComparer.Ordinal);

    public OwnQueues(AzuriteFixture azurite)
        : base(azurite.ConnectionString, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 }) =>
        Clients = azurite.Clients.WithQueues(this);

    /// <summary>The fixture's tables and containers with these queues: what the harness's services are built on.</summary>
    public StorageClients Clients { get; }

    public override QueueClient GetQueueClient(string queueName) => queues.GetOrAdd(queueName, name =>
    {
        var queue = base.GetQueueClient($"{prefix}-{name}");
        queue.CreateIfNotExists();
        return queue;
    });

    /// <summary>The messages on <paramref name="queue"/> that <paramref name="mine"/> accepts, taken off it; the others stay.</summary>
    public async Task<List<QueueMessage>> TakeAsync(string queue, Func<QueueMessage, bool>? mine = null)
    {
        var client = GetQueueClient(queue);
        var taken = new List<QueueMessage>();
        var others = new List<QueueMessage>();
        // Others stay out of sight until the end, so that each receive sees the next 32.
        while ((await client.ReceiveMessagesAsync(32, TimeSpan.FromSeconds(30))).Value is { Length: > 0 } batch)
        {
            foreach (var message in batch)
            {
                if (mine?.Invoke(message) ?? true)
                {
                    taken.Add(message);
                    await client.DeleteMessageAsync(message.MessageId, message.PopReceipt);
                }
                else
                {
                    others.Add(message);
                }
            }
        }
        foreach (var message in others)
        {
            await client.UpdateMessageAsync(message.MessageId, message.PopReceipt, visibilityTimeout: TimeSpan.Zero);
        }
        return taken;
    }
}
