using Hub.Messaging.Templates;
using static Hub.Tests.Messaging.Templates.TemplateTestData;

namespace Hub.Tests.Messaging.Templates;

public sealed class TemplateValidatorTests
{
    readonly TemplateValidator validator = Validator();

    IReadOnlyList<TemplateError> Sms(string text) => validator.Validate(Template() with { Sms = new SmsVariant(text) });

    [Fact]
    public void A_valid_template_has_no_errors()
    {
        var template = Template() with
        {
            Email = new EmailVariant("Заказ №{{ order.number }}", Html: "<p>{{ customer.first_name }}</p>"),
            Sms = new SmsVariant("{% assign name = customer.first_name | default: 'друг' %}{{ name }}, {% for item in order.items %}{{ forloop.index }}. {{ item.name }} {% endfor %}"),
            Messenger = new MessengerVariant("{{ customer.first_name }}", [new ButtonTemplate("Корзина", "{{ cart.recovery_url }}")]),
            WhatsAppTemplate = new WhatsAppApprovedTemplate("cart_reminder", "ru", ["{{ customer.first_name }}"]),
        };

        Assert.Empty(validator.Validate(template));
    }

    [Fact]
    public void An_if_without_endif_is_reported_at_the_tag_that_opened_it()
    {
        var errors = Sms("Здравствуйте!\nВаш заказ готов.\n{% if customer.first_name %}{{ customer.first_name }}, ждём вас.\nДо встречи");

        var error = Assert.Single(errors);
        Assert.Equal(new TemplateError("sms.text", 3, 1, "'{% if %}' is never closed: add '{% endif %}'"), error);
    }

    [Fact]
    public void An_unclosed_for_inside_an_if_is_reported_where_the_for_opens()
    {
        var errors = Sms("{% if customer %}\n  {% for item in order.items %}{{ item.name }}\n{% endif %}");

        Assert.Equal(new TemplateError("sms.text", 2, 3, "'{% for %}' is never closed: add '{% endfor %}'"), Assert.Single(errors));
    }

    [Fact]
    public void Other_syntax_errors_carry_Fluids_line_and_column()
    {
        var errors = Sms("Привет!\n{{ customer.first_name | }}");

        var error = Assert.Single(errors);
        Assert.Equal(("sms.text", 2, 25), (error.Variant, error.Line, error.Column));
        Assert.Contains("identifier was expected", error.Message);
        Assert.Equal("sms.text (2:25): " + error.Message, error.ToString());
    }

    [Fact]
    public void An_unknown_variable_is_named_with_its_position_and_a_suggestion()
    {
        var errors = Sms("Привет!\nДорогая {{ custmer.first_name }}, ждём вас");

        Assert.Equal(new TemplateError("sms.text", 2, 12, "unknown variable 'custmer'; did you mean 'customer'?"), Assert.Single(errors));
    }

    [Fact]
    public void An_unknown_member_of_a_known_type_is_named_too()
    {
        var errors = Sms("{{ customer.frist_name }} {% for item in order.items %}{{ item.nme }}{% endfor %} {{ order.items[0].prise }} {{ cart.items.first.sku }}");

        Assert.Equal(
            [
                new TemplateError("sms.text", 1, 4, "'customer' has no 'frist_name'; did you mean 'first_name'?"),
                new TemplateError("sms.text", 1, 59, "'item' has no 'nme'; did you mean 'name'?"),
                new TemplateError("sms.text", 1, 101, "'order.items' has no 'prise'; did you mean 'price'?"),
            ],
            errors);
    }

    [Fact]
    public void Names_the_template_declares_are_known()
    {
        Assert.Empty(Sms("{{ greeting }}{% capture greeting %}Привет{% endcapture %}{% assign total = order.total %}{{ total | money }}{% increment n %}{{ n }}{% for i in (1..3) %}{{ i }}{{ forloop.last }}{% endfor %}"));
    }

    [Fact]
    public void An_email_needs_a_subject_and_a_body()
    {
        var errors = validator.Validate(Template() with { Email = new EmailVariant(" ") });

        Assert.Equal(
            [
                new TemplateError("email.subject", null, null, "an email needs a subject"),
                new TemplateError("email", null, null, "an email needs a body: html, text or both"),
            ],
            errors);
    }

    [Fact]
    public void An_SMS_over_six_parts_on_the_sample_customer_is_refused()
    {
        // 6 UCS-2 parts hold 402 units: the sample's first name (9 letters) and ", " push 392 letters over.
        Assert.Empty(Sms("{{ customer.first_name }}, " + new string('я', 391)));
        var error = Assert.Single(Sms("{{ customer.first_name }}, " + new string('я', 392)));

        Assert.Equal("sms.text", error.Variant);
        Assert.Equal("renders to 403 characters, 7 parts (UCS-2) for a sample customer; at most 6 parts are allowed", error.Message);
    }

    [Fact]
    public void Button_urls_must_be_absolute_http_urls()
    {
        var template = Template() with
        {
            Messenger = new MessengerVariant("Привет",
            [
                new ButtonTemplate("Ок", "{{ cart.recovery_url }}"),
                new ButtonTemplate("Корзина", "/cart"),
                new ButtonTemplate("", "https://optika.example"),
                new ButtonTemplate("Почта", "mailto:shop@example.ru"),
            ]),
            Vk = new MessengerVariant("Привет", [new ButtonTemplate("Сайт", "optika.example")]),
        };

        Assert.Equal(
            [
                "messenger.buttons[1].url: '/cart' (for a sample customer) is not an absolute http(s) URL",
                "messenger.buttons[2].text: a button needs a text",
                "messenger.buttons[3].url: 'mailto:shop@example.ru' (for a sample customer) is not an absolute http(s) URL",
                "vk.buttons[0].url: 'optika.example' (for a sample customer) is not an absolute http(s) URL",
            ],
            validator.Validate(template).Select(e => e.ToString()));
    }

    [Fact]
    public void Ids_names_variants_and_WhatsApp_templates_are_checked_together()
    {
        var errors = validator.Validate(new MessageTemplate { Id = "Order_Shipped", ShopId = "optika", Name = "" });
        Assert.Equal(["id", "name", "template"], errors.Select(e => e.Variant));

        var whatsapp = validator.Validate(Template() with { WhatsAppTemplate = new WhatsAppApprovedTemplate("Order Shipped", "", ["{{ order.number }}", "{{ ordr.number }}"]) });
        Assert.Equal(["whatsAppTemplate.name", "whatsAppTemplate.language", "whatsAppTemplate.parameters[1]"], whatsapp.Select(e => e.Variant));
    }

    [Fact]
    public void A_text_that_fails_to_render_is_reported()
    {
        var error = Assert.Single(Sms("{{ order.created_at | format_date: '%' }}"));

        Assert.Equal("sms.text", error.Variant);
        Assert.StartsWith("fails to render for a sample customer: format_date: '%' is not a date pattern", error.Message);
    }

    [Fact]
    public void Loop_ranges_are_bounded_before_anything_renders()
    {
        Assert.Empty(Sms("{% for i in (1..1000) %}{% endfor %}Готово"));
        Assert.Equal(
            ["sms.text: the range (1..100000000) has more than 1000 items"],
            Sms("{% for i in (1..100000000) %}я{% endfor %}").Select(e => e.ToString()));
        Assert.Equal(
            ["sms.text: a range needs number bounds, like (1..5): a variable bound could make a loop of any length"],
            Sms("{% for i in (1..order.total) %}я{% endfor %}").Select(e => e.ToString()));
    }
}
