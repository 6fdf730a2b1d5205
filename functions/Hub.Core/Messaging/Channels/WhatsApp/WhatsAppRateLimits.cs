using System.Threading.RateLimiting;

namespace Hub.Messaging.Channels.WhatsApp;

/// <summary>Meta's throughput for this process (<see cref="SendRates"/>): <see cref="WhatsAppCloud.MessagesPerSecond"/> per business number.</summary>
internal sealed class WhatsAppRateLimits : IDisposable
{
    readonly PartitionedRateLimiter<string> perNumber = PartitionedRateLimiter.Create<string, string>(phoneNumberId =>
        RateLimitPartition.GetTokenBucketLimiter(phoneNumberId, _ => SendRates.PerSecond(WhatsAppCloud.MessagesPerSecond)));

    public ValueTask<RateLimitLease> WaitTurnAsync(string phoneNumberId, CancellationToken cancellationToken) =>
        perNumber.AcquireAsync(phoneNumberId, 1, cancellationToken);

    public void Dispose() => perNumber.Dispose();
}
