using System.Text;
using System.Text.Json;
using Hub.Customers;
using Hub.Messaging.Campaigns;

namespace Hub.Cli.Reports;

/// <summary>
/// A campaign's results as one self-contained HTML page (see <see cref="ReportHtml"/>): the headline totals, the
/// funnel per channel as an image and as a table, the numbers per step and channel, and what the campaign is (whom,
/// when, the cascade of steps). Money is in the shop's currency; every text from the data is HTML-encoded.
/// </summary>
internal static class CampaignReportPage
{
    const string PageStyle = """
        body { max-width: 1240px; }
        .paused { color: #9a6700; font-weight: 600; }
        .swatch { display: inline-block; width: .8em; height: .8em; border-radius: 2px; margin-right: .4em; vertical-align: -.05em; }
        td small { color: #57606a; }
        tfoot td, tfoot th { font-weight: 600; background: #f6f8fa; }
        table.definition th { width: 12rem; background: #f6f8fa; }
        """;

    public static string Render(Campaign campaign, CampaignResult result, IReadOnlyList<ChannelFunnel> funnels, byte[] funnelPng)
    {
        var name = DisplayName(campaign);
        var at = ReportNumberFormat.Time(result.At);
        var html = ReportHtml.Begin($"Campaign {name}, results at {at}", PageStyle, funnelPng.Length)
            .Append("<h1>Campaign ").Append(Encode(name)).Append("</h1>\n")
            .Append("<p class=\"meta\">Results at ").Append(Encode(at)).Append(" · ")
            .Append(Encode(Count(result.Runs))).Append(result.Runs == 1 ? " run" : " runs").Append(" · audience ")
            .Append(Encode(Count(result.Audience)));
        if (campaign.Paused)
            html.Append(" · <span class=\"paused\">paused</span>");
        html.Append("</p>\n");

        var sent = result.Lines.Sum(line => line.Sent);
        html.Append("<div class=\"headline\">\n");
        Headline(html, Count(sent), "messages sent");
        Headline(html, Count(result.Customers), "customers");
        Headline(html, Count(result.Converted), "converted orders");
        Headline(html, ReportNumberFormat.Money(result.Revenue, result.Currency), "revenue");
        Headline(html, ReportNumberFormat.MoneyWithCents(result.Cost, result.Currency), "cost");
        Headline(html, CostPerOrder(result.CostPerOrder, result.Currency), "cost per order");
        html.Append("</div>\n");
        if (sent == 0)
            AppendNothingSent(html, campaign, result);

        html.Append("<h2>Funnel per channel</h2>\n");
        ReportHtml.AppendImage(html, funnelPng, "Funnel per channel: planned, sent, delivered, opened or read, clicked and converted, each with its share of the stage before; the same numbers are in the table below.");
        AppendFunnelTable(html, funnels);

        html.Append("<h2>Per step and channel</h2>\n");
        AppendMessagesTable(html, result.Lines);
        AppendOrdersTable(html, result);

        html.Append("<h2>Campaign definition</h2>\n");
        AppendDefinition(html, campaign);
        AppendSteps(html, campaign.Steps);
        return ReportHtml.End(html);
    }

    static void AppendNothingSent(StringBuilder html, Campaign campaign, CampaignResult result)
    {
        var waiting = result.Lines.Sum(line => line.Waiting);
        var skipped = result.Lines.Sum(line => line.Skipped.Values.Sum());
        html.Append("<p class=\"empty\"><strong>Nothing sent yet.</strong> ");
        if (result.Lines.Count == 0)
            html.Append("No message of this campaign has been planned so far: its first run has not reached anyone yet. ");
        if (waiting > 0)
            html.Append(Encode(Count(waiting))).Append(waiting == 1 ? " message is" : " messages are")
                .Append(" waiting for quiet hours or frequency caps to let them go. ");
        if (skipped > 0)
            html.Append(Encode(Count(skipped))).Append(skipped == 1 ? " message was" : " messages were")
                .Append(" skipped; the reasons are in the table below. ");
        if (campaign.Paused)
            html.Append("The campaign is paused. ");
        html.Append("The numbers fill in as messages go out and people react.</p>\n");
    }

