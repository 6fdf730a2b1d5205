namespace Hub.Shops.Csv;

/// <summary>What a column of an import file holds.</summary>
internal enum CsvField
{
    CustomerId, FirstName, LastName, MiddleName, Email, Phone, Birthday, Gender, City, TimeZone, Tags,
    EmailConsent, SmsConsent, AdsConsent, CreatedAt,
    OrderId, OrderNumber, OrderDate, Status, Total, Currency,
    Sku, ProductId, ProductName, Brand, Category, Quantity, Price,
}

[Flags]
internal enum CsvFileKind { Customers = 1, Orders = 2, Both = Customers | Orders }

/// <param name="Aliases">Header names, matched ignoring case, spaces, <c>-</c>, <c>_</c>, <c>.</c> and ё/е;
/// the first ones are shown when the column is missing.</param>
internal sealed record CsvColumn(CsvField Field, CsvFileKind Kinds, params string[] Aliases);

/// <summary>
/// The one table of the header names the importer understands, Russian and English. To accept another
/// export, add its header names here.
/// </summary>
internal static class CsvColumns
{
    public static readonly IReadOnlyList<CsvColumn> All =
    [
        new(CsvField.CustomerId, CsvFileKind.Customers, "ID", "external_id", "ID клиента", "Код клиента", "customer_id"),
        new(CsvField.CustomerId, CsvFileKind.Orders, "ID клиента", "customer_external_id", "Код клиента", "customer_id"),
        new(CsvField.FirstName, CsvFileKind.Both, "Имя", "first_name"),
        new(CsvField.LastName, CsvFileKind.Both, "Фамилия", "last_name", "surname"),
        new(CsvField.MiddleName, CsvFileKind.Both, "Отчество", "middle_name", "patronymic"),
        new(CsvField.Email, CsvFileKind.Both, "E-mail", "Email", "Почта", "Электронная почта"),
        new(CsvField.Phone, CsvFileKind.Both, "Телефон", "phone", "Мобильный телефон", "mobile"),
        new(CsvField.City, CsvFileKind.Both, "Город", "city"),
        new(CsvField.Birthday, CsvFileKind.Customers, "Дата рождения", "birthday", "birth_date", "День рождения"),
        new(CsvField.Gender, CsvFileKind.Customers, "Пол", "gender", "sex"),
        new(CsvField.TimeZone, CsvFileKind.Customers, "Часовой пояс", "time_zone", "timezone"),
        new(CsvField.Tags, CsvFileKind.Customers, "Теги", "tags", "Метки"),
        new(CsvField.EmailConsent, CsvFileKind.Customers, "Согласие на email", "email_consent", "Подписка на email"),
        new(CsvField.SmsConsent, CsvFileKind.Customers, "Согласие на SMS", "sms_consent", "Подписка на SMS"),
        new(CsvField.AdsConsent, CsvFileKind.Customers, "Согласие на рекламу", "ads_consent", "Согласие на обработку для рекламы"),
        new(CsvField.CreatedAt, CsvFileKind.Customers, "Дата регистрации", "created_at", "Дата создания"),

        new(CsvField.OrderId, CsvFileKind.Orders, "Номер заказа", "order_id", "ID заказа"),
        new(CsvField.OrderNumber, CsvFileKind.Orders, "order_number"),
        new(CsvField.OrderDate, CsvFileKind.Orders, "Дата", "Дата заказа", "order_date"),
        new(CsvField.Status, CsvFileKind.Orders, "Статус", "Статус заказа", "status"),
        new(CsvField.Total, CsvFileKind.Orders, "Сумма", "Сумма заказа", "total"),
        new(CsvField.Currency, CsvFileKind.Orders, "Валюта", "currency"),
        new(CsvField.Sku, CsvFileKind.Orders, "Артикул", "sku"),
        new(CsvField.ProductId, CsvFileKind.Orders, "product_id", "ID товара", "Код товара"),
        new(CsvField.ProductName, CsvFileKind.Orders, "Товар", "product_name", "Наименование", "Название товара"),
        new(CsvField.Brand, CsvFileKind.Orders, "Бренд", "brand", "Производитель"),
        new(CsvField.Category, CsvFileKind.Orders, "Категория", "category"),
        new(CsvField.Quantity, CsvFileKind.Orders, "Количество", "quantity", "Кол-во", "qty"),
        new(CsvField.Price, CsvFileKind.Orders, "Цена", "price"),
    ];

    /// <summary>The columns of one kind of file, by matching key.</summary>
    public static IReadOnlyDictionary<string, CsvField> For(CsvFileKind kind)
    {
        var byKey = new Dictionary<string, CsvField>(StringComparer.Ordinal);
        foreach (var column in All.Where(c => c.Kinds.HasFlag(kind)))
        {
            foreach (var alias in column.Aliases)
            {
                byKey.TryAdd(Key(alias), column.Field);
            }
        }
        return byKey;
    }

    /// <summary>The header names to show for a missing field, without case-only duplicates.</summary>
    public static IEnumerable<string> AliasesOf(CsvField field, CsvFileKind kind) => All
        .Where(c => c.Field == field && c.Kinds.HasFlag(kind))
        .SelectMany(c => c.Aliases)
        .Distinct(StringComparer.OrdinalIgnoreCase);

    /// <summary>A header name as it is matched: lower case, without spaces, <c>-</c>, <c>_</c>, <c>.</c> or a BOM, ё as е.</summary>
    public static string Key(string header) => string.Concat(header
        .Where(c => !char.IsWhiteSpace(c) && c is not ('-' or '_' or '.' or '\uFEFF'))
        .Select(c => char.ToLowerInvariant(c) is 'ё' ? 'е' : char.ToLowerInvariant(c)));
}
