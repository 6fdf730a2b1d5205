using Hub.Customers;
using Hub.Messaging.Channels;
using Hub.Messaging.Templates;
using Hub.Segments;
using static Hub.Tests.Messaging.Templates.TemplateTestData;

namespace Hub.Tests.Messaging.Templates;

public sealed class DefaultTemplatesTests
{
    static readonly Channel[] Channels = [Channel.Email, Channel.Sms, Channel.Telegram, Channel.WhatsApp, Channel.Viber, Channel.Vk];
    readonly TemplateRenderer renderer = Renderer();

    public static TheoryData<string> Ids() => [.. DefaultTemplates.All.Select(t => t.Id)];

    [Fact]
    public void The_triggers_all_have_a_default()
    {
        Assert.Equal(
            ["order-accepted", "order-shipped", "order-delivered", "abandoned-cart", "birthday", "replenishment", "win-back"],
            DefaultTemplates.All.Select(t => t.Id));
        Assert.All(DefaultTemplates.All.Where(t => t.Id.StartsWith("order-", StringComparison.Ordinal)), t => Assert.Equal(MessageKind.Transactional, t.Kind));
        Assert.All(DefaultTemplates.All.Where(t => !t.Id.StartsWith("order-", StringComparison.Ordinal)), t => Assert.Equal(MessageKind.Marketing, t.Kind));
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void Each_default_validates_and_renders_on_every_channel_for_a_sample_customer(string id)
    {
        var template = DefaultTemplates.For(TestShop.Id, id)!;

        Assert.Empty(Validator().Validate(template));
        foreach (var channel in Channels)
        {
            var content = renderer.Render(template, channel, Data());
            var texts = new[] { content.Subject, content.Html, content.Text }.Concat(content.TemplateParameters).OfType<string>().ToArray();
            Assert.All(texts, text => Assert.DoesNotContain("{{", text));
            Assert.All(texts, text => Assert.DoesNotContain("{%", text));
            Assert.Contains("Ирина", content.Text);
            Assert.True(SmsLength.Of(content.Text).Parts <= TemplateValidator.MaxSmsParts || channel != Channel.Sms);
            var unsubscribes = template.Kind == MessageKind.Marketing;
            Assert.Equal(unsubscribes, content.Text.Contains("https://hub.example/u/xyz", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void Order_messages_read_naturally()
    {
        var shipped = DefaultTemplates.For(TestShop.Id, DefaultTemplates.OrderShipped)!;

        Assert.Equal("Ирина, ваш заказ №1052 передан в доставку. Оптика-Плюс", renderer.Render(shipped, Channel.Sms, Data()).Text);
        var email = renderer.Render(DefaultTemplates.For(TestShop.Id, DefaultTemplates.OrderAccepted)!, Channel.Email, Data());
        Assert.Equal("Заказ №1052 принят", email.Subject);
        Assert.Equal(
            "Ирина, здравствуйте!\n\nМы получили ваш заказ №1052 от 2 марта и уже собираем его.\n\n" +
            "— Линзы Dailies, 30 шт. × 1: 1\u00A0500 ₽\n— Раствор 100 мл × 2: 690 ₽\nИтого: 2\u00A0190 ₽\n\n" +
            "Сообщим, когда передадим заказ в доставку.\n\nОптика-Плюс",
            email.Text);
        Assert.Contains("<td>Раствор 100 мл</td><td>2 шт.</td><td align=\"right\">690 ₽</td>", email.Html);
    }

    [Fact]
    public void A_customer_without_a_name_is_greeted_politely()
    {
        var data = Data() with { Customer = TestCustomer with { FirstName = null } };

        var accepted = renderer.Render(DefaultTemplates.For(TestShop.Id, DefaultTemplates.OrderAccepted)!, Channel.Telegram, data);
        var cart = renderer.Render(DefaultTemplates.For(TestShop.Id, DefaultTemplates.AbandonedCart)!, Channel.Email, data);

        Assert.StartsWith("Здравствуйте!\n", accepted.Text);
        Assert.Equal("Вы кое-что забыли в корзине", cart.Subject);
    }

    [Fact]
    public void Marketing_defaults_use_the_cart_the_birthday_and_the_product_due()
    {
        var cart = renderer.Render(DefaultTemplates.For(TestShop.Id, DefaultTemplates.AbandonedCart)!, Channel.Telegram, Data());
        Assert.Equal(new MessageButton("Вернуться в корзину", "https://optika.example/cart/abc"), Assert.Single(cart.Buttons));
        Assert.Contains("В вашей корзине 2 товара на 3\u00A0000 ₽.", cart.Text);

        var birthday = renderer.Render(DefaultTemplates.For(TestShop.Id, DefaultTemplates.Birthday)!, Channel.Email, Data());
        Assert.Equal("Ирина, с наступающим днём рождения!", birthday.Subject);
        Assert.Contains("Оптика-Плюс поздравляет вас с наступающим днём рождения — 8 марта!", birthday.Text);
        var today = Data() with { Segment = new TemplateSegment(SegmentIds.BirthdaySoon, null, new MemberDetail { BirthdayOn = new DateOnly(2025, 3, 8), InDays = 0 }) };
        Assert.Equal("Ирина, с днём рождения!", renderer.Render(DefaultTemplates.For(TestShop.Id, DefaultTemplates.Birthday)!, Channel.Email, today).Subject);

        var due = renderer.Render(DefaultTemplates.For(TestShop.Id, DefaultTemplates.Replenishment)!, Channel.Sms, Data());
        Assert.Equal("Ирина, Оптика-Плюс напоминает: пора пополнить запас — Линзы Dailies, 30 шт. Отказ: https://hub.example/u/xyz", due.Text);

        var winBack = renderer.Render(DefaultTemplates.For(TestShop.Id, DefaultTemplates.WinBack)!, Channel.WhatsApp, Data());
        Assert.Contains("Ваш последний заказ был 2 марта 2025, и с тех пор у нас появилось много нового.", winBack.Text);
        Assert.Equal(("win_back", "ru"), (winBack.WhatsAppTemplate, winBack.WhatsAppTemplateLanguage));
        Assert.Equal(["Ирина"], winBack.TemplateParameters);
    }
}