    static void AppendFunnelTable(StringBuilder html, IReadOnlyList<ChannelFunnel> funnels)
    {
        html.Append("<table class=\"funnel\">\n<caption>Funnel per channel (share of the stage before)</caption>\n<thead><tr><th scope=\"col\">Channel</th>");
        foreach (var stage in ChannelFunnel.StageNames)
            html.Append("<th scope=\"col\">").Append(Encode(stage)).Append("</th>");
        html.Append("</tr></thead>\n<tbody>\n");
        if (funnels.Count == 0)
            html.Append("<tr><td colspan=\"").Append(ChannelFunnel.StageNames.Count + 1).Append("\">Nothing sent yet.</td></tr>\n");
        foreach (var funnel in funnels)
        {
            html.Append("<tr><th scope=\"row\">");
            AppendChannel(html, funnel.Channel);
            html.Append(" <small>").Append(Encode(funnel.StepsText)).Append("</small></th>");
            for (var stage = 0; stage < funnel.Stages.Count; stage++)
            {
                html.Append("<td class=\"num\">").Append(Encode(Count(funnel.Stages[stage].Count)));
                if (stage > 0)
                    html.Append("<br><small>").Append(Encode(ReportNumberFormat.ShareOf(funnel.Stages[stage].Count, funnel.Stages[stage - 1].Count))).Append("</small>");
                html.Append("</td>");
            }
            html.Append("</tr>\n");
        }
        html.Append("</tbody>\n</table>\n");
    }

    static readonly string[] MessageColumns = ["Planned", "Sent", "Delivered", "Opened", "Clicked", "Read", "Failed", "Waiting", "Skipped"];

    static void AppendMessagesTable(StringBuilder html, IReadOnlyList<ResultLine> lines)
    {
        html.Append("<table class=\"messages\">\n<caption>Messages per step and channel</caption>\n<thead><tr>")
            .Append("<th scope=\"col\">Step</th><th scope=\"col\">Channel</th>");
        foreach (var column in MessageColumns)
            html.Append("<th scope=\"col\">").Append(column).Append("</th>");
        html.Append("</tr></thead>\n<tbody>\n");
        if (lines.Count == 0)
            html.Append("<tr><td colspan=\"").Append(MessageColumns.Length + 2).Append("\">Nothing sent yet: no message has been planned.</td></tr>\n");
        foreach (var line in lines)
        {
            html.Append("<tr><td class=\"num\">").Append(line.Step).Append("</td><td>");
            AppendChannel(html, line.Channel);
            html.Append("</td>");
            AppendMessageCounts(html, line.Planned, line.Sent, line.Delivered, line.Opened, line.Clicked, line.Read, line.Failed, line.Waiting, line.Skipped);
            html.Append("</tr>\n");
        }
        html.Append("</tbody>\n");
        if (lines.Count > 1)
        {
            var skipped = lines.SelectMany(line => line.Skipped)
                .GroupBy(reason => reason.Key, StringComparer.Ordinal)
                .ToDictionary(reason => reason.Key, reason => reason.Sum(r => r.Value), StringComparer.Ordinal);
            html.Append("<tfoot><tr><th scope=\"row\" colspan=\"2\">Total</th>");
            AppendMessageCounts(html, lines.Sum(l => l.Planned), lines.Sum(l => l.Sent), lines.Sum(l => l.Delivered), lines.Sum(l => l.Opened),
                lines.Sum(l => l.Clicked), lines.Sum(l => l.Read), lines.Sum(l => l.Failed), lines.Sum(l => l.Waiting), skipped);
            html.Append("</tr></tfoot>\n");
        }
        html.Append("</table>\n");
    }

