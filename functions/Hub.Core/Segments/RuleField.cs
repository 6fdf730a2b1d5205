namespace Hub.Segments;

/// <summary>What a <see cref="Compare"/> rule looks at; in JSON by its camelCase name (<c>ordersCount</c>).</summary>
public enum RuleField
{
    OrdersCount,
    TotalSpent,
    /// <summary>Missing for a customer without orders.</summary>
    AverageCheck,
    /// <summary>Calendar days in the shop's time zone; missing for a customer without orders.</summary>
    DaysSinceLastOrder,
    DaysSinceFirstOrder,
    DaysSinceCreated,
    /// <summary>RFM scores 1–5; missing when the customer has no RFM score.</summary>
    RfmR,
    RfmF,
    RfmM,
    /// <summary>The RFM segment id (<c>rfm-champions</c>); a rule may leave out the <c>rfm-</c> prefix.</summary>
    RfmSegment,
    City,
    /// <summary>The effective gender of <see cref="SegmentSubject.Gender"/>: <c>female</c> or <c>male</c>.</summary>
    Gender,
    Tags,
    /// <summary>Presence of a valid email (invalid ones are never used for sending).</summary>
    Email,
    /// <summary>Presence of a valid phone.</summary>
    Phone,
    /// <summary>1–12; missing when the birthday is unknown.</summary>
    BirthdayMonth,
}

/// <summary>What kind of value a field holds, which decides the operators and values it takes.</summary>
internal enum FieldKind { Number, Text, Choice, Tags, Presence }

/// <summary>A field's JSON name, kind and the values a rule may compare it with.</summary>
internal sealed record FieldSpec(RuleField Field, string Name, FieldKind Kind, bool Whole = true, decimal Min = 0, decimal? Max = null)
{
    public IReadOnlyList<string> Choices { get; init; } = [];

    public IReadOnlyList<CompareOp> Operators => Kind switch
    {
        FieldKind.Number => [CompareOp.Eq, CompareOp.Ne, CompareOp.Gt, CompareOp.Gte, CompareOp.Lt, CompareOp.Lte, CompareOp.In, CompareOp.Exists],
        FieldKind.Text => [CompareOp.Eq, CompareOp.Ne, CompareOp.In, CompareOp.Contains, CompareOp.Exists],
        FieldKind.Choice => [CompareOp.Eq, CompareOp.Ne, CompareOp.In, CompareOp.Exists],
        FieldKind.Tags => [CompareOp.Contains, CompareOp.In, CompareOp.Exists],
        _ => [CompareOp.Exists],
    };

    public string KindName => Kind switch
    {
        FieldKind.Number => "a number",
        FieldKind.Text => "text",
        FieldKind.Choice => "one of " + string.Join(", ", Choices),
        FieldKind.Tags => "a list of tags",
        _ => "present or not",
    };
}

/// <summary>The fields rules can compare, and each one's value for a subject (null: the customer has none).</summary>
internal static class RuleFields
{
    public const string RfmPrefix = "rfm-";

    public static readonly IReadOnlyList<FieldSpec> All =
    [
        new(RuleField.OrdersCount, "ordersCount", FieldKind.Number),
        new(RuleField.TotalSpent, "totalSpent", FieldKind.Number, Whole: false),
        new(RuleField.AverageCheck, "averageCheck", FieldKind.Number, Whole: false),
        new(RuleField.DaysSinceLastOrder, "daysSinceLastOrder", FieldKind.Number),
        new(RuleField.DaysSinceFirstOrder, "daysSinceFirstOrder", FieldKind.Number),
        new(RuleField.DaysSinceCreated, "daysSinceCreated", FieldKind.Number),
        new(RuleField.RfmR, "rfmR", FieldKind.Number, Min: 1, Max: 5),
        new(RuleField.RfmF, "rfmF", FieldKind.Number, Min: 1, Max: 5),
        new(RuleField.RfmM, "rfmM", FieldKind.Number, Min: 1, Max: 5),
        new(RuleField.RfmSegment, "rfmSegment", FieldKind.Choice) { Choices = [.. RfmGrid.Segments.Select(s => s.Id[RfmPrefix.Length..])] },
        new(RuleField.City, "city", FieldKind.Text),
        new(RuleField.Gender, "gender", FieldKind.Choice) { Choices = ["female", "male"] },
        new(RuleField.Tags, "tags", FieldKind.Tags),
        new(RuleField.Email, "email", FieldKind.Presence),
        new(RuleField.Phone, "phone", FieldKind.Presence),
        new(RuleField.BirthdayMonth, "birthdayMonth", FieldKind.Number, Min: 1, Max: 12),
    ];

    public static FieldSpec Of(RuleField field) => All[(int)field];

    public static FieldSpec? Named(string name) => All.FirstOrDefault(f => f.Name == name);

    public static decimal? Number(RuleField field, SegmentSubject subject)
    {
        var aggregates = subject.Customer.Aggregates;
        return field switch
        {
            RuleField.OrdersCount => aggregates.OrdersCount,
            RuleField.TotalSpent => aggregates.TotalSpent,
            RuleField.AverageCheck => aggregates.OrdersCount > 0 ? aggregates.AverageCheck : null,
            RuleField.DaysSinceLastOrder => subject.DaysSinceLastOrder,
            RuleField.DaysSinceFirstOrder => subject.DaysSinceFirstOrder,
            RuleField.DaysSinceCreated => subject.DaysSince(subject.Customer.CreatedAt),
            RuleField.RfmR => subject.Rfm?.R,
            RuleField.RfmF => subject.Rfm?.F,
            RuleField.RfmM => subject.Rfm?.M,
            RuleField.BirthdayMonth => subject.Customer.Birthday?.Month,
            _ => throw new ArgumentOutOfRangeException(nameof(field), field, "not a number field"),
        };
    }

    /// <summary>Text and choice fields; choices in their JSON spelling (<c>female</c>, <c>rfm-champions</c>).</summary>
    public static string? Text(RuleField field, SegmentSubject subject) => field switch
    {
        RuleField.City => string.IsNullOrWhiteSpace(subject.Customer.City) ? null : subject.Customer.City,
        RuleField.Gender => subject.Gender switch
        {
            Customers.Gender.Female => "female",
            Customers.Gender.Male => "male",
            _ => null,
        },
        RuleField.RfmSegment => subject.Rfm?.Segment.Id,
        _ => throw new ArgumentOutOfRangeException(nameof(field), field, "not a text field"),
    };

    public static bool Present(RuleField field, SegmentSubject subject) => field switch
    {
        RuleField.Email => subject.Customer.Emails.Any(e => e.Valid),
        RuleField.Phone => subject.Customer.Phones.Any(p => p.Valid),
        RuleField.Tags => subject.Customer.Tags.Count > 0,
        _ => Of(field).Kind == FieldKind.Number ? Number(field, subject) is not null : Text(field, subject) is not null,
    };

    /// <summary>A choice as the subject holds it: an RFM segment with its prefix, anything else folded.</summary>
    public static string Choice(RuleField field, string value)
    {
        var folded = RuleText.Fold(value);
        return field == RuleField.RfmSegment && !folded.StartsWith(RfmPrefix, StringComparison.Ordinal) ? RfmPrefix + folded : folded;
    }
}
