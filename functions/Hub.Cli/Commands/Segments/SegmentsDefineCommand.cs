using System.ComponentModel;
using Hub.Segments;
using Hub.Shops;
using Hub.Storage;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Hub.Cli.Commands;

sealed class SegmentsDefineSettings : SegmentsShopSettings
{
    [CommandOption("--file <FILE>")]
    [Description("JSON: one segment definition or an array of them (syntax: docs/segments.md). A definition with a stored id replaces it.")]
    public string File { get; init; } = "";

    public override ValidationResult Validate() => base.Validate() is { Successful: false } shop ? shop : Required(File, "--file");
}

/// <summary>
/// `hub segments define`: checks the whole file against the shop's stored segments and saves it only when every
/// definition in it is valid; otherwise prints every error, one a line, and saves nothing.
/// </summary>
sealed class SegmentsDefineCommand : AsyncCommand<SegmentsDefineSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, SegmentsDefineSettings settings, CancellationToken cancellationToken)
    {
        if (!System.IO.File.Exists(settings.File))
        {
            throw new BadInputException($"segment definition file '{settings.File}' does not exist");
        }
        using var services = CliServices.Build(settings);
        await services.GetRequiredService<StorageClients>().EnsureCreatedAsync(cancellationToken);
        var shop = await services.GetRequiredService<ShopStore>().RequireAsync(settings.Shop, cancellationToken);
        var store = services.GetRequiredService<SegmentDefinitionStore>();
        var stored = await store.ListAsync(shop.Id, cancellationToken);
        var json = await System.IO.File.ReadAllTextAsync(settings.File, cancellationToken);
        var parsed = SegmentDefinitionParser.Parse(json, stored);
        if (!parsed.Succeeded)
        {
            foreach (var error in parsed.Errors)
            {
                Console.Error.WriteLine(error.ToString());
            }
            Console.Error.WriteLine($"error: {settings.File}: {parsed.Errors.Count} problem(s); nothing was saved");
            return ExitCodes.BadInput;
        }
        await store.SaveAsync(shop.Id, parsed.Definitions, cancellationToken);
        var existing = stored.Select(d => d.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var d in parsed.Definitions)
        {
            AnsiConsole.MarkupLineInterpolated($"{(existing.Contains(d.Id) ? "replaced" : "added")} [bold]{d.Id}[/] ({d.Name})");
        }
        AnsiConsole.MarkupLineInterpolated($"Members are computed by the next run: [bold]hub segments compute --shop {shop.Id}[/].");
        return ExitCodes.Ok;
    }
}
