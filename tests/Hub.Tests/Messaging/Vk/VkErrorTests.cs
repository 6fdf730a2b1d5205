using Hub.Messaging.Channels;
using Hub.Messaging.Channels.Vk;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace Hub.Tests.Messaging.Vk;

public sealed class VkErrorTests
{
    /// <summary>VK's error codes (vk-api-schema errors.json) and what the hub does next, with the wait for a retry in seconds.</summary>
    public static TheoryData<int, string, SendResult, double?> Codes => new()
    {
        { 6, "Too many requests per second", SendResult.Retry, 1 },
        { 9, "Flood control: too much messages sent to user", SendResult.Retry, 3600 },
        { 10, "Internal server error", SendResult.Retry, 30 },
        { 29, "Rate limit reached", SendResult.Retry, 3600 },
        { 900, "Can't send messages for users from blacklist", SendResult.OptOut, null },
        { 901, "Can't send messages for users without permission", SendResult.OptOut, null },
        { 902, "Can't send messages to this user due to their privacy settings", SendResult.OptOut, null },
        { 914, "Message is too long", SendResult.Failed, null },
        { 945, "Chat was disabled", SendResult.Failed, null },
        { 15, "Access denied", SendResult.Failed, null },
    };

    [Theory]
    [MemberData(nameof(Codes))]
    public async Task Each_error_code_maps_to_what_the_hub_does_next(int code, string message, SendResult expected, double? waitSeconds)
    {
        using var fake = new VkApiFake();
        using var host = VkHost.Start(fake.Settings(VkHost.Shop, VkHost.Token, VkHost.GroupId));
        fake.FailNext(code, message);

        var outcome = Assert.Single(await host.Sender().SendAsync(VkHost.Shop, [VkHost.Message()]));

        Assert.Equal(expected, outcome.Result);
        Assert.Equal(waitSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : null, outcome.RetryAfter);
        Assert.Equal($"vk {code}: {message}", outcome.Error);
        Assert.Null(outcome.ProviderMessageId);
    }

    [Fact]
    public async Task A_user_who_never_allowed_messages_is_an_opt_out_and_others_still_get_theirs()
    {
        using var fake = new VkApiFake();
        using var host = VkHost.Start(fake.Settings(VkHost.Shop, VkHost.Token, VkHost.GroupId));
        fake.Deny("111");

        var outcomes = await host.Sender().SendAsync(VkHost.Shop, [VkHost.Message("m1", "111"), VkHost.Message("m2", "222")]);

        Assert.Equal([SendResult.OptOut, SendResult.Sent], outcomes.Select(o => o.Result));
        Assert.Contains("901", outcomes[0].Error);
    }

    [Fact]
    public async Task A_token_vk_does_not_accept_fails()
    {
        using var fake = new VkApiFake();
        var settings = fake.Settings(VkHost.Shop, VkHost.Token, VkHost.GroupId);
        settings[VkMessagingSettings.CommunityTokenKey(VkHost.Shop)] = "revoked";
        using var host = VkHost.Start(settings);

        var outcome = Assert.Single(await host.Sender().SendAsync(VkHost.Shop, [VkHost.Message()]));

        Assert.Equal(SendResult.Failed, outcome.Result);
        Assert.StartsWith("vk 5:", outcome.Error);
    }

    [Theory]
    [InlineData(502, "<html>Bad Gateway</html>", SendResult.Retry)]
    [InlineData(200, "<html>captive portal</html>", SendResult.Retry)]
    [InlineData(403, "Forbidden", SendResult.Failed)]
    public async Task An_answer_that_is_not_vks_is_judged_by_its_status(int status, string body, SendResult expected)
    {
        using var server = WireMockServer.Start();
        server.Given(Request.Create().UsingPost()).RespondWith(Response.Create().WithStatusCode(status).WithBody(body));
        using var host = VkHost.Start(new Dictionary<string, string?>
        {
            [VkMessaging.BaseUrlKey] = server.Url,
            [VkMessagingSettings.CommunityTokenKey(VkHost.Shop)] = VkHost.Token,
        });

        var outcome = Assert.Single(await host.Sender().SendAsync(VkHost.Shop, [VkHost.Message()]));

        Assert.Equal(expected, outcome.Result);
    }
}
