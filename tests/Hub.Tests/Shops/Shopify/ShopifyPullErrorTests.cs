using Hub.Shops.Sync;
using static Hub.Tests.Shops.Shopify.ShopifyFakeNodes;

namespace Hub.Tests.Shops.Shopify;

/// <summary>Credentials as Shopify wants them, and refusals that tell the admin what to fix.</summary>
public sealed class ShopifyPullErrorTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task The_query_goes_to_the_versioned_graphql_endpoint_with_the_shops_access_token()
    {
        using var host = new ShopifyPullHost(azurite);
        host.Fake.Customers.Add(Customer(706405506930370084, Base));

        var page = await host.PullAsync(SyncResource.Customers);

        Assert.Single(page.Changes);
        var request = Assert.Single(host.Fake.Requests);
        Assert.Equal(ShopifyAdminFake.Token, request.Token);
        Assert.StartsWith("application/json", request.ContentType);
        Assert.StartsWith("query HubCustomers(", request.Query);
        Assert.Equal(200, request.Status);
    }

    [Fact]
    public async Task A_refused_token_names_the_setting_to_fix()
    {
        using var host = new ShopifyPullHost(azurite, token: "shpat_revoked");

        var error = await Assert.ThrowsAsync<PlatformApiException>(() => host.PullAsync(SyncResource.Orders));

        Assert.Equal(401, error.Status);
        Assert.False(error.Transient);
        Assert.Contains($"Shops__{host.ShopId}__ApiToken", error.Message);
        Assert.Contains("Invalid API key or access token", error.Message);
        Assert.Equal("shpat_revoked", Assert.Single(host.Fake.Requests).Token);
    }

    [Fact]
    public async Task A_missing_token_names_the_setting_before_anything_is_sent()
    {
        using var host = new ShopifyPullHost(azurite, token: null);

        var error = await Assert.ThrowsAsync<PlatformApiException>(() => host.PullAsync(SyncResource.Customers));

        Assert.Contains($"Shops__{host.ShopId}__ApiToken", error.Message);
        Assert.Empty(host.Fake.Requests);
    }

    [Fact]
    public async Task A_shop_without_api_url_is_told_what_to_set()
    {
        using var host = new ShopifyPullHost(azurite, apiUrl: null);

        var error = await Assert.ThrowsAsync<PlatformApiException>(() => host.PullAsync(SyncResource.Customers));

        Assert.Contains("myshopify.com", error.Message);
        Assert.Contains("--api-url", error.Message);
    }

    [Fact]
    public async Task A_missing_scope_names_the_scope_and_the_field()
    {
        using var host = new ShopifyPullHost(azurite);
        host.Fake.ErrorNext("ACCESS_DENIED", "Access denied for customers field. Required access: `read_customers` access scope.",
            ["customers"], requiredAccess: "`read_customers` access scope.");

        var error = await Assert.ThrowsAsync<PlatformApiException>(() => host.PullAsync(SyncResource.Customers));

        Assert.Contains("ACCESS_DENIED at 'customers'", error.Message);
        Assert.Contains("read_customers", error.Message);
        Assert.False(error.Transient);
    }

    [Fact]
    public async Task A_server_failure_is_transient()
    {
        using var host = new ShopifyPullHost(azurite);
        host.Fake.FailNext(500, """{"errors":"Internal Server Error"}""");

        var error = await Assert.ThrowsAsync<PlatformApiException>(() => host.PullAsync(SyncResource.Orders));

        Assert.Equal(500, error.Status);
        Assert.True(error.Transient);
    }
}
