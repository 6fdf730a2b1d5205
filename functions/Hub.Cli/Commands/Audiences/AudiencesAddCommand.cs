using System.ComponentModel;
using Hub.Audiences;
using Hub.Segments;
using Hub.Shops;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Hub.Cli.Commands;

sealed class AudiencesAddSettings : AudienceContentSettings
{
    [CommandOption("--id <ID>")]
    [Description("The audience id: 2–63 lower-case letters, digits or dashes.")]
    public string Id { get; init; } = "";

    [CommandOption("--purpose <PURPOSE>")]
    [Description("seed (lookalike), retargeting or exclusion. Default seed.")]
    public string Purpose { get; init; } = "seed";

    [CommandOption("--every <DURATION>")]
    [Description("How often the ad system's copy is refreshed: 6h, 24h, 7d. Default 24h.")]
    public string Every { get; init; } = "24h";

    [CommandOption("--name <NAME>")]
    [Description("The name the ad system shows. Default: shop · purpose · segment.")]
    public string? Name { get; init; }

    [CommandOption("--paused")]
    [Description("Keep it defined but do not sync it on schedule.")]
    public bool Paused { get; init; }

    [CommandOption("--token <TOKEN>")]
    [Description("Yandex Audience OAuth token; kept in the local settings file (in Azure: a Key Vault reference in the app setting Shops__{shop}__YandexAudienceToken).")]
    public string? Token { get; init; }

    public override ValidationResult Validate() =>
        base.Validate() is { Successful: false } shop ? shop
        : Required(Id, "--id") is { Successful: false } id ? id
        : Required(Segment, "--segment") is { Successful: false } segment ? segment
        : Required(System, "--system");
}

/// <summary>`hub audiences add`: binds a segment to an ad system (or changes an audience, keeping its remote id).</summary>
sealed class AudiencesAddCommand : AsyncCommand<AudiencesAddSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, AudiencesAddSettings settings, CancellationToken cancellationToken)
    {
        if (AudienceIds.Problem(settings.Id) is { } problem)
        {
            throw new BadInputException(problem);
        }
        var format = AudienceOptions.System(settings.System!);
        var purpose = AudienceOptions.Enum<AudiencePurpose>(settings.Purpose, "--purpose");
        var consent = AudienceOptions.Enum<AdsConsentRule>(settings.Consent, "--consent");
        var every = AudienceOptions.Interval(settings.Every);
        using var services = CliServices.Build(settings);
        var shop = await services.GetRequiredService<ShopStore>().RequireAsync(settings.Shop, cancellationToken);
        await AudienceOptions.RequireSegmentsAsync(services.GetRequiredService<SegmentOverview>(), shop.Id, cancellationToken, settings.Segment, settings.Exclude);
        var store = services.GetRequiredService<AudienceStore>();
        var existing = (await store.GetAsync(shop.Id, settings.Id, cancellationToken))?.Audience;
        if (existing is not null && existing.System != format.System)
        {
            throw new BadInputException($"audience '{settings.Id}' goes to {existing.System}; a different system needs a new audience id");
        }
        var audience = (existing ?? new Audience { Id = settings.Id, ShopId = shop.Id, SegmentId = settings.Segment!, System = format.System, CreatedAt = DateTimeOffset.UtcNow }) with
        {
            SegmentId = settings.Segment!,
            ExcludeSegmentId = settings.Exclude,
            Purpose = purpose,
            Consent = consent,
            RefreshEvery = every,
            Name = settings.Name ?? existing?.Name,
            Paused = settings.Paused,
            // A changed definition is synced at the next look, not after the old interval.
            NextSyncAt = null,
        };
        await store.PutAsync(audience, cancellationToken);
        if (settings.Token is { Length: > 0 } token)
        {
            CliServices.SaveLocalSetting(ShopSecrets.YandexAudienceTokenKey(shop.Id), token);
        }
        AnsiConsole.MarkupLineInterpolated($"{(existing is null ? "Added" : "Changed")} audience [bold]{audience.Id}[/]: {audience.SegmentId}{(audience.ExcludeSegmentId is null ? "" : " minus " + audience.ExcludeSegmentId)} → {format.DisplayName} as {AudienceOptions.Kebab(purpose)}, every {AudienceOptions.Every(every)}; consent rule {AudienceOptions.Kebab(consent)}.");
        AnsiConsole.MarkupLineInterpolated($"`hub audiences build --shop {shop.Id} --audience {audience.Id} --out FILE` writes its file; `hub audiences push` uploads it now.");
        return ExitCodes.Ok;
    }
}
