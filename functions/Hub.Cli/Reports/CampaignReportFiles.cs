using Hub.Messaging.Campaigns;

namespace Hub.Cli.Reports;

/// <summary>
/// Full paths of the files one campaign report wrote, and the writing: the funnel per channel
/// (<c>campaign-{id}-funnel.png</c>) and one self-contained page with it and every number (<c>campaign-{id}.html</c>).
/// A campaign that has sent nothing yet gets both files in a "nothing sent yet" state.
/// </summary>
internal sealed record CampaignReportFiles(string FunnelPng, string Html)
{
    public static string FunnelFileOf(string campaignId) => $"campaign-{campaignId}-funnel.png";
    public static string HtmlFileOf(string campaignId) => $"campaign-{campaignId}.html";

    /// <summary>Writes the report into <paramref name="outDir"/> (created when missing; files there are replaced).</summary>
    public static async Task<CampaignReportFiles> WriteAsync(Campaign campaign, CampaignResult result, string outDir, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(campaign);
        ArgumentNullException.ThrowIfNull(result);
        // The id becomes a file name: only a valid one can never leave the folder.
        if (CampaignIds.Problem(campaign.Id) is { } problem)
            throw new ArgumentException(problem, nameof(campaign));
        if (!string.Equals(result.CampaignId, campaign.Id, StringComparison.Ordinal))
            throw new ArgumentException($"The results are of campaign '{result.CampaignId}', not of '{campaign.Id}'.", nameof(result));

        var funnels = ChannelFunnel.Of(result);
        var png = CampaignFunnelChart.RenderPng(string.IsNullOrWhiteSpace(campaign.Name) ? campaign.Id : campaign.Name, funnels);
        var html = CampaignReportPage.Render(campaign, result, funnels, png);

        var full = ReportFolder.Create(outDir);
        var files = new CampaignReportFiles(Path.Combine(full, FunnelFileOf(campaign.Id)), Path.Combine(full, HtmlFileOf(campaign.Id)));
        await File.WriteAllBytesAsync(files.FunnelPng, png, cancellationToken);
        await File.WriteAllTextAsync(files.Html, html, ReportFolder.PageEncoding, cancellationToken);
        return files;
    }
}
