using Hub.Storage;
using Microsoft.Extensions.Logging;

namespace Hub.Segments;

/// <summary>
/// What the segment queues' triggers (and the CLI's in-process drain) do with a message: a shop's run, one bucket,
/// or one changed customer. A job that finds its bucket leased by another worker is put back with a delay instead of
/// failing, so it does not burn the message's delivery attempts.
/// </summary>
public sealed class SegmentQueueHandler(SegmentEngine engine, QueueProducer queue, StorageClients storage, ILogger<SegmentQueueHandler> log)
{
    public static readonly TimeSpan BusyBucketDelay = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan BusyCustomerDelay = TimeSpan.FromSeconds(5);

    public async Task<SegmentJobResult> HandleAsync(QueueEnvelope envelope, CancellationToken cancellationToken = default)
    {
        switch (envelope.Type)
        {
            case SegmentJob.RunType:
            {
                var job = await envelope.ReadBodyAsync<SegmentJob>(storage, cancellationToken);
                var stats = await engine.StartRunAsync(job.ShopId, cancellationToken);
                return new SegmentJobResult(SegmentJobStatus.Done, stats.Customers);
            }
            case SegmentJob.BucketType:
            {
                var job = await envelope.ReadBodyAsync<SegmentJob>(storage, cancellationToken);
                var result = await engine.ComputeBucketAsync(job.ShopId, job.RunId ?? "", job.Bucket, cancellationToken);
                if (result.Status == SegmentJobStatus.Busy)
                {
                    log.LogInformation("Segments of {Shop} bucket {Bucket} are being computed elsewhere; retrying in {Delay}", job.ShopId, job.Bucket, BusyBucketDelay);
                    await queue.SendAsync(QueueNames.SegmentJobs, SegmentJob.BucketType, 1, job, BusyBucketDelay, cancellationToken);
                }
                return result;
            }
            case CustomerChanged.Type:
            {
                var changed = await envelope.ReadBodyAsync<CustomerChanged>(storage, cancellationToken);
                var result = await engine.RecomputeCustomerAsync(changed.ShopId, changed.CustomerId, cancellationToken);
                if (result.Status == SegmentJobStatus.Busy)
                {
                    await queue.SendAsync(QueueNames.CustomerChanges, CustomerChanged.Type, 1, changed, BusyCustomerDelay, cancellationToken);
                }
                return result;
            }
            default:
                throw new InvalidDataException($"A segment queue got a message of type '{envelope.Type}'; expected {SegmentJob.RunType}, {SegmentJob.BucketType} or {CustomerChanged.Type}.");
        }
    }
}
