using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Hub.Cli.Demo;

/// <summary>Turns generated data into what real sources send: Shopify webhook bodies and 1C-style CSV exports.</summary>
static class DemoWriter
{
    static readonly CultureInfo Ru = CultureInfo.GetCultureInfo("ru-RU");

    public static string ShopifyCustomer(DemoPerson p, bool withPhone, bool withEmail, DateTimeOffset updatedAt) => new JsonObject
    {
        ["id"] = 7000000000L + p.Number,
        ["email"] = withEmail ? (p.Number % 7 == 0 ? p.Email.ToUpperInvariant() : p.Email) : null,
        ["phone"] = withPhone ? DemoShopData.MessyPhone(p.PhoneDigits, 0) : null,
        ["first_name"] = p.FirstName,
        ["last_name"] = p.LastName,
        ["created_at"] = Iso(p.RegisteredAt),
        ["updated_at"] = Iso(updatedAt),
        ["default_address"] = new JsonObject { ["city"] = p.City },
        ["addresses"] = new JsonArray(),
        ["email_marketing_consent"] = new JsonObject
        {
            ["state"] = p.EmailConsent ? "subscribed" : "not_subscribed",
            ["opt_in_level"] = "single_opt_in",
            ["consent_updated_at"] = Iso(p.RegisteredAt),
        },
    }.ToJsonString();

    public static string ShopifyOrder(DemoOrder o, bool withPhone) => new JsonObject
    {
        ["id"] = 5000000000L + long.Parse(o.Id, CultureInfo.InvariantCulture),
        ["name"] = "#" + o.Id,
        ["email"] = o.Buyer.Email,
        ["phone"] = withPhone ? DemoShopData.MessyPhone(o.Buyer.PhoneDigits, 2) : null,
        ["created_at"] = Iso(o.CreatedAt),
        ["updated_at"] = Iso(o.CreatedAt.AddMinutes(5)),
        ["cancelled_at"] = o.Cancelled ? Iso(o.CreatedAt.AddHours(3)) : null,
        ["currency"] = "RUB",
        ["total_price"] = o.Total.ToString("0.00", CultureInfo.InvariantCulture),
        ["financial_status"] = o.Cancelled ? "voided" : "paid",
        ["fulfillment_status"] = o.Cancelled ? null : "fulfilled",
        ["customer"] = new JsonObject
        {
            ["id"] = 7000000000L + o.Buyer.Number,
            ["email"] = o.Buyer.Email,
            ["first_name"] = o.Buyer.FirstName,
            ["last_name"] = o.Buyer.LastName,
        },
        ["line_items"] = Lines(o.Lines),
    }.ToJsonString();

    public static string ShopifyCheckout(DemoCart c) => new JsonObject
    {
        ["id"] = Math.Abs((long)c.Token.GetHashCode()),
        ["token"] = c.Token,
        ["email"] = c.Buyer.Email,
        ["created_at"] = Iso(c.UpdatedAt.AddMinutes(-20)),
        ["updated_at"] = Iso(c.UpdatedAt),
        ["completed_at"] = null,
        ["currency"] = "RUB",
        ["total_price"] = c.Lines.Sum(l => l.Product.Price * l.Quantity).ToString("0.00", CultureInfo.InvariantCulture),
        ["abandoned_checkout_url"] = $"https://demo-optics.myshopify.com/checkouts/{c.Token}/recover",
        ["customer"] = new JsonObject { ["id"] = 7000000000L + c.Buyer.Number, ["email"] = c.Buyer.Email },
        ["line_items"] = Lines(c.Lines),
    }.ToJsonString();

