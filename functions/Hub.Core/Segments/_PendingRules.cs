namespace Hub.Segments;
// Placeholder until the rule language lands (branch segment-rules); deleted at merge.
public abstract record SegmentRule { public abstract bool Matches(SegmentSubject subject); }
public sealed record SegmentDefinition(string Id, string Name, string? Description, SegmentRule Rule, string RuleJson);
