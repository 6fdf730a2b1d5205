using Hub.Messaging.Templates;
using Hub.Segments;

namespace Hub.Messaging.Campaigns;

/// <summary>
/// What a campaign file needs from the shop: its segments exist (built-in or the shop's own; the closest id is named
/// when one does not), each step's template exists and has a variant for each of the step's channels, trigger
/// campaigns fit the window of the segment they read (birthday and replenishment days), and a shop has one active
/// abandoned-cart campaign at most.
/// </summary>
public sealed class CampaignValidator(SegmentDefinitionStore segments, TemplateStore templates, CampaignStore campaigns)
{
    public async Task<IReadOnlyList<CampaignDefinitionError>> ValidateAsync(string shopId, IReadOnlyList<Campaign> defined, CancellationToken cancellationToken = default)
    {
        var errors = new List<CampaignDefinitionError>();
        var custom = (await segments.ListAsync(shopId, cancellationToken)).Select(d => d.Id).ToList();
        var known = SegmentIds.BuiltIn.Concat(custom).ToHashSet(StringComparer.Ordinal);
        var settings = await segments.GetSettingsAsync(shopId, cancellationToken);
        var stored = new List<Campaign>();
        await foreach (var campaign in campaigns.ListAsync(shopId, cancellationToken))
        {
            stored.Add(campaign);
        }
        for (var i = 0; i < defined.Count; i++)
        {
            var c = defined[i];
            var at = defined.Count == 1 ? "" : $"[{i}].";
            foreach (var (field, id) in new[] { ("segment", c.SegmentId), ("exclude", c.ExcludeSegmentId) })
            {
                if (id is not null && !known.Contains(id))
                {
                    errors.Add(new($"{at}{field}", $"shop '{shopId}' has no segment '{id}'{NameSuggestion.DidYouMean(id, known)}"));
                }
            }
            if (c.Kind == CampaignKind.Birthday && c.DaysBefore > settings.BirthdayWithinDays)
            {
                errors.Add(new($"{at}daysBefore", $"{c.DaysBefore} days is beyond the birthday-soon window of {settings.BirthdayWithinDays} days; widen it with `hub segments settings` (birthdayWithinDays)"));
            }
            if (c.Kind == CampaignKind.Replenishment && c.DaysBefore > settings.ReplenishmentWithinDays)
            {
                errors.Add(new($"{at}daysBefore", $"{c.DaysBefore} days is beyond the replenishment-due window of {settings.ReplenishmentWithinDays} days; widen it with `hub segments settings` (replenishmentWithinDays)"));
            }
            if (c.Kind == CampaignKind.AbandonedCart && !c.Paused
                && stored.Concat(defined.Take(i)).FirstOrDefault(o => o.Kind == CampaignKind.AbandonedCart && !o.Paused && o.Id != c.Id) is { } other)
            {
                errors.Add(new($"{at}kind", $"the shop already has an active abandoned-cart campaign, '{other.Id}'; pause it first (a cart gets one cascade)"));
            }
            for (var s = 0; s < c.Steps.Count; s++)
            {
                var step = c.Steps[s];
                var template = await templates.GetAsync(shopId, step.TemplateId, cancellationToken);
                if (template is null)
                {
                    var ids = (await templates.ListAsync(shopId, cancellationToken: cancellationToken)).Select(t => t.Id);
                    errors.Add(new($"{at}steps[{s}].template", $"shop '{shopId}' has no template '{step.TemplateId}'{NameSuggestion.DidYouMean(step.TemplateId, ids)}"));
                    continue;
                }
                foreach (var channel in step.Channels.Where(ch => !template.Supports(ch)))
                {
                    errors.Add(new($"{at}steps[{s}].template", $"template '{step.TemplateId}' has no {channel.ToString().ToLowerInvariant()} variant"));
                }
            }
        }
        return errors;
    }
}
