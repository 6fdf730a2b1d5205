using System.Text.Json;
using Hub.Customers;

namespace Hub.Segments;

/// <summary>
/// Reads one definition's JSON into a <see cref="SegmentRule"/>, adding an error for every problem found (with the
/// definition's label and the JSON path) instead of stopping at the first. A rule with any error reads as null.
/// Problems with a name (an unknown field, operator, channel) are reported at that key's path; missing or
/// mistyped parts at the path of the object that holds them.
/// </summary>
internal sealed class SegmentRuleReader(string? segment, List<SegmentDefinitionError> errors)
{
    static readonly string[] ConditionKeys = ["all", "any", "not", "field", "bought", "consent", "inSegment"];
    static readonly string[] CompareKeys = ["field", "op", "value"];
    static readonly string[] BoughtKinds = [.. Enum.GetValues<BoughtKind>().Select(BoughtRule.KindName)];
    static readonly string[] BoughtKeys = [.. BoughtKinds, "withinDays"];
    static readonly string[] OpNames = [.. Enum.GetValues<CompareOp>().Select(Compare.OpName)];
    static readonly string[] FieldNames = [.. RuleFields.All.Select(f => f.Name)];
    static readonly string[] ChannelNames = [.. Enum.GetValues<Channel>().Select(ConsentRule.ChannelName)];

    /// <summary>Every <c>inSegment</c> read, with its path, for the caller to check against the segments that exist.</summary>
    public List<(string SegmentId, string Path)> References { get; } = [];

    public void Error(string path, string message) => errors.Add(new(segment, path, message));

