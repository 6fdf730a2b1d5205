using Hub.Customers;

namespace Hub.Segments;

/// <summary>
/// Gender from Russian names, only for shops that turn it on: the patronymic decides (-вич / -вна, -кызы / -оглы),
/// else a surname with a gendered ending (-ова / -ов, -ина / -ин, -ская / -ский…). First names are not used: too many
/// are shared or ambiguous. Returns null rather than guess.
/// </summary>
public static class GenderGuess
{
    static readonly (string Suffix, Gender Gender)[] Patronymic =
    [
        ("вич", Gender.Male), ("ич", Gender.Male), ("оглы", Gender.Male), ("улы", Gender.Male),
        ("вна", Gender.Female), ("чна", Gender.Female), ("кызы", Gender.Female), ("гызы", Gender.Female),
    ];

    static readonly (string Suffix, Gender Gender)[] Surname =
    [
        ("ова", Gender.Female), ("ева", Gender.Female), ("ёва", Gender.Female), ("ина", Gender.Female), ("ына", Gender.Female),
        ("ская", Gender.Female), ("цкая", Gender.Female),
        ("ов", Gender.Male), ("ев", Gender.Male), ("ёв", Gender.Male), ("ин", Gender.Male), ("ын", Gender.Male),
        ("ский", Gender.Male), ("цкий", Gender.Male),
    ];

    public static Gender? FromName(string? middleName, string? lastName) =>
        Match(middleName, Patronymic) ?? Match(lastName, Surname);

    static Gender? Match(string? name, (string Suffix, Gender Gender)[] table)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return null;
        }
        var lower = name.Trim().ToLowerInvariant();
        foreach (var (suffix, gender) in table)
        {
            if (lower.Length > suffix.Length + 1 && lower.EndsWith(suffix, StringComparison.Ordinal))
            {
                return gender;
            }
        }
        return null;
    }
}
