using Hub.Audiences;
using Hub.Audiences.VkAds;
using Microsoft.Extensions.Time.Testing;

namespace Hub.Tests.Audiences.VkAds;

/// <summary>What VK's refusals turn into: throttling as a quota error with its wait, VK's own message, or the start of a body it could not read.</summary>
public sealed class VkAdsErrorTests : IDisposable
{
    const string Shop = "shop-vk";
    const string ReadList = "GET /api/v3/remarketing/users_lists/";
    readonly VkAdsFake vk = new();
    readonly IAdSystemClient client;

    public VkAdsErrorTests() => client = vk.CreateClient(new FakeTimeProvider(new DateTimeOffset(2026, 11, 25, 9, 0, 0, TimeSpan.Zero)), Shop);

    public void Dispose() => vk.Dispose();

    static MemoryStream File() => new("a3f1c2d4e5b6a7980112233445566778\n"u8.ToArray());

    [Fact]
    public async Task A_throttled_upload_is_a_quota_error_with_the_wait_VK_asked_for_and_is_not_sent_twice()
    {
        vk.FailNext(429, """{"error":{"code":"too_many_requests","message":"Rate limit exceeded"}}""", TimeSpan.FromSeconds(30), call: $"POST {VkAdsFacts.UsersListsPath}");

        var error = await Assert.ThrowsAsync<AdSystemException>(() => client.CreateAsync(Shop, "Buyers", File()));

        Assert.True(error.IsQuota);
        Assert.Equal(TimeSpan.FromSeconds(30), error.RetryAfter);
        Assert.Equal("Rate limit exceeded", error.SystemMessage);
        Assert.Equal("vk", error.System);
        Assert.Single(vk.Calls, call => call == $"POST {VkAdsFacts.UsersListsPath}");
        Assert.Empty(vk.Lists);
    }

    [Fact]
    public async Task A_throttled_status_read_is_retried_and_answers()
    {
        var created = await client.CreateAsync(Shop, "Buyers", File());
        vk.FailNext(429, retryAfter: TimeSpan.FromSeconds(1), times: 2, call: ReadList);

        var audience = await client.GetAsync(Shop, created.RemoteId);

        Assert.Equal(created.RemoteId, audience?.RemoteId);
        Assert.Equal(3, vk.Calls.Count(call => call.StartsWith(ReadList, StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_status_read_throttled_beyond_the_retries_is_a_quota_error()
    {
        var created = await client.CreateAsync(Shop, "Buyers", File());
        vk.FailNext(429, retryAfter: TimeSpan.FromSeconds(90), times: 100, call: ReadList);

        var error = await Assert.ThrowsAsync<AdSystemException>(() => client.GetAsync(Shop, created.RemoteId));

        Assert.True(error.IsQuota);
        Assert.Equal(TimeSpan.FromSeconds(90), error.RetryAfter);
    }

    [Fact]
    public async Task A_body_that_is_not_VKs_error_JSON_is_reported_by_its_first_300_characters()
    {
        var page = "<html><body>Bad Gateway</body></html>" + new string('x', 1000);
        vk.FailNext(502, page, call: $"POST {VkAdsFacts.SegmentsPath}");

        var error = await Assert.ThrowsAsync<AdSystemException>(() => client.CreateAsync(Shop, "Buyers", File()));

        Assert.Equal(502, error.HttpStatus);
        Assert.True(error.IsTransient);
        Assert.Equal(page[..300] + "…", error.SystemMessage);
    }
}
