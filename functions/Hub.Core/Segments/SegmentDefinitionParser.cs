using System.Collections.Frozen;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Hub.Segments;

/// <summary>
/// Reads custom segment definitions (one object, or an array of them) as <c>hub segments define</c> loads them; the
/// syntax is in docs/segments.md. Never throws for bad input: every problem in the file comes back as a
/// <see cref="SegmentDefinitionError"/>, and a file with any error yields no definitions.
/// </summary>
public static partial class SegmentDefinitionParser
{
    public const int MaxNameLength = 200;
    /// <summary>
    /// Each custom segment a customer is in is one column of their SegmentMembers row (<see cref="SegmentMemberStore"/>);
    /// with the built-ins' at most 14 columns this keeps a row within Azure's 252 properties.
    /// </summary>
    public const int MaxCustomSegments = 200;
    static readonly string[] DefinitionKeys = ["id", "name", "description", "rule"];
    static readonly string[] ReservedPrefixes = ["rfm-", "gender-"];

    /// <summary>Comments and trailing commas are allowed: people write these files by hand.</summary>
    static readonly JsonDocumentOptions Lenient = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,61}[a-z0-9]$")]
    private static partial Regex IdPattern();

    /// <param name="knownSegmentIds">The shop's stored custom segments, which rules may name in <c>inSegment</c>.</param>
    public static SegmentParseResult Parse(string json, IReadOnlySet<string> knownSegmentIds) => Parse(json, knownSegmentIds, []);

    /// <summary>
    /// As <see cref="Parse(string, IReadOnlySet{string})"/> with the shop's stored definitions, so that a cycle through
    /// a stored segment is found too (a definition in the file replaces the stored one with its id).
    /// </summary>
    public static SegmentParseResult Parse(string json, IReadOnlyCollection<SegmentDefinition> stored) =>
        Parse(json, stored.Select(d => d.Id).ToHashSet(StringComparer.Ordinal), stored);

    /// <summary>Reads back one rule kept as <see cref="SegmentDefinition.RuleJson"/>; errors are at paths under <c>rule</c>.</summary>
    public static SegmentRuleParseResult ParseRule(string ruleJson, IReadOnlySet<string> knownSegmentIds)
    {
        var errors = new List<SegmentDefinitionError>();
        using var document = Open(ruleJson, errors);
        if (document is null)
        {
            return new(null, errors);
        }
        var reader = new SegmentRuleReader(null, errors);
        var rule = reader.Read(document.RootElement, "rule");
        CheckReferences(reader, knownSegmentIds, FrozenSet<string>.Empty);
        return errors.Count == 0 ? new(rule, errors) : new(null, errors);
    }

    static SegmentParseResult Parse(string json, IReadOnlySet<string> knownSegmentIds, IReadOnlyCollection<SegmentDefinition> stored)
    {
        ArgumentNullException.ThrowIfNull(json);
        var errors = new List<SegmentDefinitionError>();
        using var document = Open(json, errors);
        if (document is null)
        {
            return new([], errors);
        }
        var root = document.RootElement;
        List<(JsonElement, int?)>? items = root.ValueKind switch
        {
            JsonValueKind.Object => [(root, (int?)null)],
            JsonValueKind.Array => root.EnumerateArray().Select((e, i) => (e, (int?)i)).ToList(),
            _ => null,
        };
        if (items is null || items.Count == 0)
        {
            errors.Add(new(null, "", items is null
                ? $"expected a segment definition object or an array of them, not {SegmentRuleReader.Describe(root)}"
                : "the file defines no segments"));
            return new([], errors);
        }

        var read = items.Select(item => ReadDefinition(item.Item1, item.Item2, errors)).ToList();
        var ids = read.Select(r => r.WrittenId).OfType<string>().ToHashSet(StringComparer.Ordinal);
        foreach (var duplicate in read.Where(r => r.Id is not null).GroupBy(r => r.Id!, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            errors.Add(new(duplicate.Key, "id", $"'{duplicate.Key}' is defined more than once in this file (at {string.Join(", ", duplicate.Select(r => $"[{r.Index}]"))})"));
        }
        foreach (var definition in read)
        {
            CheckReferences(definition.Reader, knownSegmentIds, ids);
        }
        CheckCycles(read, stored, errors);
        var total = knownSegmentIds.Union(ids, StringComparer.Ordinal).Count();
        if (total > MaxCustomSegments)
        {
            errors.Add(new(null, "", $"a shop may have at most {MaxCustomSegments} custom segments (each is a column of the customer's member row); this file would make {total}"));
        }

        return errors.Count == 0
            ? new([.. read.Select(r => r.Definition!)], errors)
            : new([], errors);
    }

    /// <summary>
    /// One definition as read: its id as written and when usable, and the definition when it has no error of its own.
    /// An unusable id is reported once: rules naming it in the same file are not also told it is unknown.
    /// </summary>
    sealed record DefinitionRead(string? WrittenId, string? Id, int? Index, SegmentRuleReader Reader, SegmentDefinition? Definition);

    static DefinitionRead ReadDefinition(JsonElement element, int? index, List<SegmentDefinitionError> errors)
    {
        var position = index is { } i ? $"[{i}]" : null;
        if (element.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new(position, "", $"a segment definition must be an object, not {SegmentRuleReader.Describe(element)}"));
            return new(null, null, index, new SegmentRuleReader(position, errors), null);
        }
        var idElement = element.TryGetProperty("id", out var e) ? e : (JsonElement?)null;
        var id = idElement is { ValueKind: JsonValueKind.String } ? idElement.Value.GetString()! : null;
        var usableId = id is not null && IdProblem(id) is null ? id : null;
        var errorCount = errors.Count;
        var reader = new SegmentRuleReader(usableId ?? position, errors);
        var properties = reader.Properties(element, "");

        if (idElement is null)
        {
            reader.Error("", "id is missing");
        }
        else if (id is null)
        {
            reader.Error("", $"id must be a string, not {SegmentRuleReader.Describe(idElement.Value)}");
        }
        else if (IdProblem(id) is { } problem)
        {
            reader.Error("id", problem);
        }

        var name = ReadText(properties, "name", required: true, reader);
        var description = ReadText(properties, "description", required: false, reader);
        foreach (var key in properties.Keys.Where(k => !DefinitionKeys.Contains(k)))
        {
            reader.Error("", $"unknown key '{key}'" + NameSuggestion.Hint(key, DefinitionKeys));
        }
        SegmentRule? rule = null;
        if (properties.TryGetValue("rule", out var ruleElement))
        {
            rule = reader.Read(ruleElement, "rule");
        }
        else
        {
            reader.Error("", "rule is missing");
        }
        var definition = errors.Count == errorCount && usableId is not null && name is not null && rule is not null
            ? new SegmentDefinition(usableId, name, description, rule)
            : null;
        return new(id, usableId, index, reader, definition);
    }

    static string? IdProblem(string id) =>
        !IdPattern().IsMatch(id) ? $"'{id}' is not a usable segment id: use 2–63 lower-case letters, digits and dashes, starting and ending with a letter or digit"
        : SegmentIds.IsBuiltIn(id) ? $"'{id}' is the id of a built-in segment; choose another"
        : ReservedPrefixes.FirstOrDefault(p => id.StartsWith(p, StringComparison.Ordinal)) is { } prefix ? $"ids starting with '{prefix}' are reserved for built-in segments; choose another"
        : null;

    static string? ReadText(Dictionary<string, JsonElement> properties, string key, bool required, SegmentRuleReader reader)
    {
        if (!properties.TryGetValue(key, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            if (required)
            {
                reader.Error("", $"{key} is missing");
            }
            return null;
        }
        var text = element.ValueKind == JsonValueKind.String ? element.GetString()!.Trim() : null;
        if (text is null || text.Length == 0 || text.Length > MaxNameLength && key == "name")
        {
            reader.Error("", text is null ? $"{key} must be a string, not {SegmentRuleReader.Describe(element)}"
                : text.Length == 0 ? $"{key} must not be empty"
                : $"{key} must be at most {MaxNameLength} characters");
            return null;
        }
        return text;
    }

    static void CheckReferences(SegmentRuleReader reader, IReadOnlySet<string> known, IReadOnlySet<string> inFile)
    {
        foreach (var (id, path) in reader.References)
        {
            if (!SegmentIds.IsBuiltIn(id) && !known.Contains(id) && !inFile.Contains(id))
            {
                var hint = NameSuggestion.Closest(id, [.. SegmentIds.BuiltIn, .. known, .. inFile]) is { } close
                    ? $"; did you mean '{close}'?"
                    : ": it is not a built-in segment, a stored custom segment, nor defined in this file";
                reader.Error(path, $"unknown segment '{id}'{hint}");
            }
        }
    }

    /// <summary>Cycles through at least one definition of the file, each reported once, at the first of its members in the file.</summary>
    static void CheckCycles(List<DefinitionRead> read, IReadOnlyCollection<SegmentDefinition> stored, List<SegmentDefinitionError> errors)
    {
        var inFile = read.Where(r => r.Id is not null).GroupBy(r => r.Id!, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var storedOnly = stored.Where(d => !inFile.ContainsKey(d.Id)).ToDictionary(d => d.Id, StringComparer.Ordinal);
        IEnumerable<string> DependsOn(string id) => inFile.TryGetValue(id, out var r)
            ? r.Reader.References.Select(x => x.SegmentId)
            : storedOnly[id].Rule.ReferencedSegments();

        var (_, cycles) = SegmentDependencies.Sort([.. inFile.Keys, .. storedOnly.Keys], DependsOn);
        var reported = new HashSet<string>(StringComparer.Ordinal);
        var order = inFile.Keys.ToList();
        foreach (var cycle in cycles)
        {
            var members = cycle.Skip(1).ToList();
            var first = members.Where(inFile.ContainsKey).OrderBy(order.IndexOf).FirstOrDefault();
            if (first is null || !reported.Add(string.Join(" ", members.Order(StringComparer.Ordinal))))
            {
                continue;
            }
            var at = members.IndexOf(first);
            List<string> rotated = [.. members[at..], .. members[..at], first];
            var path = inFile[first].Reader.References.First(x => x.SegmentId == rotated[1]).Path;
            errors.Add(new(first, path, $"segments depend on each other in a cycle: {SegmentDependencies.Describe(rotated)}"));
        }
    }

    static JsonDocument? Open(string json, List<SegmentDefinitionError> errors)
    {
        try
        {
            return JsonDocument.Parse(json, Lenient);
        }
        catch (JsonException e)
        {
            var message = e.Message;
            var cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
            var where = e.LineNumber is { } line ? $" at line {line + 1}, position {e.BytePositionInLine + 1}" : "";
            errors.Add(new(null, "", $"malformed JSON{where}: {(cut > 0 ? message[..cut] : message)}"));
            return null;
        }
    }
}
