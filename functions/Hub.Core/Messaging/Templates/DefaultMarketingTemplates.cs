using Hub.Messaging.Channels;

namespace Hub.Messaging.Templates;

/// <summary>The built-in marketing messages: each ends with the unsubscribe link (when the message has one).</summary>
internal static class DefaultMarketingTemplates
{
    const string Hello = DefaultOrderTemplates.Hello;
    const string Name = DefaultOrderTemplates.Name;
    const string UnsubscribeHtml = "{% if unsubscribe_url %}<p style=\"font-size:12px;color:#888\">Не хотите получать наши письма? <a href=\"{{ unsubscribe_url }}\">Отписаться</a></p>{% endif %}";
    const string UnsubscribeText = "{% if unsubscribe_url %}Отписаться от рассылки: {{ unsubscribe_url }}{% endif %}";
    const string UnsubscribeSms = "{% if unsubscribe_url %} Отказ: {{ unsubscribe_url }}{% endif %}";

    const string CartHtml = """
        {% if cart.items.size > 0 %}<ul>
        {% for item in cart.items %}<li>{{ item.name }} — {{ item.total | money }}</li>
        {% endfor %}</ul>{% endif %}
        """;

    public static readonly IReadOnlyList<MessageTemplate> All =
    [
        Marketing(
            DefaultTemplates.AbandonedCart, "Брошенная корзина", "abandoned_cart",
            subject: "{% if customer.first_name %}{{ customer.first_name }}, вы{% else %}Вы{% endif %} кое-что забыли в корзине",
            body: "В вашей корзине {{ cart.items_count | plural: 'товар', 'товара', 'товаров' }} на {{ cart.total | money }}. Мы сохранили их для вас.",
            extraHtml: CartHtml + "\n<p><a href=\"{{ cart.recovery_url }}\">Вернуться к покупкам</a></p>",
            extraText: "Вернуться к покупкам: {{ cart.recovery_url }}",
            sms: Name + ", в корзине остались товары на {{ cart.total | money }}: {{ cart.recovery_url }}",
            button: new ButtonTemplate("Вернуться в корзину", "{{ cart.recovery_url }}"),
            parameters: [Name, "{{ cart.total | money }}"]),
        Marketing(
            DefaultTemplates.Birthday, "День рождения", "birthday",
            subject: "{% if customer.first_name %}{{ customer.first_name }}, с{% else %}С{% endif %} {% if segment.in_days > 0 %}наступающим {% endif %}днём рождения!",
            body: "{{ shop.name }} поздравляет вас {% if segment.in_days > 0 %}с наступающим днём рождения — {{ segment.birthday_on | format_date: 'd MMMM' }}{% else %}с днём рождения{% endif %}! Желаем радости, здоровья и приятных покупок.",
            extraHtml: "",
            extraText: "",
            sms: Name + ", {{ shop.name }} поздравляет вас с днём рождения!",
            button: null,
            parameters: [Name]),
        Marketing(
            DefaultTemplates.Replenishment, "Пора пополнить запас", "replenishment",
            subject: "Пора пополнить запас: {{ segment.product_name }}",
            body: "Судя по вашим прошлым покупкам, {{ segment.product_name }} понадобится снова примерно к {{ segment.expected_on | format_date: 'd MMMM' }}. Закажите заранее, чтобы запас не закончился в самый неподходящий момент.",
            extraHtml: "",
            extraText: "",
            sms: Name + ", {{ shop.name }} напоминает: пора пополнить запас — {{ segment.product_name }}",
            button: null,
            parameters: [Name, "{{ segment.product_name }}"]),
        Marketing(
            DefaultTemplates.WinBack, "Давно не заходили", "win_back",
            subject: "{% if customer.first_name %}{{ customer.first_name }}, мы{% else %}Мы{% endif %} скучаем!",
            body: "{% if customer.last_order_at %}Ваш последний заказ был {{ customer.last_order_at | format_date: 'd MMMM yyyy' }}, и с{% else %}С{% endif %} тех пор у нас появилось много нового. Загляните в {{ shop.name }} — будем рады снова вас видеть!",
            extraHtml: "",
            extraText: "",
            sms: Name + ", давно не виделись! Загляните в {{ shop.name }} — у нас много нового.",
            button: null,
            parameters: [Name]),
    ];

    static MessageTemplate Marketing(
        string id, string name, string whatsAppName, string subject, string body, string extraHtml, string extraText, string sms,
        ButtonTemplate? button, IReadOnlyList<string> parameters) => new()
    {
        Id = id,
        ShopId = DefaultTemplates.NoShop,
        Name = name,
        Kind = MessageKind.Marketing,
        Email = new EmailVariant(
            subject,
            Html: $"<p>{Hello}</p>\n<p>{body}</p>\n{extraHtml}\n<p>{{{{ shop.name }}}}</p>\n{UnsubscribeHtml}",
            Text: $"{Hello}\n\n{body}\n\n{extraText}\n\n{{{{ shop.name }}}}\n\n{UnsubscribeText}"),
        Sms = new SmsVariant(sms + UnsubscribeSms),
        Messenger = new MessengerVariant($"{Hello}\n{body}\n\n{UnsubscribeText}", button is null ? [] : [button]),
        WhatsAppTemplate = new WhatsAppApprovedTemplate(whatsAppName, "ru", parameters),
    };
}
