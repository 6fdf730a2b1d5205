using Azure.Storage.Queues.Models;
using Hub.Segments;
using Hub.Shops;
using Hub.Storage;
using Microsoft.Azure.Functions.Worker;

namespace Hub.Functions;

/// <summary>
/// Segments: a timer starts a full run per shop (schedule in the <c>Segments__Schedule</c> setting, NCRONTAB, default
/// 03:00 UTC daily); runs fan out as bucket jobs on <c>segment-jobs</c>; changed customers arrive on <c>customer-changes</c>.
/// </summary>
public sealed class SegmentFunctions(SegmentQueueHandler handler, ShopStore shops, QueueProducer queue)
{
    [Function("SegmentsSchedule")]
    public async Task Schedule([TimerTrigger("%Segments:Schedule%")] TimerInfo timer, CancellationToken cancellationToken)
    {
        await foreach (var shop in shops.ListAsync(cancellationToken))
        {
            await queue.SendAsync(QueueNames.SegmentJobs, SegmentJob.RunType, 1, new SegmentJob(shop.Id), cancellationToken: cancellationToken);
        }
    }

    [Function("ComputeSegments")]
    public Task Compute([QueueTrigger(QueueNames.SegmentJobs)] QueueMessage message, CancellationToken cancellationToken)
        => handler.HandleAsync(QueueEnvelope.Parse(message.MessageText), cancellationToken);

    [Function("RecomputeCustomerSegments")]
    public Task Recompute([QueueTrigger(QueueNames.CustomerChanges)] QueueMessage message, CancellationToken cancellationToken)
        => handler.HandleAsync(QueueEnvelope.Parse(message.MessageText), cancellationToken);
}
