using Hub.Customers;
using System.Text.Json;
using Azure.Data.Tables;
using Hub.Messaging.Channels;
using Hub.Messaging.Templates;
using Hub.Storage;
using static Hub.Tests.Messaging.Templates.TemplateTestData;

namespace Hub.Tests.Messaging.Templates;

/// <summary>The Templates table on real Azurite.</summary>
public sealed class TemplateStoreTests(AzuriteFixture azurite)
{
    readonly string shopId = AzuriteFixture.NewShopId("tpl");

    TemplateStore Store() => new(azurite.Clients, Validator());

    MessageTemplate Full(string id) => new()
    {
        Id = id,
        ShopId = shopId,
        Name = "Весенняя распродажа",
        Kind = MessageKind.Marketing,
        Email = new EmailVariant("{{ customer.first_name }}, скидки до 30%", Html: "<p>Скидки до 30% в {{ shop.name }}</p><a href=\"{{ unsubscribe_url }}\">Отписаться</a>", Text: "Скидки до 30%"),
        Sms = new SmsVariant("Скидки до 30%! Отказ: {{ unsubscribe_url }}"),
        Messenger = new MessengerVariant("Скидки до 30%", [new ButtonTemplate("В магазин", "https://optika.example/sale")]),
        Telegram = new MessengerVariant("<b>Скидки до 30%</b>", [new ButtonTemplate("В магазин", "https://optika.example/sale?utm_source=tg")]),
        WhatsAppTemplate = new WhatsAppApprovedTemplate("spring_sale", "ru", ["{{ customer.first_name }}"]),
    };

    static string Json(MessageTemplate? template) => JsonSerializer.Serialize(template, HubJson.Options);

    [Fact]
    public async Task A_saved_template_reads_back_whole_and_renders()
    {
        var store = Store();
        var template = Full("spring-sale");

        await store.SaveAsync(template);
        var loaded = await store.GetAsync(shopId, "spring-sale");

        Assert.Equal(Json(template), Json(loaded));
        var telegram = Renderer().Render(loaded!, Channel.Telegram, Data());
        Assert.Equal("<b>Скидки до 30%</b>", telegram.Text);
        Assert.Equal("https://optika.example/sale?utm_source=tg", Assert.Single(telegram.Buttons).Url);

        var row = await azurite.Clients.Tables.GetTableClient(TableNames.Templates).GetEntityAsync<TableEntity>(shopId, "spring-sale");
        Assert.Contains("\"kind\":\"marketing\"", row.Value.GetString("Data"));
    }

    [Fact]
    public async Task An_invalid_template_is_never_saved_and_every_error_is_listed()
    {
        var store = Store();
        var broken = Full("broken") with
        {
            Email = new EmailVariant("", Html: "{% if customer.first_name %}Привет"),
            Sms = new SmsVariant("{{ custmer.first_name }}"),
        };

        var thrown = await Assert.ThrowsAsync<TemplateValidationException>(() => store.SaveAsync(broken));

        Assert.IsAssignableFrom<ArgumentException>(thrown);
        Assert.Equal(["email.subject", "email.html", "sms.text"], thrown.Errors.Select(e => e.Variant));
        Assert.Contains("sms.text (1:4): unknown variable 'custmer'", thrown.Message);
        Assert.Null(await store.GetAsync(shopId, "broken"));
        Assert.Empty(await store.ListAsync(shopId, includeDefaults: false));
    }

    [Fact]
    public async Task Defaults_stand_in_until_the_shop_saves_its_own_and_come_back_when_it_is_deleted()
    {
        var store = Store();

        var before = await store.GetAsync(shopId, DefaultTemplates.OrderShipped);
        Assert.Equal(shopId, before!.ShopId);
        Assert.Equal(Json(DefaultTemplates.For(shopId, DefaultTemplates.OrderShipped)), Json(before));

        var own = before with { Name = "Отправили!", Sms = new SmsVariant("Заказ №{{ order.number }} уже едет к вам") };
        await store.SaveAsync(own);
        await store.SaveAsync(Full("spring-sale"));

        Assert.Equal("Отправили!", (await store.GetAsync(shopId, DefaultTemplates.OrderShipped))!.Name);
        var listed = await store.ListAsync(shopId);
        Assert.Equal(DefaultTemplates.All.Select(t => t.Id).Append("spring-sale").Order(StringComparer.Ordinal), listed.Select(t => t.Id));
        Assert.Equal("Отправили!", listed.Single(t => t.Id == DefaultTemplates.OrderShipped).Name);
        Assert.Equal([DefaultTemplates.OrderShipped, "spring-sale"], (await store.ListAsync(shopId, includeDefaults: false)).Select(t => t.Id));

        Assert.True(await store.DeleteAsync(shopId, DefaultTemplates.OrderShipped));
        Assert.False(await store.DeleteAsync(shopId, DefaultTemplates.OrderShipped));
        Assert.Equal("Заказ передан в доставку", (await store.GetAsync(shopId, DefaultTemplates.OrderShipped))!.Name);
        Assert.Null(await store.GetAsync(shopId, "no-such-template"));
        Assert.Null(await store.GetAsync(shopId, "Bad/Id"));
    }

    [Fact]
    public async Task A_template_over_the_table_limit_is_refused_before_writing()
    {
        var huge = Full("huge") with { Email = new EmailVariant("Тема", Html: new string('x', 40_000)) };

        await Assert.ThrowsAsync<TableLimitException>(() => Store().SaveAsync(huge));
        Assert.Null(await Store().GetAsync(shopId, "huge"));
    }
}
