using System.ComponentModel;
using Hub.Messaging.Campaigns;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Hub.Cli.Commands;

sealed class CampaignsFileSettings : SegmentsShopSettings
{
    [CommandOption("--file <FILE>")]
    [Description("JSON: one campaign or an array of them (syntax: docs/campaigns.md). A campaign with a stored id replaces it.")]
    public string File { get; init; } = "";

    public override ValidationResult Validate() => base.Validate() is { Successful: false } shop ? shop : Required(File, "--file");
}

class CampaignsOneSettings : SegmentsJsonSettings
{
    [CommandOption("--campaign <ID>")]
    [Description("A campaign id; `hub campaigns list` shows them.")]
    public string Campaign { get; init; } = "";

    public override ValidationResult Validate() => base.Validate() is { Successful: false } shop ? shop : Required(Campaign, "--campaign");
}

sealed class CampaignsRunSettings : CampaignsOneSettings
{
    [CommandOption("--run <KEY>")]
    [Description("The run's key (a run is sent once). Default: manual-{yyyyMMdd-HHmm} in the shop's time zone.")]
    public string? Run { get; init; }
}

sealed class CampaignsStatsSettings : CampaignsOneSettings
{
    [CommandOption("--out <DIR>")]
    [Description("Also write the funnel per channel as campaign-{id}-funnel.png and campaign-{id}.html in this folder.")]
    public string? Out { get; init; }
}

sealed class CampaignsSettingsFileSettings : SegmentsJsonSettings
{
    [CommandOption("--file <FILE>")]
    [Description("A JSON object of campaign settings to change (caps, quietHours, prices, …; names as printed without --file).")]
    public string? File { get; init; }
}

static class CampaignOptions
{
    public static string Kebab<T>(T value) where T : struct, Enum => System.Text.Json.JsonNamingPolicy.KebabCaseLower.ConvertName(value.ToString());

    public static string Channel(Hub.Customers.Channel channel) => channel switch
    {
        Hub.Customers.Channel.WhatsApp => "whatsapp",
        _ => channel.ToString().ToLowerInvariant(),
    };

    public static string Steps(Campaign c) => string.Join(" → ", c.Steps.Select(s =>
        string.Join("+", s.Channels.Select(Channel)) + (s.Wait is { } wait ? $" ({Durations.Format(wait)})" : "")));

    public static async Task<Campaign> RequireAsync(CampaignStore store, string shopId, string campaignId, CancellationToken cancellationToken)
    {
        if (await store.GetAsync(shopId, campaignId, cancellationToken) is { } campaign)
        {
            return campaign;
        }
        var ids = new List<string>();
        await foreach (var c in store.ListAsync(shopId, cancellationToken))
        {
            ids.Add(c.Id);
        }
        throw new BadInputException($"shop '{shopId}' has no campaign '{campaignId}'{Segments.NameSuggestion.DidYouMean(campaignId, ids)}");
    }

    public static string Money(decimal value, string currency) => $"{value.ToString("N2", System.Globalization.CultureInfo.GetCultureInfo("ru-RU"))} {currency}";
}
