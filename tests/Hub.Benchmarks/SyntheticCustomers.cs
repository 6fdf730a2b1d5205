using Hub.Customers;
using Hub.Shops;

namespace Hub.Benchmarks;

/// <summary>
/// Deterministic CSV-like customer rows (fixed seed): Russian names, one email, one mobile phone written the many ways
/// people type them, and about 5% rows that repeat an earlier person with the phone written differently.
/// </summary>
static class SyntheticCustomers
{
    static readonly string[] FirstNames = ["Анна", "Мария", "Елена", "Ольга", "Ирина", "Наталья", "Алексей", "Дмитрий", "Сергей", "Андрей", "Иван", "Павел"];
    static readonly string[] LastNames = ["Иванов", "Смирнов", "Кузнецов", "Попов", "Васильев", "Петров", "Соколов", "Михайлов", "Новиков", "Фёдоров"];
    static readonly string[] Latin = ["anna", "maria", "elena", "olga", "irina", "natalia", "alexey", "dmitry", "sergey", "andrey", "ivan", "pavel"];
    static readonly string[] Domains = ["mail.ru", "yandex.ru", "gmail.com", "bk.ru", "inbox.ru", "list.ru"];
    static readonly int[] Operators = [900, 901, 902, 903, 904, 905, 906, 908, 909, 910, 911, 912, 913, 914, 915, 916, 917, 918, 919,
        920, 921, 922, 923, 924, 925, 926, 927, 928, 929, 930, 931, 932, 933, 934, 936, 937, 938, 939, 950, 951, 952, 953,
        960, 961, 962, 963, 964, 965, 966, 967, 968, 969, 977, 978, 980, 981, 982, 983, 984, 985, 986, 987, 988, 989, 991,
        992, 993, 994, 995, 996, 997, 999];

    public static List<CustomerRecord> Generate(int count, int seed = 20261125)
    {
        var random = new Random(seed);
        var rows = new List<CustomerRecord>(count);
        var people = new List<(string First, string Last, string Email, long Phone)>(count);
        for (var i = 0; i < count; i++)
        {
            var externalId = (100_000 + i).ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (people.Count > 0 && random.NextDouble() < 0.05)
            {
                var (first, last, email, phone) = people[random.Next(people.Count)];
                rows.Add(new CustomerRecord
                {
                    Source = Platforms.Csv,
                    ExternalId = externalId,
                    FirstName = first,
                    LastName = last,
                    Emails = random.Next(2) == 0 ? [email.ToUpperInvariant()] : [],
                    Phones = [Format(phone, random)],
                });
                continue;
            }
            var n = random.Next(FirstNames.Length);
            var female = n < 6;
            var surname = LastNames[random.Next(LastNames.Length)] + (female ? "а" : "");
            var number = Operators[i % Operators.Length] * 10_000_000L + (i / Operators.Length * 7919L + 1234) % 10_000_000L;
            var person = (FirstNames[n], surname, $"{Latin[n]}.{i}@{Domains[random.Next(Domains.Length)]}", number);
            people.Add(person);
            rows.Add(new CustomerRecord
            {
                Source = Platforms.Csv,
                ExternalId = externalId,
                FirstName = person.Item1,
                LastName = person.surname,
                Emails = [person.Item3],
                Phones = [Format(number, random)],
            });
        }
        return rows;
    }

    /// <summary>A ten-digit Russian mobile number (9xxxxxxxxx) the way people write it.</summary>
    static string Format(long number, Random random)
    {
        var d = number.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return random.Next(5) switch
        {
            0 => $"8 ({d[..3]}) {d[3..6]}-{d[6..8]}-{d[8..]}",
            1 => $"+7 {d[..3]} {d[3..6]} {d[6..8]} {d[8..]}",
            2 => "8" + d,
            3 => d,
            _ => $"7-{d[..3]}-{d[3..6]}-{d[6..8]}-{d[8..]}",
        };
    }
}
