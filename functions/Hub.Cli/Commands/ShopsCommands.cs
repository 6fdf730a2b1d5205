using System.ComponentModel;
using Hub.Shops;
using Hub.Storage;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Hub.Cli.Commands;

sealed class ShopsAddSettings : HubSettings
{
    [CommandOption("--id <ID>")]
    [Description("Shop id: lower-case letters, digits and dashes (used in webhook URLs).")]
    public string Id { get; init; } = "";

    [CommandOption("--platform <PLATFORM>")]
    [Description("shopify | woocommerce | retailcrm | insales | ecwid | csv")]
    public string Platform { get; init; } = "";

    [CommandOption("--name <NAME>")]
    public string? Name { get; init; }

    [CommandOption("--webhook-secret <SECRET>")]
    [Description("For local runs: kept in the local settings file. In Azure set Shops__{id}__WebhookSecret as a Key Vault reference.")]
    public string? WebhookSecret { get; init; }

    [CommandOption("--api-url <URL>")]
    [Description("Where the platform's API answers for this shop, for pulls: https://{shop}.myshopify.com, https://{account}.retailcrm.ru, the WooCommerce site, https://{shop}.myinsales.ru, https://app.ecwid.com/api/v3/{storeId}.")]
    public string? ApiUrl { get; init; }

    [CommandOption("--api-token <TOKEN>")]
    [Description("For local runs: kept in the local settings file. Shopify access token, RetailCRM API key, WooCommerce consumer secret, InSales password, Ecwid secret token. In Azure set Shops__{id}__ApiToken.")]
    public string? ApiToken { get; init; }

    [CommandOption("--api-login <LOGIN>")]
    [Description("For local runs: WooCommerce consumer key, InSales app identifier. In Azure set Shops__{id}__ApiLogin.")]
    public string? ApiLogin { get; init; }

    [CommandOption("--region <REGION>")]
    [Description("Region for phones without a country code (ISO 3166). Default: Hub__DefaultRegion, else RU.")]
    public string? Region { get; init; }

    [CommandOption("--time-zone <TZ>")]
    [Description("IANA time zone for calendar logic. Default: Hub__DefaultTimeZone, else Europe/Moscow.")]
    public string? TimeZone { get; init; }

    [CommandOption("--currency <ISO>")]
    [Description("ISO 4217 currency of the shop's prices. Default: Hub__DefaultCurrency, else RUB.")]
    public string? Currency { get; init; }

    public override ValidationResult Validate()
    {
        if (string.IsNullOrWhiteSpace(Id)) return ValidationResult.Error("--id is required");
        if (string.IsNullOrWhiteSpace(Platform)) return ValidationResult.Error("--platform is required (shopify, woocommerce, retailcrm, insales, ecwid or csv)");
        return ValidationResult.Success();
    }
}

sealed class ShopsAddCommand : AsyncCommand<ShopsAddSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, ShopsAddSettings settings, CancellationToken cancellationToken)
    {
        using var services = CliServices.Build(settings);
        await services.GetRequiredService<StorageClients>().EnsureCreatedAsync(cancellationToken);
        var defaults = services.GetRequiredService<ShopDefaults>();
        var existing = await services.GetRequiredService<ShopStore>().GetAsync(settings.Id, cancellationToken);
        var shop = await services.GetRequiredService<ShopStore>().SaveAsync(new Shop
        {
            Id = settings.Id,
            Platform = settings.Platform.ToLowerInvariant(),
            Name = settings.Name,
            Region = (settings.Region ?? defaults.Region).ToUpperInvariant(),
            TimeZone = settings.TimeZone ?? defaults.TimeZone,
            Currency = (settings.Currency ?? defaults.Currency).ToUpperInvariant(),
            // A change of other settings keeps the API URL unless a new one is given.
            ApiUrl = settings.ApiUrl ?? existing?.ApiUrl,
        }, cancellationToken);
        if (settings.WebhookSecret is { Length: > 0 } secret)
        {
            CliServices.SaveLocalSetting(ShopSecrets.WebhookSecretKey(shop.Id), secret);
        }
        if (settings.ApiToken is { Length: > 0 } token)
        {
            CliServices.SaveLocalSetting(ShopSecrets.ApiTokenKey(shop.Id), token);
        }
        if (settings.ApiLogin is { Length: > 0 } login)
        {
            CliServices.SaveLocalSetting(ShopSecrets.ApiLoginKey(shop.Id), login);
        }
        AnsiConsole.MarkupLineInterpolated($"Shop [bold]{shop.Id}[/] ({shop.Platform}, {shop.Region}, {shop.TimeZone}, {shop.Currency}) saved.");
        if (shop.Platform != Platforms.Csv)
        {
            // RetailCRM and InSales sign nothing: their URL carries the webhook secret as a token.
            var pathToken = shop.Platform is Platforms.RetailCrm or Platforms.InSales ? "/<webhook secret>" : "";
            AnsiConsole.MarkupLineInterpolated($"Webhook URL: https://<app>.azurewebsites.net/api/webhooks/{shop.Platform}/{shop.Id}{pathToken}");
        }
        if (shop.ApiUrl is not null)
        {
            AnsiConsole.MarkupLineInterpolated($"Pulls from {shop.ApiUrl}: the timer starts a backfill at its next look; `hub sync run --shop {shop.Id}` pulls now.");
        }
        return ExitCodes.Ok;
    }
}

sealed class ShopsListCommand : AsyncCommand<HubSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, HubSettings settings, CancellationToken cancellationToken)
    {
        using var services = CliServices.Build(settings);
        await services.GetRequiredService<StorageClients>().EnsureCreatedAsync(cancellationToken);
        var secrets = services.GetRequiredService<ShopSecrets>();
        var configuration = CliServices.Configuration();
        var table = new Table().AddColumns("id", "platform", "name", "region", "time zone", "currency", "webhook secret", "API URL", "API token");
        await foreach (var shop in services.GetRequiredService<ShopStore>().ListAsync(cancellationToken))
        {
            var secretCount = secrets.WebhookSecrets(shop.Id).Count;
            table.AddRow(Markup.Escape(shop.Id), shop.Platform, Markup.Escape(shop.Name ?? ""), shop.Region, shop.TimeZone, shop.Currency,
                secretCount == 0 ? "[yellow]not set[/]" : $"set ({secretCount})",
                Markup.Escape(shop.ApiUrl ?? ""),
                shop.ApiUrl is null ? "" : string.IsNullOrEmpty(configuration[ShopSecrets.ApiTokenKey(shop.Id)]) ? "[yellow]not set[/]" : "set");
        }
        AnsiConsole.Write(table);
        return ExitCodes.Ok;
    }
}
