using Hub.Shops.Sync;
using static Hub.Tests.Shops.Shopify.ShopifyFakeNodes;

namespace Hub.Tests.Shops.Shopify;

/// <summary>
/// Shopify's throttling signals reach the engine as waits it schedules, never as sleeps inside the client: HTTP 429/503
/// with Retry-After, the GraphQL <c>THROTTLED</c> reply (wait computed from the cost numbers), and a bucket running low
/// after a good page (<see cref="PullPage.Pause"/>).
/// </summary>
public sealed class ShopifyThrottlingTests(AzuriteFixture azurite) : IDisposable
{
    readonly ShopifyPullHost host = new(azurite);

    public void Dispose() => host.Dispose();

    [Theory]
    [InlineData(429)]
    [InlineData(503)]
    public async Task An_http_throttle_with_retry_after_is_handed_back_with_that_wait_and_not_retried(int status)
    {
        host.Fake.FailNext(status, retryAfterSeconds: 7);

        var error = await Assert.ThrowsAsync<PlatformThrottledException>(() => host.PullAsync(SyncResource.Customers));

        Assert.Equal(TimeSpan.FromSeconds(7), error.RetryAfter);
        Assert.Equal("shopify", error.Platform);
        Assert.Contains(status.ToString(System.Globalization.CultureInfo.InvariantCulture), error.Message);
        Assert.Single(host.Fake.Requests);
    }

    [Fact]
    public async Task A_throttled_reply_waits_until_the_bucket_holds_the_requested_cost_again()
    {
        host.Fake.ThrottleNext(requested: 843, available: 143, restoreRate: 100);

        var error = await Assert.ThrowsAsync<PlatformThrottledException>(() => host.PullAsync(SyncResource.Carts));

        // (843 − 143) / 100 points per second.
        Assert.Equal(TimeSpan.FromSeconds(7), error.RetryAfter);
        Assert.Contains("THROTTLED", error.Message);
        Assert.Contains("restoring 100/s", error.Message);
        Assert.Single(host.Fake.Requests);
    }

    [Fact]
    public async Task A_throttled_reply_that_is_nearly_clear_still_waits_a_second()
    {
        host.Fake.ThrottleNext(requested: 803, available: 800, restoreRate: 1000);

        var error = await Assert.ThrowsAsync<PlatformThrottledException>(() => host.PullAsync(SyncResource.Customers));

        Assert.Equal(TimeSpan.FromSeconds(1), error.RetryAfter);
    }

    [Fact]
    public async Task A_page_that_leaves_the_bucket_below_the_next_pages_cost_asks_for_a_pause()
    {
        host.Fake.Orders.Add(Order(5745118543949, Base));
        host.Fake.RequestedCost = 813;
        host.Fake.CurrentlyAvailable = 213;
        host.Fake.RestoreRate = 50;

        var page = await host.PullAsync(SyncResource.Orders);

        Assert.Single(page.Changes);
        // (813 − 213) / 50 points per second.
        Assert.Equal(TimeSpan.FromSeconds(12), page.Pause);
    }

    [Fact]
    public async Task A_page_with_budget_to_spare_asks_for_no_pause()
    {
        host.Fake.Orders.Add(Order(5745118543949, Base));
        host.Fake.RequestedCost = 813;
        host.Fake.CurrentlyAvailable = 1187;

        var page = await host.PullAsync(SyncResource.Orders);

        Assert.Null(page.Pause);
    }
}
