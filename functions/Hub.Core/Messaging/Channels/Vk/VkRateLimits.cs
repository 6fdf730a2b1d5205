using System.Threading.RateLimiting;

namespace Hub.Messaging.Channels.Vk;

/// <summary>The community token's rate for this process (<see cref="SendRates"/>): <see cref="VkMessaging.MessagesPerSecond"/> per shop's community.</summary>
internal sealed class VkRateLimits : IDisposable
{
    readonly PartitionedRateLimiter<string> perCommunity = PartitionedRateLimiter.Create<string, string>(shopId =>
        RateLimitPartition.GetTokenBucketLimiter(shopId, _ => SendRates.PerSecond(VkMessaging.MessagesPerSecond)));

    public ValueTask<RateLimitLease> WaitTurnAsync(string shopId, CancellationToken cancellationToken) =>
        perCommunity.AcquireAsync(shopId, 1, cancellationToken);

    public void Dispose() => perCommunity.Dispose();
}
