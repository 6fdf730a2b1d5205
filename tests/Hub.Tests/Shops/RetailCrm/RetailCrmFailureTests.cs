using Hub.Shops.Sync;

namespace Hub.Tests.Shops.RetailCrm;

/// <summary>Throttling, credentials and what the engine is told when RetailCRM refuses.</summary>
public sealed class RetailCrmFailureTests(AzuriteFixture azurite)
{
    const string Cursor = """{"sinceId":1000}""";

    [Theory]
    [InlineData(503, 7, 7)]
    [InlineData(503, null, 1)]
    [InlineData(429, 3, 3)]
    public async Task Throttling_becomes_a_throttled_exception_with_the_retry_after_or_one_second(int status, int? retryAfter, int expectedSeconds)
    {
        using var host = new RetailCrmHost(azurite);
        host.Fake.FailNext(status, "Service temporarily unavailable", retryAfter is { } s ? TimeSpan.FromSeconds(s) : null);

        var e = await Assert.ThrowsAsync<PlatformThrottledException>(() => host.PullAsync(SyncResource.Customers, Cursor));

        Assert.Equal(TimeSpan.FromSeconds(expectedSeconds), e.RetryAfter);
        Assert.Equal("retailcrm", e.Platform);
        // Not retried inside the client: the engine reschedules the page.
        Assert.Single(host.Fake.Requests);
    }

    [Fact]
    public async Task Every_call_carries_the_shops_api_key_in_the_X_API_KEY_header_and_never_in_the_url()
    {
        using var host = new RetailCrmHost(azurite);
        host.Fake.AddCustomer(1);
        host.Fake.AddHistory("customers", 1, RetailCrmHost.Now);

        await host.PullToEndAsync(SyncResource.Customers, null);

        Assert.True(host.Fake.Requests.Count >= 3);
        Assert.All(host.Fake.Requests, r => Assert.Equal(RetailCrmHost.Key, r.ApiKey));
        Assert.All(host.Fake.Requests, r => Assert.False(r.Has("apiKey")));
    }

    [Fact]
    public async Task A_wrong_key_is_refused_naming_the_setting_to_fix()
    {
        using var host = new RetailCrmHost(azurite, key: "not-the-key");

        var e = await Assert.ThrowsAsync<PlatformApiException>(() => host.PullAsync(SyncResource.Customers, null));

        Assert.Equal(403, e.Status);
        Assert.False(e.Transient);
        Assert.Contains($"Shops__{host.ShopId}__ApiToken", e.Message);
        Assert.Contains("Wrong", e.Message);
        Assert.DoesNotContain("not-the-key", e.Message);
    }

    [Fact]
    public async Task A_401_is_refused_naming_the_setting_to_fix()
    {
        using var host = new RetailCrmHost(azurite);
        host.Fake.FailNext(401, "Unauthorized");

        var e = await Assert.ThrowsAsync<PlatformApiException>(() => host.PullAsync(SyncResource.Orders, Cursor));

        Assert.Equal((401, false), (e.Status, e.Transient));
        Assert.Contains($"Shops__{host.ShopId}__ApiToken", e.Message);
    }

    [Fact]
    public async Task A_shop_without_an_api_key_is_a_clear_error_before_any_call()
    {
        using var host = new RetailCrmHost(azurite, key: null);

        var e = await Assert.ThrowsAsync<PlatformApiException>(() => host.PullAsync(SyncResource.Customers, null));

        Assert.Contains($"Shops__{host.ShopId}__ApiToken", e.Message);
        Assert.Empty(host.Fake.Requests);
    }

    [Fact]
    public async Task A_refusal_in_a_200_reply_names_retailcrms_message()
    {
        using var host = new RetailCrmHost(azurite);
        host.Fake.FailNext(200, "Account does not exist.");

        var e = await Assert.ThrowsAsync<PlatformApiException>(() => host.PullAsync(SyncResource.Customers, Cursor));

        Assert.Contains("success=false: Account does not exist.", e.Message);
        Assert.Contains("/api/v5/customers/history", e.Message);
    }

    [Fact]
    public async Task A_cursor_that_is_not_ours_is_a_clear_error()
    {
        using var host = new RetailCrmHost(azurite);

        var e = await Assert.ThrowsAsync<PlatformApiException>(() => host.PullAsync(SyncResource.Customers, "eyJwYWdlX2luZm8iOiJhYmMifQ"));

        Assert.Contains("is not a RetailCRM cursor", e.Message);
        Assert.Empty(host.Fake.Requests);
    }

    [Fact]
    public async Task Carts_are_not_pulled_since_RetailCRM_has_no_cart_list()
    {
        using var host = new RetailCrmHost(azurite);

        Assert.Equal([SyncResource.Customers, SyncResource.Orders], host.Source.Resources.Keys.Order());
        Assert.All(host.Source.Resources.Values, interval => Assert.Equal(TimeSpan.FromMinutes(15), interval));
        var e = await Assert.ThrowsAsync<PlatformApiException>(() => host.PullAsync(SyncResource.Carts, null));
        Assert.Contains("no list or history of carts", e.Message);
    }
}
