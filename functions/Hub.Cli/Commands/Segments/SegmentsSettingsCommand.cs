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
        var changed = SettingsFile.Read(settings.File, await System.IO.File.ReadAllTextAsync(settings.File, cancellationToken), current);
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
}
