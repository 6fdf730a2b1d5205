using Hub.Customers;
using Hub.Messaging.Channels;
using Hub.Messaging.Templates;
using Hub.Segments;
using static Hub.Tests.Messaging.Templates.TemplateTestData;

namespace Hub.Tests.Messaging.Templates;

public sealed class TemplateRendererTests
{
    const char Nbsp = '\u00A0';
    readonly TemplateRenderer renderer = Renderer();

    [Fact]
    public void Customer_variables_are_read_by_snake_case_names()
    {
        var text = renderer.RenderText(
            "{{ customer.first_name }} {{ customer.middle_name }} | {{ customer.full_name }} | {{ customer.email }} | {{ customer.phone }} | " +
            "{{ customer.city }} | {{ customer.gender }} | {{ customer.orders_count }} заказа на {{ customer.total_spent | money }}, средний {{ customer.average_check | money }} | " +
            "{{ customer.tags | join: ', ' }} | RFM {{ customer.rfm.r }}{{ customer.rfm.f }}{{ customer.rfm.m }} {{ customer.rfm.segment }}",
            Data());

        Assert.Equal(
            $"Ирина Олеговна | Ирина Олеговна Смирнова | irina@example.ru | +79161234567 | Казань | female | 3 заказа на 6{Nbsp}570 ₽, средний 2{Nbsp}190 ₽ | vip, опт | RFM 534 rfm-potential-loyalists",
            text);
    }

    [Fact]
    public void Order_items_loop_with_quantities_and_money()
    {
        var text = renderer.RenderText(
            "Заказ №{{ order.number }} ({{ order.status }}): {% for item in order.items %}{{ item.name }} [{{ item.sku }}, {{ item.brand }}, {{ item.category }}] × {{ item.quantity }} по {{ item.price | money }} = {{ item.total | money }}; {% endfor %}итого {{ order.total | money }} {{ order.currency }}",
            Data());

        Assert.Equal(
            $"Заказ №1052 (shipped): Линзы Dailies, 30 шт. [LENS-30, Alcon, Линзы] × 1 по 1{Nbsp}500 ₽ = 1{Nbsp}500 ₽; Раствор 100 мл [SOL-100, Bausch, Растворы] × 2 по 345 ₽ = 690 ₽; итого 2{Nbsp}190 ₽ RUB",
            text);
    }

    [Fact]
    public void Cart_variables_and_the_recovery_url()
    {
        var text = renderer.RenderText("{{ cart.items_count }} шт. на {{ cart.total | money }}: {{ cart.items.first.name }} → {{ cart.recovery_url }}", Data());

        Assert.Equal($"2 шт. на 3{Nbsp}000 ₽: Линзы Dailies, 30 шт. → https://optika.example/cart/abc", text);
    }

    [Fact]
    public void An_abandoned_cart_member_row_stands_in_for_the_cart()
    {
        var data = new TemplateData(TestShop)
        {
            Customer = TestCustomer,
            Segment = new TemplateSegment(SegmentIds.AbandonedCart, "Брошенные корзины", new MemberDetail { CartId = "cart-9", RecoveryUrl = "https://optika.example/r/9", CartTotal = 4500m, CartItems = 3, Currency = "RUB" }),
        };

        var text = renderer.RenderText("{{ cart.items_count | plural: 'товар', 'товара', 'товаров' }} на {{ cart.total | money }}: {{ cart.recovery_url }}", data);

        Assert.Equal($"3 товара на 4{Nbsp}500 ₽: https://optika.example/r/9", text);
    }

    [Fact]
    public void Segment_variables_carry_the_member_detail()
    {
        var text = renderer.RenderText(
            "{{ segment.id }} / {{ segment.name }} / {{ segment.product_name }} к {{ segment.expected_on | format_date: 'd MMMM' }} (раз в {{ segment.interval_days | plural: 'день', 'дня', 'дней' }}) / ДР {{ segment.birthday_on | date: '%d.%m' }} через {{ segment.in_days | plural: 'день', 'дня', 'дней' }}",
            Data());

        Assert.Equal("replenishment-due / Пора пополнить / Линзы Dailies, 30 шт. к 12 марта (раз в 30 дней) / ДР 08.03 через 3 дня", text);
    }

