using Hub.Storage;
using Microsoft.Extensions.Logging;

namespace Hub.Messaging;

/// <summary>
/// What the dispatch trigger does with a message: dispatch it, then put the recipients whose send failed for now back
/// on the queue, hidden until their retry time (at most the queue's 7 days). Running the same message twice sends
/// nothing twice: the ledger has the claims.
/// </summary>
public sealed class DispatchQueueHandler(MessageDispatcher dispatcher, QueueProducer queue, StorageClients storage, TimeProvider time, MessageTriggers triggers, ILogger<DispatchQueueHandler> log)
{
    static readonly TimeSpan MaxDelay = TimeSpan.FromDays(6);

    public async Task<DispatchReport?> HandleAsync(QueueEnvelope envelope, CancellationToken cancellationToken = default)
    {
        if (envelope.Type == CartReminderJob.Type)
        {
            return await triggers.RemindAsync(await envelope.ReadBodyAsync<CartReminderJob>(storage, cancellationToken), cancellationToken);
        }
        if (envelope.Type != DispatchJob.Type)
        {
            throw new InvalidDataException($"the dispatch queue got a message of type '{envelope.Type}'; expected {DispatchJob.Type} or {CartReminderJob.Type}");
        }
        var job = await envelope.ReadBodyAsync<DispatchJob>(storage, cancellationToken);
        var report = await dispatcher.DispatchAsync(job, cancellationToken);
        if (report.RetryCustomerIds.Count > 0)
        {
            var delay = report.RetryAt is { } at ? at - time.GetUtcNow() : TimeSpan.FromMinutes(1);
            delay = delay < TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : delay > MaxDelay ? MaxDelay : delay;
            await EnqueueAsync(job with { CustomerIds = report.RetryCustomerIds }, delay, cancellationToken);
            log.LogInformation("{Count} messages of {Shop}/{Source} step {Step} retry in {Delay}", report.RetryCustomerIds.Count, job.ShopId, job.Source, job.Step, delay);
        }
        return report;
    }

    /// <summary>Queues a job, split into messages of at most <see cref="DispatchJob.MaxCustomers"/> customers.</summary>
    public async Task EnqueueAsync(DispatchJob job, TimeSpan? delay = null, CancellationToken cancellationToken = default)
    {
        foreach (var chunk in job.CustomerIds.Chunk(DispatchJob.MaxCustomers))
        {
            await queue.SendAsync(QueueNames.Dispatch, DispatchJob.Type, 1, job with { CustomerIds = chunk }, delay, cancellationToken);
        }
    }
}
