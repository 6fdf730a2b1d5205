namespace Hub.Segments;

/// <summary>A custom segment a marketer defined: a stable id, the name people read, and the rule that picks its customers.</summary>
public sealed record SegmentDefinition(string Id, string Name, string? Description, SegmentRule Rule)
{
    /// <summary>The rule as canonical JSON: what storage keeps and <see cref="SegmentDefinitionParser.ParseRule"/> reads back.</summary>
    public string RuleJson => Rule.ToJson();
}

/// <summary>
/// One problem in a segment definition file: which definition (its id, or its position <c>[2]</c> in the file when
/// the id is unusable; none for the file as a whole), the JSON path inside it, and what is wrong.
/// Reads as <c>vip-lenses: rule.all[2].op: unknown operator 'greater'; expected one of …</c>.
/// </summary>
public sealed record SegmentDefinitionError(string? Segment, string Path, string Message)
{
    public override string ToString() => string.Join(": ", new[] { Segment, Path, Message }.Where(part => !string.IsNullOrEmpty(part)));
}

/// <summary>The definitions of a file when it is valid as a whole; otherwise no definitions and every error found.</summary>
public sealed record SegmentParseResult(IReadOnlyList<SegmentDefinition> Definitions, IReadOnlyList<SegmentDefinitionError> Errors)
{
    public bool Succeeded => Errors.Count == 0;
}

/// <summary>A rule read back on its own (from <see cref="SegmentDefinition.RuleJson"/>): the rule, or null and the errors.</summary>
public sealed record SegmentRuleParseResult(SegmentRule? Rule, IReadOnlyList<SegmentDefinitionError> Errors);
