using System.Buffers;
using System.Text;
using System.Text.Json;
using Hub.Customers;

namespace Hub.Segments;

/// <summary>
/// A custom segment's condition on one customer, as a tree of the cases below. Built by
/// <see cref="SegmentDefinitionParser"/> from the JSON a marketer writes (syntax: docs/segments.md) and written back
/// as canonical JSON by <see cref="ToJson"/>, which the same parser reads.
/// </summary>
public abstract record SegmentRule
{
    private protected SegmentRule()
    {
    }

    public abstract bool Matches(SegmentSubject subject);

    /// <summary>The segment ids this rule asks about (<see cref="InSegment"/>), built-in or custom, anywhere in the tree.</summary>
    public abstract IEnumerable<string> ReferencedSegments();

    /// <summary>The rule as compact canonical JSON: what storage keeps.</summary>
    public string ToJson()
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = HubJson.Options.Encoder }))
        {
            Write(writer);
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    internal abstract void Write(Utf8JsonWriter writer);

    private protected static void WriteList(Utf8JsonWriter writer, string name, IReadOnlyList<SegmentRule> rules)
    {
        writer.WriteStartObject();
        writer.WriteStartArray(name);
        foreach (var rule in rules)
        {
            rule.Write(writer);
        }
        writer.WriteEndArray();
        writer.WriteEndObject();
    }
}

/// <summary>Every rule matches (<c>{"all": [...]}</c>).</summary>
public sealed record All(IReadOnlyList<SegmentRule> Rules) : SegmentRule
{
    public override bool Matches(SegmentSubject subject) => Rules.All(r => r.Matches(subject));
    public override IEnumerable<string> ReferencedSegments() => Rules.SelectMany(r => r.ReferencedSegments());
    internal override void Write(Utf8JsonWriter writer) => WriteList(writer, "all", Rules);
}

/// <summary>At least one rule matches (<c>{"any": [...]}</c>).</summary>
public sealed record Any(IReadOnlyList<SegmentRule> Rules) : SegmentRule
{
    public override bool Matches(SegmentSubject subject) => Rules.Any(r => r.Matches(subject));
    public override IEnumerable<string> ReferencedSegments() => Rules.SelectMany(r => r.ReferencedSegments());
    internal override void Write(Utf8JsonWriter writer) => WriteList(writer, "any", Rules);
}

/// <summary>The rule does not match (<c>{"not": {...}}</c>).</summary>
public sealed record Not(SegmentRule Rule) : SegmentRule
{
    public override bool Matches(SegmentSubject subject) => !Rule.Matches(subject);
    public override IEnumerable<string> ReferencedSegments() => Rule.ReferencedSegments();

    internal override void Write(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WritePropertyName("not");
        Rule.Write(writer);
        writer.WriteEndObject();
    }
}

public enum BoughtKind { Brand, Category, Product }

/// <summary>
/// The customer bought any of <paramref name="Values"/> (compared as <see cref="RuleText"/> does: case-insensitive,
/// ё as е): a brand or category by its name, a product by its key or its name. With <paramref name="WithinDays"/>,
/// the last purchase was at most that many calendar days ago in the shop's time zone (0: today).
/// </summary>
public sealed record BoughtRule(BoughtKind Kind, IReadOnlyList<string> Values, int? WithinDays = null) : SegmentRule
{
    public override bool Matches(SegmentSubject subject)
    {
        var aggregates = subject.Customer.Aggregates;
        return Kind switch
        {
            BoughtKind.Brand => aggregates.Brands.Any(b => Named(b.Name) && Recent(subject, b.LastAt)),
            BoughtKind.Category => aggregates.Categories.Any(c => Named(c.Name) && Recent(subject, c.LastAt)),
            _ => aggregates.Products.Any(p =>
                (Named(p.Product) || p.Name is { } name && Named(name)) && Recent(subject, p.Dates.Count > 0 ? p.Dates[^1] : null)),
        };
    }

    bool Named(string name) => Values.Any(v => RuleText.Same(v, name));

    bool Recent(SegmentSubject subject, DateTimeOffset? lastAt) => WithinDays is not { } days || subject.DaysSince(lastAt) <= days;

    public override IEnumerable<string> ReferencedSegments() => [];

    internal override void Write(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteStartObject("bought");
        writer.WritePropertyName(KindName(Kind));
        if (Values.Count == 1)
        {
            writer.WriteStringValue(Values[0]);
        }
        else
        {
            writer.WriteStartArray();
            foreach (var value in Values)
            {
                writer.WriteStringValue(value);
            }
            writer.WriteEndArray();
        }
        if (WithinDays is { } days)
        {
            writer.WriteNumber("withinDays", days);
        }
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    internal static string KindName(BoughtKind kind) => kind.ToString().ToLowerInvariant();
}

/// <summary>The customer granted consent for the channel (denied, pending or never asked: no match).</summary>
public sealed record ConsentRule(Channel Channel) : SegmentRule
{
    public override bool Matches(SegmentSubject subject) =>
        subject.Customer.Consents.TryGetValue(Channel, out var consent) && consent.State == ConsentState.Granted;

    public override IEnumerable<string> ReferencedSegments() => [];

    internal override void Write(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteString("consent", ChannelName(Channel));
        writer.WriteEndObject();
    }

    /// <summary>The channel as HubJson writes it (<c>email</c>, <c>whats-app</c>).</summary>
    internal static string ChannelName(Channel channel) => JsonNamingPolicy.KebabCaseLower.ConvertName(channel.ToString());
}

/// <summary>
/// The customer is in the segment: a built-in one, or a custom one evaluated earlier (see
/// <see cref="SegmentDependencies.InDependencyOrder"/>), as listed in <see cref="SegmentSubject.Segments"/>.
/// </summary>
public sealed record InSegment(string SegmentId) : SegmentRule
{
    public override bool Matches(SegmentSubject subject) => subject.Segments.Contains(SegmentId);
    public override IEnumerable<string> ReferencedSegments() => [SegmentId];

    internal override void Write(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteString("inSegment", SegmentId);
        writer.WriteEndObject();
    }
}
