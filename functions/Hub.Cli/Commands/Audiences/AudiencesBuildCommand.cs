using System.ComponentModel;
using System.Text.Json;
using Hub.Audiences;
using Hub.Segments;
using Hub.Shops;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Hub.Cli.Commands;

sealed class AudiencesBuildSettings : AudienceContentSettings
{
    [CommandOption("--audience <ID>")]
    [Description("Build the file of this audience. Or give --segment and --system instead.")]
    public string? Audience { get; init; }

    [CommandOption("--json")]
    [Description("Print the counts as JSON.")]
    public bool Json { get; init; }

    [CommandOption("--out <FILE>")]
    [Description("Where to write the file, exactly as it would be uploaded.")]
    public string Out { get; init; } = "";

    public override ValidationResult Validate() =>
        base.Validate() is { Successful: false } shop ? shop
        : Required(Out, "--out") is { Successful: false } output ? output
        : Audience is null && (Segment is null || System is null) ? ValidationResult.Error("give --audience, or --segment and --system")
        : ValidationResult.Success();
}

/// <summary>
/// `hub audiences build`: writes the file an ad system would receive, with no network. Below the system's minimum it
/// writes nothing and exits 3 with the counts.
/// </summary>
sealed class AudiencesBuildCommand : AsyncCommand<AudiencesBuildSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, AudiencesBuildSettings settings, CancellationToken cancellationToken)
    {
        using var services = CliServices.Build(settings);
        var shop = await services.GetRequiredService<ShopStore>().RequireAsync(settings.Shop, cancellationToken);
        var audience = settings.Audience is { } id
            ? (await services.GetRequiredService<AudienceStore>().GetAsync(shop.Id, id, cancellationToken))?.Audience
              ?? throw new BadInputException($"shop '{shop.Id}' has no audience '{id}'; `hub audiences list --shop {shop.Id}` shows its audiences")
            : new Audience
            {
                Id = "cli",
                ShopId = shop.Id,
                SegmentId = settings.Segment!,
                ExcludeSegmentId = settings.Exclude,
                System = AudienceOptions.System(settings.System!).System,
                Consent = AudienceOptions.Enum<AdsConsentRule>(settings.Consent, "--consent"),
            };
        await AudienceOptions.RequireSegmentsAsync(services.GetRequiredService<SegmentOverview>(), shop.Id, cancellationToken, audience.SegmentId, audience.ExcludeSegmentId);
        var path = Path.GetFullPath(settings.Out);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var partial = path + ".partial";
        AudienceFileResult result;
        await using (var file = File.Create(partial))
        {
            result = await services.GetRequiredService<AudiencePublisher>().BuildAsync(audience, file, cancellationToken);
        }
        if (result.TooSmall)
        {
            File.Delete(partial);
        }
        else
        {
            File.Move(partial, path, overwrite: true);
        }
        var format = AudienceFormats.Of(audience.System);
        if (settings.Json)
        {
            Console.WriteLine(JsonSerializer.Serialize(new { file = result.TooSmall ? null : path, result.System, result.Members, result.UniqueContacts, result.Emails, result.Phones, result.Excluded, result.ContentHash, result.Bytes, minimum = result.MinimumUniqueContacts, tooSmall = result.TooSmall }, HubJson.Indented));
        }
        else
        {
            AudienceReport.File(result, format);
        }
        if (result.TooSmall)
        {
            Console.Error.WriteLine($"too small: {format.TooSmallMessage(result.UniqueContacts)}; no file was written");
            return ExitCodes.TooSmall;
        }
        if (!settings.Json)
        {
            AnsiConsole.MarkupLineInterpolated($"Wrote [bold]{path}[/] ({result.Bytes:N0} bytes).");
        }
        return ExitCodes.Ok;
    }
}

/// <summary>How the audience commands print a file's counts.</summary>
static class AudienceReport
{
    public static void File(AudienceFileResult result, AudienceFormat format)
    {
        AnsiConsole.MarkupLineInterpolated($"{format.DisplayName}: [bold]{result.UniqueContacts:N0}[/] unique contacts ({result.Emails:N0} emails, {result.Phones:N0} phones) from {result.Members:N0} members; minimum {result.MinimumUniqueContacts:N0}.");
        Excluded(result.Excluded);
    }

    public static void Excluded(IReadOnlyDictionary<AudienceExclusion, long> excluded)
    {
        if (excluded.Count > 0)
        {
            AnsiConsole.MarkupLineInterpolated($"Left out: {string.Join(", ", excluded.OrderByDescending(e => e.Value).Select(e => $"{e.Value:N0} {Reason(e.Key)}"))}.");
        }
    }

    static string Reason(AudienceExclusion reason) => reason switch
    {
        AudienceExclusion.ExcludedSegment => "in the exclusion segment",
        AudienceExclusion.Gone => "erased or deleted",
        AudienceExclusion.NoAdsConsent => "without advertising consent",
        AudienceExclusion.Unsubscribed => "unsubscribed from all marketing",
        AudienceExclusion.NoContact => "without a valid contact of the kind the system takes",
        AudienceExclusion.Duplicate => "duplicates",
        _ => reason.ToString(),
    };
}