    static void AppendMessageCounts(StringBuilder html, long planned, long sent, long delivered, long opened, long clicked, long read,
        long failed, long waiting, IReadOnlyDictionary<string, long> skipped)
    {
        foreach (var count in (long[])[planned, sent, delivered, opened, clicked, read, failed, waiting])
            html.Append("<td class=\"num\">").Append(Encode(Count(count))).Append("</td>");
        html.Append("<td class=\"num\">").Append(Encode(Count(skipped.Values.Sum())));
        // Why, largest first: "reacted 40", "no-consent 12".
        foreach (var (reason, count) in skipped.Where(r => r.Value > 0).OrderByDescending(r => r.Value).ThenBy(r => r.Key, StringComparer.Ordinal))
            html.Append("<br><small>").Append(Encode(reason)).Append(' ').Append(Encode(Count(count))).Append("</small>");
        html.Append("</td>");
    }

    static void AppendOrdersTable(StringBuilder html, CampaignResult result)
    {
        html.Append("<table class=\"orders\">\n<caption>Orders within the attribution window and cost per step and channel</caption>\n<thead><tr>")
            .Append("<th scope=\"col\">Step</th><th scope=\"col\">Channel</th><th scope=\"col\">Converted orders</th>")
            .Append("<th scope=\"col\">Revenue</th><th scope=\"col\">Cost</th><th scope=\"col\">Cost per order</th></tr></thead>\n<tbody>\n");
        if (result.Lines.Count == 0)
            html.Append("<tr><td colspan=\"6\">Nothing sent yet: no orders to credit and nothing spent.</td></tr>\n");
        foreach (var line in result.Lines)
        {
            html.Append("<tr><td class=\"num\">").Append(line.Step).Append("</td><td>");
            AppendChannel(html, line.Channel);
            html.Append("</td>");
            AppendMoneyCells(html, line.Converted, line.Revenue, line.Cost, line.CostPerOrder, result.Currency);
            html.Append("</tr>\n");
        }
        html.Append("</tbody>\n<tfoot><tr><th scope=\"row\" colspan=\"2\">Total</th>");
        AppendMoneyCells(html, result.Converted, result.Revenue, result.Cost, result.CostPerOrder, result.Currency);
        html.Append("</tr></tfoot>\n</table>\n");
    }

    static void AppendMoneyCells(StringBuilder html, long converted, decimal revenue, decimal cost, decimal? costPerOrder, string currency) =>
        html.Append("<td class=\"num\">").Append(Encode(Count(converted)))
            .Append("</td><td class=\"num\">").Append(Encode(ReportNumberFormat.Money(revenue, currency)))
            .Append("</td><td class=\"num\">").Append(Encode(ReportNumberFormat.MoneyWithCents(cost, currency)))
            .Append("</td><td class=\"num\">").Append(Encode(CostPerOrder(costPerOrder, currency))).Append("</td>");

    static void AppendDefinition(StringBuilder html, Campaign campaign)
    {
        html.Append("<table class=\"definition\">\n<tbody>\n");
        Row(html, "Id", $"<code>{Encode(campaign.Id)}</code>");
        Row(html, "Kind", Encode(Kebab(campaign.Kind.ToString())));
        Row(html, "When", Encode(When(campaign)));
        Row(html, "Segment", campaign.SegmentId is { Length: > 0 } segment
            ? $"<code>{Encode(segment)}</code>"
            : campaign.Triggered ? "none: everyone the trigger finds" : "none");
        Row(html, "Excluded segment", campaign.ExcludeSegmentId is { Length: > 0 } excluded ? $"<code>{Encode(excluded)}</code>" : "none");
        Row(html, "Attribution window", Encode(campaign.AttributionWindow is { } window ? ReportNumberFormat.Duration(window) : "the shop's setting"));
        Row(html, "Deadline after a run starts", Encode(campaign.Deadline is { } deadline ? ReportNumberFormat.Duration(deadline) : "the shop's setting"));
        Row(html, "Status", campaign.Paused ? "<span class=\"paused\">paused</span>" : "active");
        html.Append("</tbody>\n</table>\n");
    }

