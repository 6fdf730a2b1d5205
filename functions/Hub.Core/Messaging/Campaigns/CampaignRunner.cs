using Hub.Segments;
using Hub.Shops;
using Hub.Storage;
using Microsoft.Extensions.Logging;

namespace Hub.Messaging.Campaigns;

/// <summary>What starting a run did.</summary>
public sealed record CampaignRunStart(CampaignRun Run, bool Started, long Queued, string Message);

/// <summary>
/// Starts campaign runs: creates the run (once — a repeated start finds it) and queues its first step for the audience
/// in batches of one bucket's customers. The audience of a scheduled run is the segment's members minus the exclusion
/// segment's, as of the last segment computation; a trigger names its customers (those who entered a segment, whose
/// birthday comes, whose cart was abandoned), filtered the same way.
/// </summary>
public sealed class CampaignRunner(CampaignStore campaigns, SegmentMemberStore members, QueueProducer queue, TimeProvider time, ILogger<CampaignRunner> log)
{
    public async Task<CampaignRunStart> StartAsync(Shop shop, Campaign campaign, string runKey, IReadOnlyCollection<string>? customers = null, string? cartId = null, CancellationToken cancellationToken = default)
    {
        if (campaign.Steps.Count == 0)
        {
            throw new ArgumentException($"campaign '{campaign.Id}' has no steps");
        }
        var settings = await campaigns.GetSettingsAsync(shop.Id, cancellationToken);
        var now = time.GetUtcNow();
        var (run, created) = await campaigns.AddRunAsync(new CampaignRun
        {
            ShopId = shop.Id,
            CampaignId = campaign.Id,
            RunKey = runKey,
            StartedAt = now,
            Deadline = now + (campaign.Deadline ?? settings.Deadline),
        }, cancellationToken);
        if (customers is null && !created && run.FannedOut)
        {
            return new CampaignRunStart(run, false, 0, $"run '{runKey}' of '{campaign.Id}' started at {run.StartedAt:yyyy-MM-dd HH:mm} UTC already");
        }

        long queued = 0;
        if (customers is null)
        {
            for (var bucket = 0; bucket < Buckets.Count; bucket++)
            {
                var audience = await AudienceOfBucketAsync(shop.Id, campaign, bucket, cancellationToken);
                queued += await QueueAsync(shop.Id, campaign, runKey, audience, cartId, cancellationToken);
            }
        }
        else
        {
            foreach (var bucket in customers.Distinct(StringComparer.Ordinal).GroupBy(Buckets.Of))
            {
                var audience = await FilterAsync(shop.Id, campaign, bucket.Key, bucket.ToArray(), cancellationToken);
                queued += await QueueAsync(shop.Id, campaign, runKey, audience, cartId, cancellationToken);
            }
        }
        run = run with { FannedOut = true, Audience = run.Audience + queued };
        await campaigns.SaveRunAsync(run, cancellationToken);
        log.LogInformation("Campaign {Shop}/{Campaign} run {Run}: {Queued} customers queued for step 1", shop.Id, campaign.Id, runKey, queued);
        return new CampaignRunStart(run, true, queued, $"run '{runKey}' started: {queued:N0} customers queued for step 1");
    }

    /// <summary>The segment's members in one bucket minus the exclusion segment's, in id order.</summary>
    public async Task<List<string>> AudienceOfBucketAsync(string shopId, Campaign campaign, int bucket, CancellationToken cancellationToken = default) =>
        (await AudienceMembersOfBucketAsync(shopId, campaign, bucket, cancellationToken)).Select(m => m.CustomerId).ToList();

    /// <summary>The segment's member rows in one bucket minus the exclusion segment's, in customer id order.</summary>
    public async Task<List<SegmentMember>> AudienceMembersOfBucketAsync(string shopId, Campaign campaign, int bucket, CancellationToken cancellationToken = default)
    {
        var segment = campaign.SegmentId ?? throw new ArgumentException($"campaign '{campaign.Id}' has no segment");
        var inSegment = await members.MembersOfBucketAsync(shopId, segment, bucket, cancellationToken);
        var excluded = campaign.ExcludeSegmentId is { } exclude
            ? (await members.MembersOfBucketAsync(shopId, exclude, bucket, cancellationToken)).Select(m => m.CustomerId).ToHashSet(StringComparer.Ordinal)
            : [];
        return inSegment.Where(m => !excluded.Contains(m.CustomerId)).OrderBy(m => m.CustomerId, StringComparer.Ordinal).ToList();
    }

    /// <summary>A trigger's customers of one bucket kept if in the campaign's segment (when it has one) and not in its exclusion segment.</summary>
    async Task<List<string>> FilterAsync(string shopId, Campaign campaign, int bucket, IReadOnlyList<string> customers, CancellationToken cancellationToken)
    {
        HashSet<string>? allowed = null;
        if (campaign.SegmentId is { } segment && segment != CascadeStepProcessor.DetailSegment(campaign))
        {
            allowed = (await members.MembersOfBucketAsync(shopId, segment, bucket, cancellationToken)).Select(m => m.CustomerId).ToHashSet(StringComparer.Ordinal);
        }
        var excluded = campaign.ExcludeSegmentId is { } exclude
            ? (await members.MembersOfBucketAsync(shopId, exclude, bucket, cancellationToken)).Select(m => m.CustomerId).ToHashSet(StringComparer.Ordinal)
            : [];
        return customers.Where(id => (allowed is null || allowed.Contains(id)) && !excluded.Contains(id)).ToList();
    }

    async Task<long> QueueAsync(string shopId, Campaign campaign, string runKey, IReadOnlyList<string> audience, string? cartId, CancellationToken cancellationToken)
    {
        foreach (var chunk in audience.Chunk(DispatchJob.MaxCustomers))
        {
            await queue.SendAsync(QueueNames.CampaignSteps, CampaignStepJob.Type, 1,
                new CampaignStepJob(shopId, campaign.Id, runKey, 0, chunk) { CartId = cartId }, cancellationToken: cancellationToken);
        }
        return audience.Count;
    }
}
