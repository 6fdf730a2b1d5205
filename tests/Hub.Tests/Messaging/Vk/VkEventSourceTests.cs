using System.Text.Json.Nodes;
using Hub.Customers;
using Hub.Messaging.Channels;
using Hub.Messaging.Channels.Vk;
using Microsoft.Extensions.Time.Testing;

namespace Hub.Tests.Messaging.Vk;

public sealed class VkEventSourceTests
{
    static readonly DateTimeOffset Now = new(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);

    static MessagingHost Host() => VkHost.Start(new Dictionary<string, string?>
    {
        [VkMessagingSettings.GroupIdKey(VkHost.Shop)] = VkHost.GroupId,
        [VkMessagingSettings.CallbackSecretKey(VkHost.Shop)] = VkHost.Secret,
        [VkMessagingSettings.ConfirmationKey(VkHost.Shop)] = VkHost.Confirmation,
    }, new FakeTimeProvider(Now));

    /// <summary>A callback as VK posts it (callback/objects.json): type, group_id, event_id, v, secret, object.</summary>
    static string Callback(string type, JsonObject? @object = null, string? secret = VkHost.Secret, long groupId = 218000001, string? eventId = "a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0")
    {
        var json = new JsonObject { ["type"] = type, ["group_id"] = groupId };
        if (eventId is not null && type != "confirmation")
        {
            json["event_id"] = eventId;
            json["v"] = "5.199";
        }
        if (@object is not null)
        {
            json["object"] = @object;
        }
        if (secret is not null)
        {
            json["secret"] = secret;
        }
        return json.ToJsonString();
    }

    static ProviderReply Handle(MessagingHost host, string body, string? shopId = VkHost.Shop) =>
        host.Webhook().Handle(ProviderRequests.Post(shopId, body));

    [Fact]
    public void Confirmation_is_answered_with_the_shops_confirmation_string()
    {
        using var host = Host();

        var reply = Handle(host, Callback("confirmation"));

        Assert.Equal(200, reply.Status);
        Assert.Equal(VkHost.Confirmation, reply.Body);
        Assert.Empty(reply.Events);
    }

    [Fact]
    public void Confirmation_with_a_wrong_secret_is_refused_without_the_string()
    {
        using var host = Host();

        var reply = Handle(host, Callback("confirmation", secret: "guess"));

        Assert.Equal(401, reply.Status);
        Assert.DoesNotContain(VkHost.Confirmation, reply.Body);
    }

    [Fact]
    public void Confirmation_for_a_shop_without_a_confirmation_string_names_the_setting()
    {
        using var host = VkHost.Start(new Dictionary<string, string?>
        {
            [VkMessagingSettings.GroupIdKey(VkHost.Shop)] = VkHost.GroupId,
            [VkMessagingSettings.CallbackSecretKey(VkHost.Shop)] = VkHost.Secret,
        });

        var reply = Handle(host, Callback("confirmation"));

        Assert.Equal(401, reply.Status);
        Assert.Contains("Shops:shop-1:VkConfirmation", reply.Body);
    }

    [Fact]
    public void A_user_denying_messages_is_an_opt_out_answered_ok()
    {
        using var host = Host();

        var reply = Handle(host, Callback("message_deny", new JsonObject { ["user_id"] = 123456789 }, eventId: "ev-1"));

        Assert.Equal(200, reply.Status);
        Assert.Equal("ok", reply.Body);
        Assert.Equal(new ProviderEvent("vk", "ev-1", ProviderEventKind.OptedOut, Channel.Vk, Now,
            Address: "123456789", ShopId: VkHost.Shop, Detail: "denied messages from the community"), Assert.Single(reply.Events));
    }

    [Fact]
    public void A_user_allowing_messages_is_an_opt_in_answered_ok()
    {
        using var host = Host();

        var reply = Handle(host, Callback("message_allow", new JsonObject { ["user_id"] = 123456789, ["key"] = "promo" }, eventId: "ev-2"));

        Assert.Equal("ok", reply.Body);
        var allowed = Assert.Single(reply.Events);
        Assert.Equal(ProviderEventKind.OptedIn, allowed.Kind);
        Assert.Equal("123456789", allowed.Address);
        Assert.Equal("ev-2", allowed.EventId);
    }

    [Theory]
    [InlineData("message_new")]
    [InlineData("message_read")]
    [InlineData("group_join")]
    public void Any_other_event_is_answered_ok_without_events(string type)
    {
        using var host = Host();

        var reply = Handle(host, Callback(type, new JsonObject { ["user_id"] = 1 }));

        Assert.Equal((200, "ok"), (reply.Status, reply.Body));
        Assert.Empty(reply.Events);
    }

    [Theory]
    [InlineData("wrong")]
    [InlineData("")]
    [InlineData(null)]
    public void An_event_with_a_wrong_or_missing_secret_is_refused(string? secret)
    {
        using var host = Host();

        var reply = Handle(host, Callback("message_deny", new JsonObject { ["user_id"] = 1 }, secret: secret));

        Assert.Equal(401, reply.Status);
        Assert.Empty(reply.Events);
    }

    [Fact]
    public void An_event_for_another_community_is_refused()
    {
        using var host = Host();

        var reply = Handle(host, Callback("message_deny", new JsonObject { ["user_id"] = 1 }, groupId: 999));

        Assert.Equal(401, reply.Status);
    }

    [Fact]
    public void A_shop_without_callback_settings_refuses_naming_them()
    {
        using var host = Host();

        var reply = Handle(host, Callback("message_deny", new JsonObject { ["user_id"] = 1 }), shopId: "shop-9");

        Assert.Equal(401, reply.Status);
        Assert.Contains("Shops:shop-9:VkCallbackSecret", reply.Body);
        Assert.Contains("Shops:shop-9:VkGroupId", reply.Body);
    }

    [Fact]
    public void A_request_naming_no_shop_is_refused()
    {
        using var host = Host();

        Assert.Equal(401, Handle(host, Callback("message_deny", new JsonObject { ["user_id"] = 1 }), shopId: null).Status);
    }

    [Fact]
    public void A_body_that_is_not_json_is_malformed()
    {
        using var host = Host();

        Assert.Equal(400, Handle(host, "type=message_deny").Status);
    }

    [Fact]
    public void A_verified_deny_without_a_user_is_malformed()
    {
        using var host = Host();

        var reply = Handle(host, Callback("message_deny", new JsonObject()));

        Assert.Equal(400, reply.Status);
        Assert.Contains("user_id", reply.Body);
    }

    [Fact]
    public void The_same_deny_without_an_event_id_keeps_one_id_across_deliveries()
    {
        using var host = Host();
        var body = Callback("message_deny", new JsonObject { ["user_id"] = 5 }, eventId: null);

        var first = Assert.Single(Handle(host, body).Events);
        var again = Assert.Single(Handle(host, body).Events);

        Assert.Equal(first.EventId, again.EventId);
    }
}
