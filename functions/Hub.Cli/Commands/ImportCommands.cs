using System.ComponentModel;
using System.Text.Json;
using Hub.Shops;
using Hub.Shops.Csv;
using Hub.Storage;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Hub.Cli.Commands;

sealed class ImportSettings : HubSettings
{
    [CommandArgument(0, "<FILE>")]
    [Description("CSV exported from Excel or 1C: UTF-8/UTF-16/Windows-1251, ';' ',' or tab, Russian or English headers.")]
    public string File { get; init; } = "";

    [CommandOption("--shop <ID>")]
    public string Shop { get; init; } = "";

    [CommandOption("--json")]
    [Description("Print one JSON object {\"read\",\"imported\",\"merged\",\"rejected\"} instead of the summary.")]
    public bool Json { get; init; }

    public override ValidationResult Validate() =>
        string.IsNullOrWhiteSpace(Shop) ? ValidationResult.Error("--shop is required") : ValidationResult.Success();
}

abstract class ImportCommand : AsyncCommand<ImportSettings>
{
    protected abstract string What { get; }

    protected abstract Task<ImportSummary> RunAsync(CsvImport import, Shop shop, string path, IProgress<int> progress, CancellationToken cancellationToken);

    public override async Task<int> ExecuteAsync(CommandContext context, ImportSettings settings, CancellationToken cancellationToken)
    {
        if (!File.Exists(settings.File))
        {
            throw new BadInputException($"file '{settings.File}' does not exist");
        }
        using var services = CliServices.Build(settings);
        await services.GetRequiredService<StorageClients>().EnsureCreatedAsync(cancellationToken);
        var shop = await services.GetRequiredService<ShopStore>().RequireAsync(settings.Shop, cancellationToken);
        var import = ActivatorUtilities.CreateInstance<CsvImport>(services);
        ImportSummary summary;
        if (settings.Json || Console.IsOutputRedirected)
        {
            summary = await RunAsync(import, shop, settings.File, new Progress<int>(), cancellationToken);
        }
        else
        {
            summary = await AnsiConsole.Status().StartAsync($"Importing {What}…", async status =>
                await RunAsync(import, shop, settings.File, new Progress<int>(n => status.Status($"Importing {What}… {n:N0}")), cancellationToken));
        }
        Print(summary, settings.Json);
        return ExitCodes.Ok;
    }

    void Print(ImportSummary s, bool json)
    {
        if (json)
        {
            Console.WriteLine(JsonSerializer.Serialize(new { read = s.Read, imported = s.Imported, merged = s.Merged, rejected = s.Rejected }));
            return;
        }
        AnsiConsole.MarkupLineInterpolated($"{What}: read [bold]{s.Read:N0}[/] rows, imported [green]{s.Imported:N0}[/], merged into existing customers [blue]{s.Merged:N0}[/], rejected [red]{s.Rejected:N0}[/]");
        if (s.Orders > 0)
        {
            AnsiConsole.MarkupLineInterpolated($"orders: {s.Orders:N0}");
        }
        if (s.RejectsPath is not null)
        {
            AnsiConsole.MarkupLineInterpolated($"rejected rows, with line numbers and reasons: {s.RejectsPath}");
        }
        if (s.IgnoredColumns.Count > 0)
        {
            AnsiConsole.MarkupLineInterpolated($"ignored columns: {string.Join(", ", s.IgnoredColumns)}");
        }
    }
}

sealed class ImportCustomersCommand : ImportCommand
{
    protected override string What => "customers";

    protected override Task<ImportSummary> RunAsync(CsvImport import, Shop shop, string path, IProgress<int> progress, CancellationToken cancellationToken)
        => import.CustomersAsync(shop, path, progress, cancellationToken);
}

sealed class ImportOrdersCommand : ImportCommand
{
    protected override string What => "orders";

    protected override Task<ImportSummary> RunAsync(CsvImport import, Shop shop, string path, IProgress<int> progress, CancellationToken cancellationToken)
        => import.OrdersAsync(shop, path, progress, cancellationToken);
}
