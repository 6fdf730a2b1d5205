using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Hub.Segments;

namespace Hub.Cli.Commands;

/// <summary>
/// A hand-written settings file over the current settings (<c>hub segments settings</c>, <c>hub campaigns settings</c>):
/// read strictly — an unknown setting (with the closest name), a value of the wrong type or malformed JSON is refused
/// with its line and position — and merged, so settings the file leaves out keep their values.
/// </summary>
static class SettingsFile
{
    /// <summary>HubJson's names and converters; comments and trailing commas allowed in a hand-written file, unknown names not.</summary>
    static readonly JsonSerializerOptions Strict = new(HubJson.Options)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    static readonly JsonDocumentOptions Lenient = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    static IReadOnlyList<string> Names<T>() => Strict.GetTypeInfo(typeof(T)).Properties.Select(p => p.Name).ToArray();

    /// <summary><paramref name="current"/> with the file's settings over it.</summary>
    public static T Read<T>(string path, string json, T current)
    {
        BadInputException Bad(string problem) => new($"settings file '{path}': {problem}; nothing was saved");
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(json, documentOptions: Lenient);
        }
        catch (JsonException e)
        {
            throw Bad($"malformed JSON at {Where(e)}: {Reason(e)}");
        }
        if (node is not JsonObject file)
        {
            throw Bad($"expected a JSON object of settings, not {(node is null ? "null" : node.GetValueKind().ToString().ToLowerInvariant())}");
        }
        try
        {
            // The file alone, strictly: an unknown setting or a value of the wrong type is named with its line and position.
            JsonSerializer.Deserialize<T>(json, Strict);
        }
        catch (JsonException e)
        {
            var setting = e.Path is { Length: > 2 } at && at.StartsWith("$.", StringComparison.Ordinal) ? at[2..].Split('.', '[')[0] : null;
            var names = Names<T>();
            var unknown = setting is not null && !names.Contains(setting, StringComparer.OrdinalIgnoreCase) ? setting
                : setting is null ? file.Select(p => p.Key).FirstOrDefault(k => !names.Contains(k, StringComparer.OrdinalIgnoreCase))
                : null;
            if (unknown is not null)
            {
                var hint = NameSuggestion.Closest(unknown, names) is { } close ? $"did you mean '{close}'? " : "";
                throw Bad($"unknown setting '{unknown}' at {Where(e)}; {hint}the settings are {string.Join(", ", names)}");
            }
            throw Bad($"{(setting is null ? "" : setting + ": ")}{Reason(e)} at {Where(e)}");
        }
        var merged = JsonSerializer.SerializeToNode(current, HubJson.Options)!.AsObject();
        foreach (var (name, value) in file)
        {
            var key = merged.Select(p => p.Key).FirstOrDefault(k => string.Equals(k, name, StringComparison.OrdinalIgnoreCase)) ?? name;
            merged.Remove(key);
            merged[key] = value?.DeepClone();
        }
        return merged.Deserialize<T>(Strict)!;
    }

    static string Where(JsonException e) => e.LineNumber is { } line ? $"line {line + 1}, position {e.BytePositionInLine + 1}" : "an unknown place";

    /// <summary>The exception's message without the location System.Text.Json appends (the caller says it more plainly).</summary>
    static string Reason(JsonException e)
    {
        var message = e.Message;
        var cut = new[] { message.IndexOf(" Path:", StringComparison.Ordinal), message.IndexOf(" LineNumber:", StringComparison.Ordinal) }.Where(i => i > 0).DefaultIfEmpty(-1).Min();
        return (cut > 0 ? message[..cut] : message).TrimEnd('.', ' ');
    }
}