    [Fact]
    public void Shop_and_unsubscribe_variables()
    {
        Assert.Equal("optika Оптика-Плюс RUB https://hub.example/u/xyz", renderer.RenderText("{{ shop.id }} {{ shop.name }} {{ shop.currency }} {{ unsubscribe_url }}", Data()));
    }

    [Fact]
    public void Money_shows_kopecks_only_when_there_are_any_and_follows_the_shops_currency()
    {
        var data = Data() with { Order = TestOrder with { Total = 1290.5m } };
        Assert.Equal($"1{Nbsp}290,50 ₽", renderer.RenderText("{{ order.total | money }}", data));
        Assert.Equal($"1{Nbsp}290,50 ₽ RUB", renderer.RenderText("{{ order.total | money_with_currency }}", data));

        var euros = data with { Shop = TestShop with { Currency = "EUR" } };
        Assert.Equal($"1{Nbsp}290,50 €", renderer.RenderText("{{ order.total | money }}", euros));
    }

    [Fact]
    public void Dates_are_shown_in_the_shops_time_zone()
    {
        // The order was placed at 21:30 UTC on 1 March: 00:30 on 2 March in Moscow, 02:30 in Yekaterinburg.
        Assert.Equal("02.03.2025 00:30", renderer.RenderText("{{ order.created_at | date: '%d.%m.%Y %H:%M' }}", Data()));
        Assert.Equal("2 марта 2025, 00:30", renderer.RenderText("{{ order.created_at | format_date: 'd MMMM yyyy, HH:mm' }}", Data()));
        Assert.Equal("2 марта 2025", renderer.RenderText("{{ customer.last_order_at | format_date }}", Data()));
        Assert.Equal("8 марта", renderer.RenderText("{{ customer.birthday | format_date: 'd MMMM' }}", Data()));
        Assert.Equal("05.03.2025 12:00", renderer.RenderText("{{ 'now' | date: '%d.%m.%Y %H:%M' }}", Data()));

        var yekaterinburg = Data() with { Shop = TestShop with { TimeZone = "Asia/Yekaterinburg" } };
        Assert.Equal("02.03.2025 02:30", renderer.RenderText("{{ order.created_at | date: '%d.%m.%Y %H:%M' }}", yekaterinburg));
    }

    [Fact]
    public void Russian_plural_forms()
    {
        var data = Data();
        string Days(int n) => renderer.RenderText($"{{{{ {n} | plural: 'день', 'дня', 'дней' }}}}", data);

        Assert.Equal(new[] { "1 день", "2 дня", "5 дней", "11 дней", "12 дней", "21 день", "22 дня", "111 дней", "0 дней" }, new[] { 1, 2, 5, 11, 12, 21, 22, 111, 0 }.Select(Days));
    }

    [Fact]
    public void Missing_variables_render_empty()
    {
        var data = new TemplateData(TestShop) { Customer = TestCustomer };

        Assert.Equal("Ирина, [] [] []", renderer.RenderText("{{ customer.first_name }}, [{{ order.number }}] [{{ customer.nickname }}] [{{ cart.recovery_url }}]", data));
    }

