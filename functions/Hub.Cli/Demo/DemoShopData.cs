using Bogus;

namespace Hub.Cli.Demo;

/// <summary>One generated person as the shop knows them, before any platform or file has mangled them.</summary>
sealed record DemoPerson(
    int Number,
    string FirstName,
    string LastName,
    string? MiddleName,
    bool Female,
    string Email,
    string PhoneDigits,
    DateOnly? Birthday,
    string City,
    bool EmailConsent,
    bool SmsConsent,
    DateTimeOffset RegisteredAt);

sealed record DemoProduct(string Id, string Sku, string Name, string Brand, string Category, decimal Price);

sealed record DemoOrder(string Id, DemoPerson Buyer, DateTimeOffset CreatedAt, IReadOnlyList<(DemoProduct Product, int Quantity)> Lines, bool Cancelled, bool Offline)
{
    public decimal Total => Lines.Sum(l => l.Product.Price * l.Quantity);
}

sealed record DemoCart(string Token, DemoPerson Buyer, DateTimeOffset UpdatedAt, IReadOnlyList<(DemoProduct Product, int Quantity)> Lines);

/// <summary>
/// A realistic optics shop generated with Bogus (Russian locale, fixed seed): people with messy phone
/// formats and some duplicate or broken contacts, two years of orders across brands and categories —
/// consumables bought again and again — and open carts.
/// </summary>
sealed class DemoShopData
{
    static readonly string[] Domains = ["mail.ru", "yandex.ru", "gmail.com", "bk.ru", "list.ru", "inbox.ru", "rambler.ru"];

    public static readonly DemoProduct[] Catalog =
    [
        new("101", "ACU-OAS-6", "Acuvue Oasys, 6 линз", "Acuvue", "Линзы", 2190m),
        new("102", "ACU-1D-30", "1-Day Acuvue Moist, 30 линз", "Acuvue", "Линзы", 2650m),
        new("103", "ALC-AO-6", "Air Optix plus HydraGlyde, 6 линз", "Alcon", "Линзы", 2390m),
        new("104", "ALC-DT-30", "Dailies Total1, 30 линз", "Alcon", "Линзы", 3490m),
        new("105", "BL-ULT-6", "Ultra, 6 линз", "Bausch+Lomb", "Линзы", 2090m),
        new("106", "CV-BIO-6", "Biofinity, 6 линз", "CooperVision", "Линзы", 2290m),
        new("201", "ALC-OPT-360", "Opti-Free PureMoist, 360 мл", "Alcon", "Растворы", 790m),
        new("202", "BL-RN-360", "ReNu MultiPlus, 360 мл", "Bausch+Lomb", "Растворы", 590m),
        new("203", "AV-BIO-300", "Biotrue, 300 мл", "Bausch+Lomb", "Растворы", 650m),
        new("301", "ALC-SYS-10", "Systane Ultra, 10 мл", "Alcon", "Капли", 690m),
        new("302", "HY-COM-10", "Хилo-Комод, 10 мл", "Ursapharm", "Капли", 720m),
        new("401", "RB-5228", "Оправа Ray-Ban RX5228", "Ray-Ban", "Оправы", 11900m),
        new("402", "PR-CASE", "Футляр для очков", "Optic City", "Аксессуары", 390m),
    ];

    public List<DemoPerson> People { get; } = [];
    public List<DemoOrder> Orders { get; } = [];
    public List<DemoCart> Carts { get; } = [];

    public static DemoShopData Generate(int customers, DateTimeOffset now, int seed = 20261125)
    {
        Randomizer.Seed = new Random(seed);
        var ru = new Faker("ru");
        var en = new Faker("en");
        var data = new DemoShopData();
        for (var i = 1; i <= customers; i++)
        {
            var female = ru.Random.Bool(0.6f);
            var gender = female ? Bogus.DataSets.Name.Gender.Female : Bogus.DataSets.Name.Gender.Male;
            var registered = now.AddDays(-ru.Random.Int(1, 730)).AddMinutes(-ru.Random.Int(0, 1440));
            data.People.Add(new DemoPerson(
                i,
                ru.Name.FirstName(gender),
                ru.Name.LastName(gender),
                ru.Random.Bool(0.7f) ? MiddleName(ru, female) : null,
                female,
                $"{en.Internet.UserName().ToLowerInvariant().Replace("'", "")}{i}@{ru.PickRandom(Domains)}",
                "9" + ru.Random.ReplaceNumbers("#########"),
                ru.Random.Bool(0.6f) ? DateOnly.FromDateTime(ru.Date.Between(now.AddYears(-65).DateTime, now.AddYears(-18).DateTime)) : null,
                ru.PickRandom("Москва", "Санкт-Петербург", "Казань", "Екатеринбург", "Новосибирск", "Нижний Новгород", "Самара", "Тверь"),
                ru.Random.Bool(0.75f),
                ru.Random.Bool(0.5f),
                registered));
        }

        var orderNumber = 1000;
        foreach (var person in data.People)
        {
            // A third never buy (leads); lens wearers come back every 1–3 months with some noise.
            if (ru.Random.Bool(0.3f))
            {
                continue;
            }
            var lens = ru.PickRandom(Catalog.Where(p => p.Category == "Линзы").ToArray());
            var solution = ru.PickRandom(Catalog.Where(p => p.Category == "Растворы").ToArray());
            var interval = ru.Random.Int(30, 95);
            var at = person.RegisteredAt.AddDays(ru.Random.Int(0, 20));
            var repeats = ru.Random.WeightedRandom([1, 2, 4, 8], [0.35f, 0.25f, 0.25f, 0.15f]);
            for (var k = 0; k < repeats && at < now; k++)
            {
                var lines = new List<(DemoProduct, int)> { (lens, ru.Random.Int(1, 2)) };
                if (ru.Random.Bool(0.6f)) lines.Add((solution, 1));
                if (ru.Random.Bool(0.15f)) lines.Add((ru.PickRandom(Catalog.Where(p => p.Category is "Капли" or "Оправы" or "Аксессуары").ToArray()), 1));
                data.Orders.Add(new DemoOrder((++orderNumber).ToString(), person, at, lines, ru.Random.Bool(0.04f), Offline: ru.Random.Bool(0.2f)));
                at = at.AddDays(interval + ru.Random.Int(-10, 25));
            }
        }

        foreach (var person in data.People.Where(_ => ru.Random.Bool(0.08f)))
        {
            data.Carts.Add(new DemoCart(en.Random.Hash(24), person, now.AddHours(-ru.Random.Int(2, 200)),
                [(ru.PickRandom(Catalog), ru.Random.Int(1, 3))]));
        }
        return data;
    }

    static string MiddleName(Faker f, bool female)
    {
        var root = f.PickRandom("Александров", "Сергеев", "Владимиров", "Иванов", "Петров", "Николаев", "Андреев", "Михайлов");
        return root + (female ? "на" : "ич");
    }

    /// <summary>The ways people and platforms write one Russian mobile number.</summary>
    public static string MessyPhone(string digits, int style) => style switch
    {
        0 => $"+7{digits}",
        1 => $"8 ({digits[..3]}) {digits[3..6]}-{digits[6..8]}-{digits[8..]}",
        2 => $"+7 {digits[..3]} {digits[3..6]} {digits[6..8]} {digits[8..]}",
        3 => $"8{digits}",
        4 => digits,
        _ => $"7-{digits[..3]}-{digits[3..6]}-{digits[6..8]}-{digits[8..]}",
    };
}
