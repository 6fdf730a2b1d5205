using Azure.Storage.Queues.Models;
using Hub.Shops.Sync;
using Hub.Storage;
using Microsoft.Azure.Functions.Worker;

namespace Hub.Functions;

/// <summary>
/// Pull sync: a timer starts due runs and requeues stalled ones (<c>Sync__Schedule</c>, default every 5 minutes; each
/// platform's resources have their own intervals), and the queue trigger reads one page and queues the next.
/// </summary>
public sealed class SyncFunctions(SyncEngine engine, StorageClients storage)
{
    [Function("SyncSchedule")]
    public Task Schedule([TimerTrigger("%Sync:Schedule%")] TimerInfo timer, CancellationToken cancellationToken)
        => engine.ScheduleAsync(cancellationToken);

    [Function("SyncPage")]
    public async Task Page([QueueTrigger(QueueNames.SyncPages)] QueueMessage message, CancellationToken cancellationToken)
    {
        var envelope = QueueEnvelope.Parse(message.MessageText);
        if (envelope.Type != SyncPageJob.Type)
        {
            throw new InvalidDataException($"Queue {QueueNames.SyncPages} got a message of type '{envelope.Type}', expected '{SyncPageJob.Type}'.");
        }
        await engine.RunPageAsync(await envelope.ReadBodyAsync<SyncPageJob>(storage, cancellationToken), cancellationToken: cancellationToken);
    }
}
