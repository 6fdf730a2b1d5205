using System.IO.Pipelines;
using Hub.Audiences.VkAds;
using Microsoft.Extensions.Time.Testing;

namespace Hub.Tests.Audiences.VkAds;

/// <summary>How the client gets and keeps a shop's VK Ads access token.</summary>
public sealed class VkAdsTokenTests : IDisposable
{
    const string Shop = "shop-vk";
    readonly VkAdsFake vk = new();
    readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 11, 25, 9, 0, 0, TimeSpan.Zero));

    public void Dispose() => vk.Dispose();

    static MemoryStream File() => new("a3f1c2d4e5b6a7980112233445566778\n"u8.ToArray());

    [Fact]
    public async Task The_token_is_requested_with_the_shops_client_credentials_as_a_form()
    {
        var client = vk.CreateClient(time, Shop);

        await client.CreateAsync(Shop, "Buyers", File());

        var form = Assert.Single(vk.TokenRequests);
        Assert.Equal(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = VkAdsFake.ClientId,
            ["client_secret"] = VkAdsFake.ClientSecret,
        }, form);
    }

    [Fact]
    public async Task A_token_is_reused_until_shortly_before_it_expires_and_then_renewed()
    {
        vk.TokenLifetime = TimeSpan.FromHours(24);
        var client = vk.CreateClient(time, Shop);
        var created = await client.CreateAsync(Shop, "Buyers", File());
        await client.GetAsync(Shop, created.RemoteId);

        time.Advance(TimeSpan.FromHours(23) + TimeSpan.FromMinutes(50));
        await client.GetAsync(Shop, created.RemoteId);
        Assert.Equal(1, vk.TokensIssued);

        time.Advance(TimeSpan.FromMinutes(6));
        Assert.NotNull(await client.GetAsync(Shop, created.RemoteId));
        Assert.Equal(2, vk.TokensIssued);
    }

    [Fact]
    public async Task A_token_VK_refuses_is_renewed_once_and_the_call_goes_through()
    {
        var client = vk.CreateClient(time, Shop);
        var created = await client.CreateAsync(Shop, "Buyers", File());
        vk.ExpireTokens();

        var read = await client.GetAsync(Shop, created.RemoteId);
        await client.GetAsync(Shop, created.RemoteId);

        Assert.Equal(created.RemoteId, read?.RemoteId);
        Assert.Equal(2, vk.TokensIssued);
    }

    [Fact]
    public async Task A_call_refused_again_with_a_fresh_token_is_reported_not_retried_on()
    {
        var client = vk.CreateClient(time, Shop);
        var created = await client.CreateAsync(Shop, "Buyers", File());
        vk.FailNext(401, """{"error":{"code":"forbidden","message":"No access to this account"}}""", times: 5, call: $"GET /api/v3/remarketing/users_lists/");

        var error = await Assert.ThrowsAsync<Hub.Audiences.AdSystemException>(() => client.GetAsync(Shop, created.RemoteId));

        Assert.Equal((401, "No access to this account"), (error.HttpStatus, error.SystemMessage));
        Assert.Equal(2, vk.Calls.Count(call => call.StartsWith("GET /api/v3/remarketing/users_lists/", StringComparison.Ordinal)));
        Assert.Equal(2, vk.TokensIssued);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task An_upload_refused_for_its_token_is_sent_again_whole(bool seekable)
    {
        var bytes = System.Text.Encoding.ASCII.GetBytes(string.Concat(Enumerable.Range(0, 5000).Select(i => $"{i:x32}\n")));
        var client = vk.CreateClient(time, Shop);
        await client.GetAsync(Shop, "1:2");
        vk.ExpireTokens();

        var file = seekable ? new MemoryStream(bytes) : PipeReader.Create(new MemoryStream(bytes)).AsStream();
        await client.CreateAsync(Shop, "Buyers", file);

        Assert.Equal(2, vk.Calls.Count(call => call == $"POST {VkAdsFacts.UsersListsPath}"));
        Assert.Equal(bytes, Assert.Single(vk.Lists.Values).File);
    }

    [Fact]
    public async Task Without_credentials_the_client_names_the_missing_settings_and_calls_nothing()
    {
        var client = vk.CreateClient(time, Shop, clientId: null, clientSecret: null);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => client.CreateAsync(Shop, "Buyers", File()));

        Assert.Contains($"Shops:{Shop}:VkAdsClientId", error.Message);
        Assert.Contains($"Shops:{Shop}:VkAdsClientSecret", error.Message);
        Assert.Empty(vk.Calls);
    }

    [Fact]
    public async Task A_missing_secret_alone_is_named()
    {
        var client = vk.CreateClient(time, Shop, clientSecret: "");

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => client.GetAsync(Shop, "1:2"));

        Assert.Contains($"Shops:{Shop}:VkAdsClientSecret", error.Message);
        Assert.DoesNotContain("VkAdsClientId", error.Message);
        Assert.Empty(vk.Calls);
    }

    [Fact]
    public async Task Wrong_credentials_fail_once_with_VKs_own_words()
    {
        var client = vk.CreateClient(time, Shop, clientSecret: "not-the-secret");

        var error = await Assert.ThrowsAsync<Hub.Audiences.AdSystemException>(() => client.CreateAsync(Shop, "Buyers", File()));

        Assert.Equal(401, error.HttpStatus);
        Assert.Equal("invalid_client", error.ErrorType);
        Assert.Equal("Invalid client id or secret", error.SystemMessage);
        Assert.Equal([VkAdsFake.TokenCall], vk.Calls);
    }
}
