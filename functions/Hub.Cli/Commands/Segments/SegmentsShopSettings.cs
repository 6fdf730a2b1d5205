using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Hub.Cli.Commands;

/// <summary>What every `hub segments` command takes: the shop.</summary>
class SegmentsShopSettings : HubSettings
{
    [CommandOption("--shop <ID>")]
    public string Shop { get; init; } = "";

    public override ValidationResult Validate() =>
        string.IsNullOrWhiteSpace(Shop) ? ValidationResult.Error("--shop is required") : ValidationResult.Success();

    protected static ValidationResult Required(string? value, string option) =>
        string.IsNullOrWhiteSpace(value) ? ValidationResult.Error($"{option} is required") : ValidationResult.Success();
}

class SegmentsJsonSettings : SegmentsShopSettings
{
    [CommandOption("--json")]
    [Description("Print JSON for scripts instead of tables.")]
    public bool Json { get; init; }
}

/// <summary>Commands about one segment.</summary>
class SegmentsOneSettings : SegmentsJsonSettings
{
    [CommandOption("--segment <SEGMENT>")]
    [Description("A segment id: built-in (lapsed, rfm-champions, …) or custom. `hub segments list` shows them.")]
    public string Segment { get; init; } = "";

    public override ValidationResult Validate() => base.Validate() is { Successful: false } shop ? shop : Required(Segment, "--segment");
}
