using Hub.Storage;
using Microsoft.Extensions.Logging;

namespace Hub.Audiences;

/// <summary>An audience-jobs message: sync this audience now (it was due when the timer looked).</summary>
public sealed record AudienceJob(string ShopId, string AudienceId)
{
    public const string Type = "audience-sync";
}

/// <summary>
/// What the audience timers and the audience-jobs trigger do: enqueue the syncs that are due, run one from the queue
/// (skipping it when it is no longer due or another worker holds the audience), and ask about pending uploads.
/// </summary>
public sealed class AudienceScheduler(AudiencePublisher publisher, AudienceStore store, QueueProducer queue, StorageClients storage, TimeProvider time, ILogger<AudienceScheduler> log)
{
    public async Task<int> EnqueueDueSyncsAsync(string? shopId = null, CancellationToken cancellationToken = default)
    {
        var count = 0;
        foreach (var (audience, sync, _) in await publisher.DueAsync(shopId, cancellationToken))
        {
            if (sync)
            {
                await queue.SendAsync(QueueNames.AudienceJobs, AudienceJob.Type, 1, new AudienceJob(audience.ShopId, audience.Id), cancellationToken: cancellationToken);
                count++;
            }
        }
        return count;
    }

    public async Task<AudienceSync?> HandleAsync(QueueEnvelope envelope, CancellationToken cancellationToken = default)
    {
        if (envelope.Type != AudienceJob.Type)
        {
            throw new InvalidDataException($"audience-jobs got a message of type '{envelope.Type}'; expected {AudienceJob.Type}");
        }
        var job = await envelope.ReadBodyAsync<AudienceJob>(storage, cancellationToken);
        var found = await store.GetAsync(job.ShopId, job.AudienceId, cancellationToken);
        if (found is not { Audience: var audience } || audience.Paused || audience.NextSyncAt > time.GetUtcNow())
        {
            // Deleted, paused, or already synced by an earlier copy of this job.
            return null;
        }
        var result = await publisher.SyncAsync(job.ShopId, job.AudienceId, cancellationToken: cancellationToken);
        if (result is null)
        {
            log.LogInformation("Audience {Shop}/{Audience} is being synced elsewhere; this job ends", job.ShopId, job.AudienceId);
        }
        return result;
    }

    /// <summary>Polls every audience whose upload is pending and due for a question; returns how many were asked.</summary>
    public async Task<int> PollDueAsync(string? shopId = null, CancellationToken cancellationToken = default)
    {
        var count = 0;
        foreach (var (audience, _, poll) in await publisher.DueAsync(shopId, cancellationToken))
        {
            try
            {
                if (poll && await publisher.PollAsync(audience.ShopId, audience.Id, cancellationToken) is not null)
                {
                    count++;
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // One audience's trouble must not keep the others waiting; it is asked again at the next tick.
                log.LogError(e, "Polling audience {Shop}/{Audience} failed", audience.ShopId, audience.Id);
            }
        }
        return count;
    }
}
