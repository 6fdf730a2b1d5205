using Hub.Customers;
using Hub.Messaging.Campaigns;

namespace Hub.Cli.Reports;

/// <summary>One stage of a channel's funnel: its name and how many messages (or, for the last, orders) reached it.</summary>
internal sealed record FunnelStage(string Name, long Count);

/// <summary>
/// A channel's funnel over every step of the campaign that used it: planned → sent → delivered → opened or read →
/// clicked → converted. Opened and read are one stage: email reports opens, messengers report reads; a message's open
/// or read implies its delivery, so the stage takes the larger of the two and never exceeds the delivered.
/// Clicks need no tracked open, and orders need no click, so the last two stages may outgrow the one before.
/// </summary>
internal sealed record ChannelFunnel(Channel Channel, IReadOnlyList<int> Steps, IReadOnlyList<FunnelStage> Stages)
{
    public static readonly IReadOnlyList<string> StageNames = ["Planned", "Sent", "Delivered", "Opened / read", "Clicked", "Converted"];

    /// <summary>The funnels of a result, in the order the campaign first uses their channels (step, then channel).</summary>
    public static IReadOnlyList<ChannelFunnel> Of(CampaignResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return result.Lines
            .GroupBy(line => line.Channel)
            .OrderBy(lines => lines.Min(line => line.Step))
            .ThenBy(lines => lines.Key)
            .Select(lines => new ChannelFunnel(
                lines.Key,
                lines.Select(line => line.Step).Distinct().Order().ToList(),
                [
                    new(StageNames[0], lines.Sum(line => line.Planned)),
                    new(StageNames[1], lines.Sum(line => line.Sent)),
                    new(StageNames[2], lines.Sum(line => line.Delivered)),
                    new(StageNames[3], lines.Sum(line => Math.Max(line.Opened, line.Read))),
                    new(StageNames[4], lines.Sum(line => line.Clicked)),
                    new(StageNames[5], lines.Sum(line => line.Converted)),
                ]))
            .ToList();
    }

    /// <summary>`1 234`, then `1 200 · 97.2%`: a stage's count and its share of the stage before (when there was one).</summary>
    public string Label(int stage) => stage == 0 || Stages[stage - 1].Count == 0
        ? ReportNumberFormat.Count(Stages[stage].Count)
        : $"{ReportNumberFormat.Count(Stages[stage].Count)} · {ReportNumberFormat.ShareOf(Stages[stage].Count, Stages[stage - 1].Count)}";

    /// <summary>`step 1`, `steps 2, 4`: the campaign steps that used the channel.</summary>
    public string StepsText => $"{(Steps.Count == 1 ? "step" : "steps")} {string.Join(", ", Steps)}";

    /// <summary>`Email · step 1`, `SMS · steps 2, 4`.</summary>
    public string Title => $"{ChannelPalette.Name(Channel)} · {StepsText}";
}
