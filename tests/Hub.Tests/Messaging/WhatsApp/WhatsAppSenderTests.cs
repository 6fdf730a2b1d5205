using Hub.Messaging.Channels;
using Hub.Messaging.Channels.WhatsApp;

namespace Hub.Tests.Messaging.WhatsApp;

public sealed class WhatsAppSenderTests
{
    static MessagingHost Host(WhatsAppCloudFake fake) =>
        WhatsAppHost.Start(fake.Settings(WhatsAppHost.Shop, WhatsAppHost.Token, WhatsAppHost.PhoneNumberId));

    [Fact]
    public async Task Inside_the_service_window_a_free_text_goes_from_the_shops_number_with_our_message_id()
    {
        using var fake = new WhatsAppCloudFake();
        using var host = Host(fake);

        var outcome = Assert.Single(await host.Sender().SendAsync(WhatsAppHost.Shop, [WhatsAppHost.InWindow("msg-17")]));

        Assert.Equal(new SendOutcome("msg-17", SendResult.Sent, WhatsAppCloudFake.Wamid(1)), outcome);
        var request = Assert.Single(fake.Requests);
        Assert.Equal(WhatsAppCloud.ApiVersion, request.Version);
        Assert.Equal(WhatsAppHost.PhoneNumberId, request.PhoneNumberId);
        Assert.Equal($"Bearer {WhatsAppHost.Token}", request.Authorization);
        var body = request.Body!;
        Assert.Equal("whatsapp", (string?)body["messaging_product"]);
        Assert.Equal("individual", (string?)body["recipient_type"]);
        Assert.Equal("79995551111", (string?)body["to"]);
        Assert.Equal("text", (string?)body["type"]);
        Assert.Equal("Привет! Ваша корзина ждёт", (string?)body["text"]!["body"]);
        Assert.Equal("msg-17", (string?)body["biz_opaque_callback_data"]);
        Assert.Null(body["template"]);
    }

    [Fact]
    public async Task Buttons_of_a_free_text_become_links_under_it_with_previews()
    {
        using var fake = new WhatsAppCloudFake();
        using var host = Host(fake);

        await host.Sender().SendAsync(WhatsAppHost.Shop, [WhatsAppHost.InWindow(buttons: [new MessageButton("Корзина", "https://shop.example/cart/1")])]);

        var text = Assert.Single(fake.Requests).Body!["text"]!;
        Assert.Equal("Привет! Ваша корзина ждёт\n\nКорзина: https://shop.example/cart/1", (string?)text["body"]);
        Assert.True((bool)text["preview_url"]!);
    }

    [Fact]
    public async Task Outside_the_window_the_approved_template_goes_with_its_language_and_body_parameters()
    {
        using var fake = new WhatsAppCloudFake();
        using var host = Host(fake);

        var outcome = Assert.Single(await host.Sender().SendAsync(WhatsAppHost.Shop,
            [WhatsAppHost.OutsideWindow("cart_reminder", "ru", "msg-5", "Анна", "2 товара")]));

        Assert.Equal(SendResult.Sent, outcome.Result);
        var body = Assert.Single(fake.Requests).Body!;
        Assert.Equal("template", (string?)body["type"]);
        Assert.Null(body["text"]);
        Assert.Equal("msg-5", (string?)body["biz_opaque_callback_data"]);
        var template = body["template"]!;
        Assert.Equal("cart_reminder", (string?)template["name"]);
        Assert.Equal("ru", (string?)template["language"]!["code"]);
        var component = Assert.Single(template["components"]!.AsArray())!;
        Assert.Equal("body", (string?)component["type"]);
        Assert.Equal(["Анна", "2 товара"], component["parameters"]!.AsArray().Select(p => (string?)p!["text"]));
        Assert.All(component["parameters"]!.AsArray(), p => Assert.Equal("text", (string?)p!["type"]));
    }

    [Fact]
    public async Task A_template_without_parameters_or_language_goes_without_components_in_the_default_language()
    {
        using var fake = new WhatsAppCloudFake();
        using var host = Host(fake);

        await host.Sender().SendAsync(WhatsAppHost.Shop, [WhatsAppHost.OutsideWindow("welcome", language: null)]);

        var template = Assert.Single(fake.Requests).Body!["template"]!;
        Assert.Equal(WhatsAppCloud.DefaultTemplateLanguage, (string?)template["language"]!["code"]);
        Assert.Null(template["components"]);
    }

    [Fact]
    public async Task Outside_the_window_without_a_template_the_message_fails_naming_it_and_nothing_is_sent()
    {
        using var fake = new WhatsAppCloudFake();
        using var host = Host(fake);

        var outcome = Assert.Single(await host.Sender().SendAsync(WhatsAppHost.Shop, [WhatsAppHost.OutsideWindow(template: null)]));

        Assert.Equal(SendResult.Failed, outcome.Result);
        Assert.Contains("WhatsAppTemplate", outcome.Error);
        Assert.Contains("24-hour", outcome.Error);
        Assert.Empty(fake.Requests);
    }

    [Theory]
    [InlineData("Shops:shop-1:WhatsAppToken")]
    [InlineData("Shops:shop-1:WhatsAppPhoneNumberId")]
    public async Task Without_a_connection_setting_every_message_fails_naming_it_and_nothing_is_sent(string missing)
    {
        using var fake = new WhatsAppCloudFake();
        var settings = fake.Settings(WhatsAppHost.Shop, WhatsAppHost.Token, WhatsAppHost.PhoneNumberId);
        settings.Remove(missing);
        using var host = WhatsAppHost.Start(settings);

        var outcomes = await host.Sender().SendAsync(WhatsAppHost.Shop, [WhatsAppHost.InWindow("m1"), WhatsAppHost.OutsideWindow(messageId: "m2")]);

        Assert.All(outcomes, o =>
        {
            Assert.Equal(SendResult.Failed, o.Result);
            Assert.Contains(missing, o.Error);
        });
        Assert.Empty(fake.Requests);
    }

    [Fact]
    public async Task A_token_meta_does_not_accept_fails_with_metas_words()
    {
        using var fake = new WhatsAppCloudFake();
        var settings = fake.Settings(WhatsAppHost.Shop, WhatsAppHost.Token, WhatsAppHost.PhoneNumberId);
        settings[WhatsAppSettings.TokenKey(WhatsAppHost.Shop)] = "expired";
        using var host = WhatsAppHost.Start(settings);

        var outcome = Assert.Single(await host.Sender().SendAsync(WhatsAppHost.Shop, [WhatsAppHost.InWindow()]));

        Assert.Equal(SendResult.Failed, outcome.Result);
        Assert.Contains("190", outcome.Error);
        Assert.Contains("Invalid OAuth access token", outcome.Error);
    }

    [Fact]
    public async Task A_cloud_api_nobody_listens_on_is_retried_later()
    {
        using var fake = new WhatsAppCloudFake();
        var settings = fake.Settings(WhatsAppHost.Shop, WhatsAppHost.Token, WhatsAppHost.PhoneNumberId);
        settings[WhatsAppCloud.BaseUrlKey] = ClosedPort.Url();
        using var host = WhatsAppHost.Start(settings);

        var outcome = Assert.Single(await host.Sender().SendAsync(WhatsAppHost.Shop, [WhatsAppHost.InWindow()]));

        Assert.Equal(SendResult.Retry, outcome.Result);
    }
}
