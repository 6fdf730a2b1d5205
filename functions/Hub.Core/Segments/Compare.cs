using System.Text.Json;

namespace Hub.Segments;

/// <summary>Comparison operators; in JSON by their lower-case names (<c>gte</c>).</summary>
public enum CompareOp { Eq, Ne, Gt, Gte, Lt, Lte, In, Contains, Exists }

/// <summary>A value a <see cref="Compare"/> rule compares a field with.</summary>
public abstract record RuleValue
{
    private RuleValue()
    {
    }

    public sealed record Number(decimal Value) : RuleValue;
    public sealed record Text(string Value) : RuleValue;
    /// <summary>The value of <c>exists</c>.</summary>
    public sealed record Flag(bool Value) : RuleValue;
    /// <summary>The values of <c>in</c>.</summary>
    public sealed record Many(IReadOnlyList<RuleValue> Values) : RuleValue;

    internal void Write(Utf8JsonWriter writer)
    {
        switch (this)
        {
            case Number n: writer.WriteNumberValue(n.Value); break;
            case Text t: writer.WriteStringValue(t.Value); break;
            case Flag f: writer.WriteBooleanValue(f.Value); break;
            case Many m:
                writer.WriteStartArray();
                foreach (var value in m.Values)
                {
                    value.Write(writer);
                }
                writer.WriteEndArray();
                break;
        }
    }
}

/// <summary>
/// Compares a customer's <paramref name="Field"/> with <paramref name="Value"/>:
/// <list type="bullet">
/// <item>numbers: <c>eq ne gt gte lt lte</c> with a number, <c>in</c> with numbers;</item>
/// <item>text (<c>city</c>): <c>eq ne</c>, <c>in</c>, and <c>contains</c> as a substring, all compared case-insensitively and
/// culture-invariantly with ё read as е;</item>
/// <item>choices (<c>gender</c>, <c>rfmSegment</c>, the latter with or without its <c>rfm-</c> prefix): <c>eq ne in</c>;</item>
/// <item><c>tags</c>: <c>contains</c> a tag, or <c>in</c>: has any of the tags (whole tags, case-insensitive);</item>
/// <item>every field: <c>exists</c> with true or false (<c>email</c> and <c>phone</c> take only this: a valid one is present).</item>
/// </list>
/// Missing values: a customer with no value for the field (no orders: no <c>daysSinceLastOrder</c> nor
/// <c>averageCheck</c>; no RFM score; no city, gender, birthday or tags) matches only <c>exists: false</c> and
/// <c>ne</c>. "Not in Moscow" includes customers whose city is unknown, as <c>{"not": {… "eq" …}}</c> would;
/// every other comparison needs a value to hold, so "fewer than 30 days since the last order" never picks a
/// customer who never ordered.
/// </summary>
public sealed record Compare(RuleField Field, CompareOp Op, RuleValue Value) : SegmentRule
{
    public override bool Matches(SegmentSubject subject)
    {
        if (Op == CompareOp.Exists)
        {
            return RuleFields.Present(Field, subject) == Value is RuleValue.Flag { Value: true };
        }
        return RuleFields.Of(Field).Kind switch
        {
            FieldKind.Number => MatchesNumber(RuleFields.Number(Field, subject)),
            FieldKind.Text or FieldKind.Choice => MatchesText(RuleFields.Text(Field, subject)),
            FieldKind.Tags => MatchesTags(subject.Customer.Tags),
            _ => false,
        };
    }

    IEnumerable<RuleValue> Values => Value is RuleValue.Many many ? many.Values : [Value];

    bool MatchesNumber(decimal? actual)
    {
        if (actual is not { } a)
        {
            return Op == CompareOp.Ne;
        }
        if (Op == CompareOp.In)
        {
            return Values.Any(v => v is RuleValue.Number n && n.Value == a);
        }
        if (Value is not RuleValue.Number { Value: var b })
        {
            return false;
        }
        return Op switch
        {
            CompareOp.Eq => a == b,
            CompareOp.Ne => a != b,
            CompareOp.Gt => a > b,
            CompareOp.Gte => a >= b,
            CompareOp.Lt => a < b,
            CompareOp.Lte => a <= b,
            _ => false,
        };
    }

    bool MatchesText(string? actual)
    {
        if (actual is null)
        {
            return Op == CompareOp.Ne;
        }
        var folded = RuleText.Fold(actual);
        bool Equal(RuleValue v) => v is RuleValue.Text t && string.Equals(folded, Expected(t.Value), StringComparison.Ordinal);
        return Op switch
        {
            CompareOp.Eq => Equal(Value),
            CompareOp.Ne => !Equal(Value),
            CompareOp.In => Values.Any(Equal),
            CompareOp.Contains => Value is RuleValue.Text t && folded.Contains(RuleText.Fold(t.Value), StringComparison.Ordinal),
            _ => false,
        };
    }

    string Expected(string value) => RuleFields.Of(Field).Kind == FieldKind.Choice ? RuleFields.Choice(Field, value) : RuleText.Fold(value);

    bool MatchesTags(IReadOnlyList<string> tags) => Op switch
    {
        CompareOp.Contains => Value is RuleValue.Text t && tags.Any(tag => RuleText.Same(tag, t.Value)),
        CompareOp.In => Values.Any(v => v is RuleValue.Text t && tags.Any(tag => RuleText.Same(tag, t.Value))),
        _ => false,
    };

    public override IEnumerable<string> ReferencedSegments() => [];

    internal override void Write(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteString("field", RuleFields.Of(Field).Name);
        writer.WriteString("op", OpName(Op));
        writer.WritePropertyName("value");
        Value.Write(writer);
        writer.WriteEndObject();
    }

    internal static string OpName(CompareOp op) => op.ToString().ToLowerInvariant();
}
