using System.ComponentModel;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Hub.Segments;
using Hub.Shops;
using Hub.Storage;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Hub.Cli.Commands;

sealed class SegmentParametersSettings : SegmentsJsonSettings
{
    [CommandOption("--file <FILE>")]
    [Description("A JSON object of settings to change (names as printed without --file). Settings the file leaves out keep their current values.")]
    public string? File { get; init; }
}

/// <summary>
/// `hub segments settings`: prints the shop's segment parameters as JSON, or changes them from a file. The file is
/// read strictly: an unknown setting, a value of the wrong type or malformed JSON is refused, named, and nothing is saved.
/// </summary>
sealed class SegmentsSettingsCommand : AsyncCommand<SegmentParametersSettings>
{
    /// <summary>HubJson's names and converters; comments and trailing commas allowed in a hand-written file, unknown names not.</summary>
    static readonly JsonSerializerOptions Strict = new(HubJson.Options)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    static readonly JsonDocumentOptions Lenient = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    public override async Task<int> ExecuteAsync(CommandContext context, SegmentParametersSettings settings, CancellationToken cancellationToken)
    {
        if (settings.File is not null && !System.IO.File.Exists(settings.File))
        {
            throw new BadInputException($"settings file '{settings.File}' does not exist");
        }
        using var services = CliServices.Build(settings);
        await services.GetRequiredService<StorageClients>().EnsureCreatedAsync(cancellationToken);
        var shop = await services.GetRequiredService<ShopStore>().RequireAsync(settings.Shop, cancellationToken);
        var store = services.GetRequiredService<SegmentDefinitionStore>();
        var current = await store.GetSettingsAsync(shop.Id, cancellationToken);
        if (settings.File is null)
        {
            Console.WriteLine(JsonSerializer.Serialize(current, HubJson.Indented));
            return ExitCodes.Ok;
        }
        var changed = Read(settings.File, await System.IO.File.ReadAllTextAsync(settings.File, cancellationToken), current);
        if (changed.Problem() is { } problem)
        {
            throw new BadInputException($"settings file '{settings.File}': {problem}; nothing was saved");
        }
        await store.SaveSettingsAsync(shop.Id, changed, cancellationToken);
        if (!settings.Json)
        {
            AnsiConsole.MarkupLineInterpolated($"Segment settings of shop [bold]{shop.Id}[/] saved; they apply from the next [bold]hub segments compute --shop {shop.Id}[/]:");
        }
        Console.WriteLine(JsonSerializer.Serialize(changed, HubJson.Indented));
        return ExitCodes.Ok;
    }

    static IReadOnlyList<string> Names => Strict.GetTypeInfo(typeof(SegmentSettings)).Properties.Select(p => p.Name).ToArray();

    /// <summary><paramref name="current"/> with the file's settings over it.</summary>
    static SegmentSettings Read(string path, string json, SegmentSettings current)
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
            JsonSerializer.Deserialize<SegmentSettings>(json, Strict);
        }
        catch (JsonException e)
        {
            var setting = e.Path is { Length: > 2 } at && at.StartsWith("$.", StringComparison.Ordinal) ? at[2..].Split('.', '[')[0] : null;
            var unknown = setting is not null && !Names.Contains(setting, StringComparer.OrdinalIgnoreCase) ? setting
                : setting is null ? file.Select(p => p.Key).FirstOrDefault(k => !Names.Contains(k, StringComparer.OrdinalIgnoreCase))
                : null;
            if (unknown is not null)
            {
                var hint = NameSuggestion.Closest(unknown, Names) is { } close ? $"did you mean '{close}'? " : "";
                throw Bad($"unknown setting '{unknown}' at {Where(e)}; {hint}the settings are {string.Join(", ", Names)}");
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
        return merged.Deserialize<SegmentSettings>(Strict)!;
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
