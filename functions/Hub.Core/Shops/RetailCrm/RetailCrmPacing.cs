using System.Threading.RateLimiting;

namespace Hub.Shops.RetailCrm;

/// <summary>
/// Keeps our calls to each RetailCRM account (by host and port) at <see cref="RetailCrmFacts.RequestsPerSecond"/>: one
/// request per tenth of a second, as the official client paces itself, with the rest queued in order. The pace is per
/// process; the sync engine reads one page per shop at a time, so it is webhook hints arriving together that this holds
/// back. A wait here is never longer than the queue ahead of the call.
/// </summary>
internal sealed class RetailCrmPacing : DelegatingHandler
{
    static readonly PartitionedRateLimiter<string> Limiter = PartitionedRateLimiter.Create<string, string>(account =>
        RateLimitPartition.GetTokenBucketLimiter(account, _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = 1,
            TokensPerPeriod = 1,
            ReplenishmentPeriod = TimeSpan.FromSeconds(1.0 / RetailCrmFacts.RequestsPerSecond),
            QueueLimit = int.MaxValue,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            AutoReplenishment = true,
        }));

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using var lease = await Limiter.AcquireAsync(request.RequestUri?.Authority ?? "", 1, cancellationToken);
        return await base.SendAsync(request, cancellationToken);
    }
}