    static void AppendSteps(StringBuilder html, IReadOnlyList<CampaignStep> steps)
    {
        html.Append("<table class=\"steps\">\n<caption>Cascade: each step goes to those who neither reacted to the one before (opened, clicked, read) nor bought</caption>\n<thead><tr>")
            .Append("<th scope=\"col\">Step</th><th scope=\"col\">Channels</th><th scope=\"col\">Template</th>")
            .Append("<th scope=\"col\">Wait for a reaction before the next step</th></tr></thead>\n<tbody>\n");
        if (steps.Count == 0)
            html.Append("<tr><td colspan=\"4\">No steps defined.</td></tr>\n");
        for (var i = 0; i < steps.Count; i++)
        {
            html.Append("<tr><td class=\"num\">").Append(i + 1).Append("</td><td>");
            for (var c = 0; c < steps[i].Channels.Count; c++)
            {
                if (c > 0)
                    html.Append(" + ");
                AppendChannel(html, steps[i].Channels[c]);
            }
            html.Append("</td><td><code>").Append(Encode(steps[i].TemplateId)).Append("</code></td><td>")
                .Append(Encode(i == steps.Count - 1 ? "– (last step)" : ReportNumberFormat.Duration(steps[i].Wait ?? TimeSpan.Zero)))
                .Append("</td></tr>\n");
        }
        html.Append("</tbody>\n</table>\n");
    }

    static string When(Campaign campaign) => campaign.Kind switch
    {
        CampaignKind.OneOff => campaign.StartAt is { } start ? $"once, at {ReportNumberFormat.Time(start)}" : "once (no start time set)",
        CampaignKind.Recurring => $"on the schedule {campaign.Cron ?? "(none set)"} (cron, the shop's time zone)",
        CampaignKind.SegmentEntered => "to each customer as they enter the segment",
        CampaignKind.Birthday => $"to each customer {DaysBefore(campaign.DaysBefore)} before their birthday, once a year",
        CampaignKind.Replenishment => $"to each customer {DaysBefore(campaign.DaysBefore)} before their product is due for a reorder",
        CampaignKind.AbandonedCart => "to each abandoned cart, after the shop's abandoned-cart delay",
        _ => Kebab(campaign.Kind.ToString()),
    };

    static string DaysBefore(int days) => days == 1 ? "1 day" : $"{Count(days)} days";

    static void Headline(StringBuilder html, string value, string label) =>
        html.Append("<div><b>").Append(Encode(value)).Append("</b>").Append(label).Append("</div>\n");

    static void Row(StringBuilder html, string heading, string encodedValue) =>
        html.Append("<tr><th scope=\"row\">").Append(heading).Append("</th><td>").Append(encodedValue).Append("</td></tr>\n");

    /// <summary>The channel's name after a swatch of its colour in the funnel (the colour is ours, not from the data).</summary>
    static void AppendChannel(StringBuilder html, Channel channel) =>
        html.Append("<span class=\"swatch\" style=\"background: ").Append(ChannelPalette.Hex(channel)).Append("\"></span>")
            .Append(Encode(ChannelPalette.Name(channel)));

    static string DisplayName(Campaign campaign) =>
        string.IsNullOrWhiteSpace(campaign.Name) || campaign.Name == campaign.Id ? campaign.Id : $"{campaign.Name} ({campaign.Id})";

    static string CostPerOrder(decimal? costPerOrder, string currency) =>
        costPerOrder is { } cost ? ReportNumberFormat.MoneyWithCents(cost, currency) : "–";

    static string Count(long value) => ReportNumberFormat.Count(value);

    static string Kebab(string name) => JsonNamingPolicy.KebabCaseLower.ConvertName(name);

    static string Encode(string text) => ReportHtml.Encode(text);
}