    [Fact]
    public void Email_renders_subject_on_one_line_html_escaped_values_and_text()
    {
        var template = Template() with
        {
            Email = new EmailVariant(
                "{% if customer.first_name %}\n  {{ customer.first_name }}, {% endif %}заказ №{{ order.number }}",
                Html: "<p>Здравствуйте, {{ customer.first_name }}!</p>",
                Text: "Здравствуйте, {{ customer.first_name }}!\n{% if false %}\n{% endif %}\n\n\nДо встречи."),
        };
        var data = Data() with { Customer = TestCustomer with { FirstName = "<b>Ира</b>" } };

        var content = renderer.Render(template, Channel.Email, data);

        Assert.Equal("<b>Ира</b>, заказ №1052", content.Subject);
        Assert.Equal("<p>Здравствуйте, &lt;b&gt;Ира&lt;/b&gt;!</p>", content.Html);
        Assert.Equal("Здравствуйте, <b>Ира</b>!\n\nДо встречи.", content.Text);
        Assert.Equal("https://hub.example/u/xyz", content.UnsubscribeUrl);
        Assert.DoesNotContain("hub.example", content.Text);
    }

    [Fact]
    public void Sms_text_uses_plain_spaces()
    {
        var content = renderer.Render(Template() with { Sms = new SmsVariant("Заказ на {{ order.total | money }}") }, Channel.Sms, Data());

        Assert.Equal("Заказ на 2 190 ₽", content.Text);
    }

    [Fact]
    public void Messenger_buttons_render_and_a_channel_override_replaces_the_shared_text()
    {
        var template = Template() with
        {
            Messenger = new MessengerVariant("{{ customer.first_name }}, корзина ждёт", [new ButtonTemplate("Вернуться ({{ cart.items_count }})", "{{ cart.recovery_url }}"), new ButtonTemplate("Магазин", "https://optika.example")]),
            Telegram = new MessengerVariant("<b>{{ customer.first_name }}</b>, корзина ждёт", [new ButtonTemplate("В корзину", "{{ cart.recovery_url }}?utm_source=telegram")]),
        };

        var viber = renderer.Render(template, Channel.Viber, Data());
        var telegram = renderer.Render(template, Channel.Telegram, Data());

        Assert.Equal("Ирина, корзина ждёт", viber.Text);
        Assert.Equal(new[] { new MessageButton("Вернуться (2)", "https://optika.example/cart/abc"), new MessageButton("Магазин", "https://optika.example") }, viber.Buttons);
        Assert.Equal("<b>Ирина</b>, корзина ждёт", telegram.Text);
        Assert.Equal(new[] { new MessageButton("В корзину", "https://optika.example/cart/abc?utm_source=telegram") }, telegram.Buttons);
    }

    [Fact]
    public void WhatsApp_carries_the_approved_template_and_its_rendered_parameters()
    {
        var template = Template() with
        {
            Messenger = new MessengerVariant("Заказ №{{ order.number }} в пути"),
            WhatsAppTemplate = new WhatsAppApprovedTemplate("order_shipped", "ru", ["{{ customer.first_name | default: 'клиент' }}", "{{ order.number }}", "{{ order.total | money }}\n\n", "{{ order.created_at | format_date: 'd MMMM' }}"]),
        };

        var content = renderer.Render(template, Channel.WhatsApp, Data());
        var telegram = renderer.Render(template, Channel.Telegram, Data());

        Assert.Equal("Заказ №1052 в пути", content.Text);
        Assert.Equal("order_shipped", content.WhatsAppTemplate);
        Assert.Equal("ru", content.WhatsAppTemplateLanguage);
        Assert.Equal(new[] { "Ирина", "1052", "2 190 ₽", "2 марта" }, content.TemplateParameters);
        Assert.Null(telegram.WhatsAppTemplate);
        Assert.Empty(telegram.TemplateParameters);
    }

    [Fact]
    public void A_channel_without_a_variant_is_refused()
    {
        var template = Template() with { Sms = new SmsVariant("Привет") };

        Assert.True(template.Supports(Channel.Sms));
        Assert.False(template.Supports(Channel.Email));
        Assert.False(template.Supports(Channel.Telegram));
        Assert.Throws<InvalidOperationException>(() => renderer.Render(template, Channel.Email, Data()));
        Assert.Throws<InvalidOperationException>(() => renderer.Render(template, Channel.Telegram, Data()));
    }
}