    /// <summary>An object's properties by name; a name given twice is an error (JSON would silently keep one).</summary>
    public Dictionary<string, JsonElement> Properties(JsonElement element, string path)
    {
        var properties = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var property in element.EnumerateObject())
        {
            if (!properties.TryAdd(property.Name, property.Value))
            {
                Error(path, $"'{property.Name}' is given more than once");
            }
        }
        return properties;
    }

    public SegmentRule? Read(JsonElement element, string path)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            Error(path, $"a condition must be an object, not {Describe(element)}");
            return null;
        }
        var properties = Properties(element, path);
        var kinds = properties.Keys.Where(ConditionKeys.Contains).ToList();
        if (kinds.Count == 0)
        {
            NoCondition(properties, path);
            return null;
        }
        if (kinds.Count > 1)
        {
            Error(path, $"a condition takes exactly one of {string.Join(", ", ConditionKeys)}; found {string.Join(" and ", kinds)}: put each in its own condition inside all or any");
            return null;
        }
        var kind = kinds[0];
        var allowed = kind == "field" ? CompareKeys : [kind];
        var strayKeys = false;
        foreach (var key in properties.Keys.Where(k => !allowed.Contains(k)))
        {
            Error(path, $"unknown key '{key}' in a '{kind}' condition" + NameSuggestion.Hint(key, allowed));
            strayKeys = true;
        }
        var value = properties[kind];
        SegmentRule? rule = kind switch
        {
            "all" => ReadList(value, path, "all") is { } all ? new All(all) : null,
            "any" => ReadList(value, path, "any") is { } any ? new Any(any) : null,
            "not" => ReadNot(value, path),
            "field" => ReadCompare(properties, path),
            "bought" => ReadBought(value, $"{path}.bought"),
            "consent" => ReadConsent(value, path),
            _ => ReadInSegment(value, path),
        };
        return strayKeys ? null : rule;
    }

    void NoCondition(Dictionary<string, JsonElement> properties, string path)
    {
        if (properties.ContainsKey("op") || properties.ContainsKey("value"))
        {
            Error(path, "field is missing: a comparison needs field, op and value");
        }
        else if (properties.Count == 0)
        {
            Error(path, $"empty condition; expected one of {string.Join(", ", ConditionKeys)}");
        }
        else
        {
            var key = properties.Keys.First();
            Error(path, $"unknown condition '{key}'" + NameSuggestion.Hint(key, ConditionKeys));
        }
    }

    List<SegmentRule>? ReadList(JsonElement element, string path, string kind)
    {
        if (element.ValueKind != JsonValueKind.Array)
        {
            Error(path, $"{kind} must be an array of conditions, not {Describe(element)}");
            return null;
        }
        if (element.GetArrayLength() == 0)
        {
            Error(path, $"{kind} is empty; it needs at least one condition");
            return null;
        }
        var rules = element.EnumerateArray().Select((item, i) => Read(item, $"{path}.{kind}[{i}]")).ToList();
        return rules.Contains(null) ? null : [.. rules.OfType<SegmentRule>()];
    }

    Not? ReadNot(JsonElement element, string path)
    {
        if (element.ValueKind == JsonValueKind.Array)
        {
            Error(path, "not takes one condition, not an array: to exclude several, put them in all or any inside not");
            return null;
        }
        return Read(element, $"{path}.not") is { } rule ? new Not(rule) : null;
    }

    Compare? ReadCompare(Dictionary<string, JsonElement> properties, string path)
    {
        var spec = ReadField(properties["field"], path);
        var op = ReadOp(properties, path, spec);
        if (!properties.TryGetValue("value", out var value))
        {
            Error(path, "value is missing" + (op == CompareOp.Exists ? ": use true or false with 'exists'" : ""));
            return null;
        }
        if (spec is null || op is not { } known)
        {
            return null;
        }
        var ruleValue = known switch
        {
            CompareOp.Exists => value.ValueKind is JsonValueKind.True or JsonValueKind.False
                ? new RuleValue.Flag(value.GetBoolean())
                : Invalid(path, "value must be true or false for 'exists'"),
            CompareOp.In => ReadMany(value, path, spec),
            _ => ReadOne(value, path, "value", spec, known),
        };
        return ruleValue is null ? null : new Compare(spec.Field, known, ruleValue);
    }

    FieldSpec? ReadField(JsonElement element, string path)
    {
        if (element.ValueKind != JsonValueKind.String)
        {
            Error(path, $"field must be a field name, not {Describe(element)}");
            return null;
        }
        var name = element.GetString()!;
        var spec = RuleFields.Named(name);
        if (spec is null)
        {
            Error($"{path}.field", $"unknown field '{name}'" + NameSuggestion.Hint(name, FieldNames));
        }
        return spec;
    }

    CompareOp? ReadOp(Dictionary<string, JsonElement> properties, string path, FieldSpec? spec)
    {
        if (!properties.TryGetValue("op", out var element))
        {
            Error(path, "op is missing; expected one of " + string.Join(", ", spec?.Operators.Select(Compare.OpName) ?? OpNames));
            return null;
        }
        if (element.ValueKind != JsonValueKind.String)
        {
            Error(path, $"op must be an operator name, not {Describe(element)}");
            return null;
        }
        var name = element.GetString()!;
        var index = Array.IndexOf(OpNames, name);
        if (index < 0)
        {
            Error($"{path}.op", $"unknown operator '{name}'" + NameSuggestion.Hint(name, OpNames));
            return null;
        }
        var op = (CompareOp)index;
        if (spec is not null && !spec.Operators.Contains(op))
        {
            var usable = spec.Operators.Select(Compare.OpName).ToList();
            var choices = usable.Count == 1 ? usable[0] : $"{string.Join(", ", usable[..^1])} or {usable[^1]}";
            Error($"{path}.op", $"operator '{name}' does not apply to {spec.Name}, which is {spec.KindName}; use {choices}");
            return null;
        }
        return op;
    }

    RuleValue.Many? ReadMany(JsonElement element, string path, FieldSpec spec)
    {
        if (element.ValueKind != JsonValueKind.Array)
        {
            Error(path, $"value must be an array for 'in', like [\"a\", \"b\"] or [1, 2], not {Describe(element)}");
            return null;
        }
        if (element.GetArrayLength() == 0)
        {
            Error(path, "value is an empty array: 'in' needs at least one value");
            return null;
        }
        var values = element.EnumerateArray().Select((item, i) => ReadOne(item, path, $"value[{i}]", spec, CompareOp.In)).ToList();
        return values.Contains(null) ? null : new RuleValue.Many([.. values.OfType<RuleValue>()]);
    }

    RuleValue? ReadOne(JsonElement element, string path, string name, FieldSpec spec, CompareOp op)
    {
        if (spec.Kind == FieldKind.Number)
        {
            if (element.ValueKind != JsonValueKind.Number || !element.TryGetDecimal(out var number))
            {
                return Invalid(path, $"{name} must be a number for {spec.Name}, not {Describe(element)}");
            }
            if (spec.Whole && number != decimal.Truncate(number))
            {
                return Invalid(path, $"{name} must be a whole number for {spec.Name}");
            }
            if (number < spec.Min || number > spec.Max)
            {
                return Invalid(path, spec.Max is { } max
                    ? $"{name} must be between {spec.Min} and {max} for {spec.Name}"
                    : $"{name} must be {spec.Min} or more for {spec.Name}");
            }
            return new RuleValue.Number(number);
        }
        if (element.ValueKind != JsonValueKind.String)
        {
            return Invalid(path, $"{name} must be a string for {spec.Name}, not {Describe(element)}");
        }
        var text = element.GetString()!;
        if (string.IsNullOrWhiteSpace(text))
        {
            return Invalid(path, $"{name} must not be empty");
        }
        if (spec.Kind != FieldKind.Choice || op == CompareOp.Contains)
        {
            return new RuleValue.Text(text);
        }
        var choice = RuleFields.Choice(spec.Field, text);
        var choices = spec.Field == RuleField.RfmSegment ? spec.Choices.Select(c => RuleFields.RfmPrefix + c) : spec.Choices;
        if (!choices.Contains(choice))
        {
            var what = spec.Field == RuleField.RfmSegment ? "RFM segment" : spec.Name;
            return Invalid($"{path}.{name}", $"unknown {what} '{text}'" + NameSuggestion.Hint(StripRfmPrefix(text), spec.Choices));
        }
        return new RuleValue.Text(choice);
    }

    BoughtRule? ReadBought(JsonElement element, string path)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            Error(path, $"bought must be an object like {{\"brand\": \"Alcon\", \"withinDays\": 180}}, not {Describe(element)}");
            return null;
        }
        var properties = Properties(element, path);
        var ok = true;
        foreach (var key in properties.Keys.Where(k => !BoughtKeys.Contains(k)))
        {
            Error(path, $"unknown key '{key}'" + NameSuggestion.Hint(key, BoughtKeys));
            ok = false;
        }
        var kinds = properties.Keys.Where(BoughtKinds.Contains).ToList();
        if (kinds.Count != 1)
        {
            Error(path, kinds.Count == 0
                ? "bought needs one of brand, category, product"
                : $"bought takes exactly one of brand, category, product; found {string.Join(" and ", kinds)}");
            return null;
        }
        var values = ReadNames(properties[kinds[0]], path, kinds[0]);
        int? withinDays = null;
        if (properties.TryGetValue("withinDays", out var days))
        {
            if (days.ValueKind == JsonValueKind.Number && days.TryGetInt32(out var d) && d >= 0)
            {
                withinDays = d;
            }
            else
            {
                Error(path, "withinDays must be a whole number of days, 0 or more");
                ok = false;
            }
        }
        return ok && values is not null ? new BoughtRule(Enum.Parse<BoughtKind>(kinds[0], ignoreCase: true), values, withinDays) : null;
    }

    List<string>? ReadNames(JsonElement element, string path, string kind)
    {
        var items = element.ValueKind == JsonValueKind.Array ? element.EnumerateArray().ToList() : [element];
        if (items.Count == 0 || items.Any(i => i.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(i.GetString())))
        {
            Error(path, $"{kind} must be a name or an array of names, like \"Alcon\" or [\"Alcon\", \"Bausch\"]");
            return null;
        }
        return [.. items.Select(i => i.GetString()!)];
    }

    ConsentRule? ReadConsent(JsonElement element, string path)
    {
        if (element.ValueKind != JsonValueKind.String)
        {
            Error(path, $"consent must be a channel name like \"email\", not {Describe(element)}");
            return null;
        }
        var name = element.GetString()!;
        var key = name.Replace("-", "", StringComparison.Ordinal).ToLowerInvariant();
        foreach (var channel in Enum.GetValues<Channel>())
        {
            if (channel.ToString().ToLowerInvariant() == key)
            {
                return new ConsentRule(channel);
            }
        }
        Error($"{path}.consent", $"unknown channel '{name}'" + NameSuggestion.Hint(name, ChannelNames));
        return null;
    }

    InSegment? ReadInSegment(JsonElement element, string path)
    {
        if (element.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(element.GetString()))
        {
            Error(path, $"inSegment must be a segment id like \"rfm-champions\", not {Describe(element)}");
            return null;
        }
        var id = element.GetString()!;
        References.Add((id, $"{path}.inSegment"));
        return new InSegment(id);
    }

    static string StripRfmPrefix(string text) =>
        text.StartsWith(RuleFields.RfmPrefix, StringComparison.OrdinalIgnoreCase) ? text[RuleFields.RfmPrefix.Length..] : text;

    RuleValue? Invalid(string path, string message)
    {
        Error(path, message);
        return null;
    }

    public static string Describe(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => $"the string \"{element.GetString()}\"",
        JsonValueKind.Number => $"the number {element.GetRawText()}",
        JsonValueKind.True or JsonValueKind.False => element.GetRawText(),
        _ => "null",
    };
}
