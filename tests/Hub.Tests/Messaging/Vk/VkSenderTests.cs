using System.Text.Json.Nodes;
using Hub.Messaging.Channels;
using Hub.Messaging.Channels.Vk;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace Hub.Tests.Messaging.Vk;

public sealed class VkSenderTests
{
    static MessagingHost Host(VkApiFake fake) => VkHost.Start(fake.Settings(VkHost.Shop, VkHost.Token, VkHost.GroupId));

    [Fact]
    public async Task A_message_goes_form_encoded_to_the_user_with_the_api_version_and_comes_back_with_vks_message_id()
    {
        using var fake = new VkApiFake();
        using var host = Host(fake);

        var outcome = Assert.Single(await host.Sender().SendAsync(VkHost.Shop, [VkHost.Message("msg-9")]));

        Assert.Equal(new SendOutcome("msg-9", SendResult.Sent, "501"), outcome);
        var request = Assert.Single(fake.Requests);
        Assert.StartsWith("application/x-www-form-urlencoded", request.ContentType);
        Assert.Equal($"Bearer {VkHost.Token}", request.Authorization);
        Assert.Equal(VkHost.UserId, request.Fields["peer_id"]);
        Assert.Equal("Привет! Ваша корзина ждёт", request.Fields["message"]);
        Assert.Equal("5.199", request.Fields["v"]);
        Assert.Equal(VkRandomId.For("msg-9").ToString(System.Globalization.CultureInfo.InvariantCulture), request.Fields["random_id"]);
        Assert.False(request.Fields.ContainsKey("keyboard"));
        Assert.False(request.Fields.ContainsKey("access_token"));
    }

    [Fact]
    public async Task Buttons_become_an_inline_keyboard_of_open_link_buttons_one_per_row()
    {
        using var fake = new VkApiFake();
        using var host = Host(fake);

        await host.Sender().SendAsync(VkHost.Shop, [VkHost.Message(buttons:
            [new MessageButton("Корзина", "https://shop.example/cart/1"), new MessageButton("Каталог", "https://shop.example/")])]);

        var keyboard = JsonNode.Parse(Assert.Single(fake.Requests).Fields["keyboard"])!;
        Assert.True((bool)keyboard["inline"]!);
        var rows = keyboard["buttons"]!.AsArray();
        Assert.Equal(2, rows.Count);
        var first = Assert.Single(rows[0]!.AsArray())!["action"]!;
        Assert.Equal("open_link", (string?)first["type"]);
        Assert.Equal("https://shop.example/cart/1", (string?)first["link"]);
        Assert.Equal("Корзина", (string?)first["label"]);
        Assert.Equal("Каталог", (string?)rows[1]![0]!["action"]!["label"]);
    }

    [Fact]
    public async Task The_same_message_sent_twice_carries_the_same_random_id_and_reaches_the_person_once()
    {
        using var fake = new VkApiFake();
        using var host = Host(fake);

        var first = await host.Sender().SendAsync(VkHost.Shop, [VkHost.Message("msg-1")]);
        var again = await host.Sender().SendAsync(VkHost.Shop, [VkHost.Message("msg-1")]);
        var other = await host.Sender().SendAsync(VkHost.Shop, [VkHost.Message("msg-2")]);

        var randomIds = fake.Requests.Select(r => r.Fields["random_id"]).ToList();
        Assert.Equal(randomIds[0], randomIds[1]);
        Assert.NotEqual(randomIds[0], randomIds[2]);
        Assert.Equal(2, fake.Messages.Count);
        Assert.Equal(first[0].ProviderMessageId, again[0].ProviderMessageId);
        Assert.NotEqual(first[0].ProviderMessageId, other[0].ProviderMessageId);
    }

    [Theory]
    [InlineData("msg-1", 973_988_729)]
    [InlineData("01J9Z3R6W8K5T2", 1_288_737_565)]
    public void Random_id_is_the_first_four_bytes_of_the_message_ids_sha256_as_a_positive_number(string messageId, int expected) =>
        // Expected values computed outside .NET: int.from_bytes(sha256(id)[:4], "big") & 0x7fffffff.
        Assert.Equal(expected, VkRandomId.For(messageId));

    [Fact]
    public async Task Without_a_community_token_every_message_fails_naming_the_setting_and_nothing_is_sent()
    {
        using var fake = new VkApiFake();
        var settings = fake.Settings(VkHost.Shop, VkHost.Token, VkHost.GroupId);
        settings.Remove(VkMessagingSettings.CommunityTokenKey(VkHost.Shop));
        using var host = VkHost.Start(settings);

        var outcomes = await host.Sender().SendAsync(VkHost.Shop, [VkHost.Message("m1"), VkHost.Message("m2")]);

        Assert.All(outcomes, o =>
        {
            Assert.Equal(SendResult.Failed, o.Result);
            Assert.Contains("Shops:shop-1:VkCommunityToken", o.Error);
        });
        Assert.Empty(fake.Requests);
    }

    [Fact]
    public async Task A_send_without_an_answer_in_time_is_retried_because_vk_drops_a_repeated_random_id()
    {
        using var server = WireMockServer.Start();
        server.Given(Request.Create().UsingPost()).RespondWith(Response.Create().WithDelay(TimeSpan.FromSeconds(3)).WithBody("""{"response":1}"""));
        using var host = VkHost.Start(new Dictionary<string, string?>
        {
            [VkMessaging.BaseUrlKey] = server.Url,
            [VkMessagingSettings.CommunityTokenKey(VkHost.Shop)] = VkHost.Token,
        }, attemptTimeout: TimeSpan.FromMilliseconds(300));

        var outcome = Assert.Single(await host.Sender().SendAsync(VkHost.Shop, [VkHost.Message()]));

        Assert.Equal(SendResult.Retry, outcome.Result);
        Assert.Equal(TransportFailure.RetryAfter, outcome.RetryAfter);
    }

    [Fact]
    public async Task An_api_nobody_listens_on_is_retried_later()
    {
        using var fake = new VkApiFake();
        var settings = fake.Settings(VkHost.Shop, VkHost.Token, VkHost.GroupId);
        settings[VkMessaging.BaseUrlKey] = ClosedPort.Url();
        using var host = VkHost.Start(settings);

        Assert.Equal(SendResult.Retry, Assert.Single(await host.Sender().SendAsync(VkHost.Shop, [VkHost.Message()])).Result);
    }
}
