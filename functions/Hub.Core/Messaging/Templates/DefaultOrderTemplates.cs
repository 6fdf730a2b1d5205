using Hub.Messaging.Channels;

namespace Hub.Messaging.Templates;

/// <summary>The built-in order status messages: transactional, so they carry no unsubscribe link.</summary>
internal static class DefaultOrderTemplates
{
    /// <summary>"Анастасия, здравствуйте!" or "Здравствуйте!".</summary>
    public const string Hello = "{% if customer.first_name %}{{ customer.first_name }}, з{% else %}З{% endif %}дравствуйте!";
    public const string Name = "{{ customer.first_name | default: 'Здравствуйте' }}";

    const string ItemsHtml = """
        <table cellpadding="6" style="border-collapse:collapse">
        {% for item in order.items %}<tr><td>{{ item.name }}</td><td>{{ item.quantity }} шт.</td><td align="right">{{ item.total | money }}</td></tr>
        {% endfor %}<tr><td colspan="2"><b>Итого</b></td><td align="right"><b>{{ order.total | money }}</b></td></tr>
        </table>
        """;

    const string ItemsText = """
        {% for item in order.items %}— {{ item.name }} × {{ item.quantity }}: {{ item.total | money }}
        {% endfor %}Итого: {{ order.total | money }}
        """;

    public static readonly IReadOnlyList<MessageTemplate> All =
    [
        Order(
            DefaultTemplates.OrderAccepted, "Заказ принят", "order_accepted",
            subject: "Заказ №{{ order.number }} принят",
            news: "Мы получили ваш заказ №{{ order.number }} от {{ order.created_at | format_date: 'd MMMM' }} и уже собираем его.",
            next: "Сообщим, когда передадим заказ в доставку.",
            sms: Name + ", ваш заказ №{{ order.number }} на {{ order.total | money }} принят. Сообщим, когда отправим. {{ shop.name }}"),
        Order(
            DefaultTemplates.OrderShipped, "Заказ передан в доставку", "order_shipped",
            subject: "Заказ №{{ order.number }} передан в доставку",
            news: "Ваш заказ №{{ order.number }} передан в службу доставки.",
            next: "Скоро он будет у вас.",
            sms: Name + ", ваш заказ №{{ order.number }} передан в доставку. {{ shop.name }}"),
        Order(
            DefaultTemplates.OrderDelivered, "Заказ доставлен", "order_delivered",
            subject: "Заказ №{{ order.number }} доставлен",
            news: "Ваш заказ №{{ order.number }} доставлен.",
            next: "Спасибо, что выбрали {{ shop.name }}! Будем рады видеть вас снова.",
            sms: Name + ", ваш заказ №{{ order.number }} доставлен. Спасибо за покупку! {{ shop.name }}"),
    ];

    static MessageTemplate Order(string id, string name, string whatsAppName, string subject, string news, string next, string sms) => new()
    {
        Id = id,
        ShopId = DefaultTemplates.NoShop,
        Name = name,
        Kind = MessageKind.Transactional,
        Email = new EmailVariant(
            subject,
            Html: $"<p>{Hello}</p>\n<p>{news}</p>\n{ItemsHtml}\n<p>{next}</p>\n<p>{{{{ shop.name }}}}</p>",
            Text: $"{Hello}\n\n{news}\n\n{ItemsText}\n\n{next}\n\n{{{{ shop.name }}}}"),
        Sms = new SmsVariant(sms),
        Messenger = new MessengerVariant($"{Hello}\n{news} Сумма: {{{{ order.total | money }}}}.\n{next}"),
        WhatsAppTemplate = new WhatsAppApprovedTemplate(whatsAppName, "ru", [Name, "{{ order.number }}", "{{ order.total | money }}"]),
    };
}
