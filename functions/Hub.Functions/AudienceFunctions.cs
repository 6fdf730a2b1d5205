using Azure.Storage.Queues.Models;
using Hub.Audiences;
using Hub.Storage;
using Microsoft.Azure.Functions.Worker;

namespace Hub.Functions;

/// <summary>
/// Audiences: a timer enqueues the syncs that are due (<c>Audiences__Schedule</c>, default every 15 minutes), the
/// queue trigger builds and uploads, and a second timer asks the ad systems about pending uploads
/// (<c>Audiences__PollSchedule</c>, default every 5 minutes; each audience backs off on its own).
/// </summary>
public sealed class AudienceFunctions(AudienceScheduler scheduler)
{
    [Function("AudiencesSchedule")]
    public Task Schedule([TimerTrigger("%Audiences:Schedule%")] TimerInfo timer, CancellationToken cancellationToken)
        => scheduler.EnqueueDueSyncsAsync(cancellationToken: cancellationToken);

    [Function("SyncAudience")]
    public Task Sync([QueueTrigger(QueueNames.AudienceJobs)] QueueMessage message, CancellationToken cancellationToken)
        => scheduler.HandleAsync(QueueEnvelope.Parse(message.MessageText), cancellationToken);

    [Function("AudienceStatusPoll")]
    public Task Poll([TimerTrigger("%Audiences:PollSchedule%")] TimerInfo timer, CancellationToken cancellationToken)
        => scheduler.PollDueAsync(cancellationToken: cancellationToken);
}
