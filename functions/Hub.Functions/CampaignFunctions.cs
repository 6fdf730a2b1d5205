using Azure.Storage.Queues.Models;
using Hub.Messaging.Campaigns;
using Hub.Segments;
using Hub.Storage;
using Microsoft.Azure.Functions.Worker;

namespace Hub.Functions;

/// <summary>
/// Campaigns: a timer (<c>Campaigns__Schedule</c>, default every 5 minutes) starts due runs and releases cascade steps
/// and deferred messages whose time has come; <c>campaign-steps</c> runs one step for one batch; customers entering a
/// segment (<c>segment-changes</c>) start the segment-entered campaigns on it.
/// </summary>
public sealed class CampaignFunctions(CampaignScheduler scheduler, CascadeStepProcessor steps, CampaignTriggers triggers, StorageClients storage)
{
    [Function("CampaignsSchedule")]
    public Task Schedule([TimerTrigger("%Campaigns:Schedule%")] TimerInfo timer, CancellationToken cancellationToken)
        => scheduler.TickAsync(cancellationToken: cancellationToken);

    [Function("CampaignStep")]
    public async Task Step([QueueTrigger(QueueNames.CampaignSteps)] QueueMessage message, CancellationToken cancellationToken)
    {
        var envelope = Expect(message, QueueNames.CampaignSteps, CampaignStepJob.Type);
        await steps.HandleAsync(await envelope.ReadBodyAsync<CampaignStepJob>(storage, cancellationToken), cancellationToken);
    }

    [Function("CampaignSegmentChanges")]
    public async Task SegmentChanges([QueueTrigger(QueueNames.SegmentChanges)] QueueMessage message, CancellationToken cancellationToken)
    {
        var envelope = Expect(message, QueueNames.SegmentChanges, Segments.SegmentChanges.Type);
        await triggers.OnSegmentChangesAsync(await envelope.ReadBodyAsync<SegmentChanges>(storage, cancellationToken), cancellationToken);
    }

    static QueueEnvelope Expect(QueueMessage message, string queue, string type)
    {
        var envelope = QueueEnvelope.Parse(message.MessageText);
        return envelope.Type == type
            ? envelope
            : throw new InvalidDataException($"Queue {queue} got a message of type '{envelope.Type}', expected '{type}'.");
    }
}