    static JsonArray Lines(IReadOnlyList<(DemoProduct Product, int Quantity)> lines) => new(lines.Select(l => (JsonNode)new JsonObject
    {
        ["product_id"] = long.Parse(l.Product.Id, CultureInfo.InvariantCulture),
        ["sku"] = l.Product.Sku,
        ["title"] = l.Product.Name,
        ["name"] = l.Product.Name,
        ["vendor"] = l.Product.Brand,
        ["product_type"] = l.Product.Category,
        ["quantity"] = l.Quantity,
        ["price"] = l.Product.Price.ToString("0.00", CultureInfo.InvariantCulture),
    }).ToArray());

    static string Iso(DateTimeOffset t) => t.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>
    /// A loyalty-card export as 1C writes it: Windows-1251, ';', Russian headers, dd.MM.yyyy dates, phones as
    /// the cashier typed them. Two rows are broken on purpose (an impossible date, no contact at all).
    /// </summary>
    public static void CustomersCsv(string path, IEnumerable<(DemoPerson Person, bool WithEmail, int PhoneStyle)> rows)
    {
        var sb = new StringBuilder("Фамилия;Имя;Отчество;Телефон;E-mail;Дата рождения;Пол;Город;Согласие на SMS;Согласие на рекламу\r\n");
        foreach (var (p, withEmail, style) in rows)
        {
            sb.Append(Field(p.LastName)).Append(';').Append(Field(p.FirstName)).Append(';').Append(Field(p.MiddleName ?? "")).Append(';')
              .Append(p.Number % 53 == 0 ? $"8 ({p.PhoneDigits[..3]}) {p.PhoneDigits[3..6]}-{p.PhoneDigits[6..8]}" : DemoShopData.MessyPhone(p.PhoneDigits, style)).Append(';')
              .Append(withEmail || p.Number % 53 == 0 ? (p.Number % 41 == 0 ? p.Email.Replace(".ru", "ru").Replace(".com", "com") : p.Email) : "").Append(';')
              .Append(p.Birthday?.ToString("dd.MM.yyyy", Ru) ?? "").Append(';')
              .Append(p.Female ? "Ж" : "М").Append(';')
              .Append(Field(p.City)).Append(';')
              .Append(p.SmsConsent ? "да" : "нет").Append(';')
              .Append(p.Number % 7 == 0 ? "нет" : "да").Append("\r\n");
        }
        sb.Append("Кузнецова;Ирина;;8 (926) 111-22-33;;31.02.1990;Ж;Москва;да;да\r\n");
        sb.Append("Без;Контактов;;;;;М;Тверь;нет;нет\r\n");
        System.Text.Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        File.WriteAllText(path, sb.ToString(), Encoding.GetEncoding(1251));
    }

    /// <summary>Retail (offline) sales from the cash register, one row per order line, buyers by loyalty phone.</summary>
    public static void OfflineOrdersCsv(string path, IEnumerable<DemoOrder> orders)
    {
        var sb = new StringBuilder("Номер заказа;Дата;Статус;Телефон;Артикул;Товар;Бренд;Категория;Количество;Цена\r\n");
        foreach (var o in orders)
        {
            foreach (var (product, quantity) in o.Lines)
            {
                sb.Append("R-").Append(o.Id).Append(';')
                  .Append(o.CreatedAt.ToOffset(TimeSpan.FromHours(3)).ToString("dd.MM.yyyy HH:mm", Ru)).Append(';')
                  .Append(o.Cancelled ? "Отменен" : "Выполнен").Append(';')
                  .Append(DemoShopData.MessyPhone(o.Buyer.PhoneDigits, o.Buyer.Number % 6)).Append(';')
                  .Append(product.Sku).Append(';').Append(Field(product.Name)).Append(';').Append(Field(product.Brand)).Append(';')
                  .Append(product.Category).Append(';').Append(quantity).Append(';')
                  .Append(product.Price.ToString("0.00", Ru)).Append("\r\n");
            }
        }
        System.Text.Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        File.WriteAllText(path, sb.ToString(), Encoding.GetEncoding(1251));
    }

    static string Field(string value) => value.Contains(';') || value.Contains('"') ? "\"" + value.Replace("\"", "\"\"") + "\"" : value;
}
