using System.ComponentModel;
using System.Globalization;
using Hub.Audiences;
using Hub.Segments;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Hub.Cli.Commands;

class AudienceOneSettings : SegmentsJsonSettings
{
    [CommandOption("--audience <ID>")]
    [Description("The audience id (`hub audiences list` shows them).")]
    public string Audience { get; init; } = "";

    public override ValidationResult Validate() => base.Validate() is { Successful: false } shop ? shop : Required(Audience, "--audience");
}

/// <summary>What an audience's file is made of: the segment, the exclusion segment, the ad system and the consent rule.</summary>
class AudienceContentSettings : SegmentsShopSettings
{
    [CommandOption("--segment <SEGMENT>")]
    [Description("The segment whose members go to the ad system.")]
    public string? Segment { get; init; }

    [CommandOption("--exclude <SEGMENT>")]
    [Description("Members of this segment are left out (e.g. already bought).")]
    public string? Exclude { get; init; }

    [CommandOption("--system <SYSTEM>")]
    [Description("yandex or vk.")]
    public string? System { get; init; }

    [CommandOption("--consent <RULE>")]
    [Description("granted: only members who gave advertising consent (default); not-denied: everyone who did not refuse it.")]
    public string Consent { get; init; } = "granted";
}

/// <summary>Parses and checks what the audience commands take.</summary>
static class AudienceOptions
{
    /// <summary>"24h", "7d", "90m" → a refresh interval of at least an hour (the ad systems take hours to process).</summary>
    public static TimeSpan Interval(string text)
    {
        var value = text.Trim().ToLowerInvariant();
        if (value.Length >= 2 && double.TryParse(value[..^1], NumberStyles.Float, CultureInfo.InvariantCulture, out var n) && n > 0)
        {
            TimeSpan? interval = value[^1] switch { 'm' => TimeSpan.FromMinutes(n), 'h' => TimeSpan.FromHours(n), 'd' => TimeSpan.FromDays(n), _ => null };
            if (interval >= TimeSpan.FromHours(1))
            {
                return interval.Value;
            }
        }
        throw new BadInputException($"--every '{text}' must be a duration of at least an hour such as 6h, 24h or 7d");
    }

    public static string Every(TimeSpan interval) => interval.TotalDays >= 1 && interval.TotalDays % 1 == 0 ? $"{interval.TotalDays:0}d" : $"{interval.TotalHours:0.#}h";

    public static T Enum<T>(string text, string option) where T : struct, Enum =>
        global::System.Enum.TryParse<T>(text.Replace("-", ""), ignoreCase: true, out var value) && global::System.Enum.IsDefined(value)
            ? value
            : throw new BadInputException($"{option} '{text}' must be one of: {string.Join(", ", global::System.Enum.GetNames<T>().Select(Kebab))}");

    public static string Kebab<T>(T value) where T : struct, Enum => Kebab(value.ToString());

    static string Kebab(string name) => global::System.Text.Json.JsonNamingPolicy.KebabCaseLower.ConvertName(name);

    public static AudienceFormat System(string text) =>
        AudienceFormats.All.FirstOrDefault(f => f.System == text.Trim().ToLowerInvariant())
        ?? throw new BadInputException($"--system '{text}' must be one of: {string.Join(", ", AudienceFormats.All.Select(f => f.System))}");

    /// <summary>Checks that the segments exist in the shop (built-in or custom), naming the closest id when one does not.</summary>
    public static async Task RequireSegmentsAsync(SegmentOverview overview, string shopId, CancellationToken cancellationToken, params string?[] segmentIds)
    {
        var (_, rows) = await SegmentSizes.ReadAsync(overview, shopId, cancellationToken);
        foreach (var id in segmentIds.OfType<string>())
        {
            SegmentSizes.Find(rows, shopId, id);
        }
    }
}
