using System.Globalization;
using System.Text.Json;
using Hub.Customers;

namespace Hub.Messaging.Campaigns;

/// <summary>A problem in a campaign file: where (<c>[0].steps[1].channel</c>) and what.</summary>
public sealed record CampaignDefinitionError(string Path, string Message)
{
    public override string ToString() => string.IsNullOrEmpty(Path) ? Message : $"{Path}: {Message}";
}

/// <summary>
/// Reads campaign definitions (one object or an array) as <c>hub campaigns add --file</c> loads them; the syntax is in
/// docs/campaigns.md. Never throws for bad input: every problem comes back with its path, and a file with any error
/// yields no campaigns. What needs the shop (segments, templates) is checked by <see cref="CampaignValidator"/>.
/// </summary>
public static class CampaignDefinitionParser
{
    static readonly JsonDocumentOptions Lenient = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };
    static readonly string[] Keys = ["id", "name", "kind", "segment", "exclude", "start", "cron", "daysBefore", "steps", "attribution", "deadline", "paused"];
    static readonly string[] StepKeys = ["channel", "channels", "template", "wait"];
    static readonly Dictionary<string, CampaignKind> Kinds = Enum.GetValues<CampaignKind>()
        .ToDictionary(k => JsonNamingPolicy.KebabCaseLower.ConvertName(k.ToString()), k => k, StringComparer.OrdinalIgnoreCase);
    static readonly Dictionary<string, Channel> ChannelNames = new(StringComparer.OrdinalIgnoreCase)
    {
        ["email"] = Channel.Email, ["sms"] = Channel.Sms, ["telegram"] = Channel.Telegram, ["whatsapp"] = Channel.WhatsApp, ["viber"] = Channel.Viber, ["vk"] = Channel.Vk,
    };

    public static (IReadOnlyList<Campaign> Campaigns, IReadOnlyList<CampaignDefinitionError> Errors) Parse(string json, string shopId, TimeZoneInfo zone, DateTimeOffset now)
    {
        var errors = new List<CampaignDefinitionError>();
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, Lenient);
        }
        catch (JsonException e)
        {
            return ([], [new("", $"not valid JSON: {e.Message}")]);
        }
        using (document)
        {
            var root = document.RootElement;
            var items = root.ValueKind switch
            {
                JsonValueKind.Object => [(root, "")],
                JsonValueKind.Array => root.EnumerateArray().Select((e, i) => (e, $"[{i}]")).ToList(),
                _ => null,
            };
            if (items is null || items.Count == 0)
            {
                return ([], [new("", items is null ? "expected a campaign object or an array of them" : "the file defines no campaigns")]);
            }
            var campaigns = items.Select(item => Read(item.Item1, item.Item2, shopId, zone, now, errors)).OfType<Campaign>().ToList();
            foreach (var duplicate in campaigns.GroupBy(c => c.Id).Where(g => g.Count() > 1))
            {
                errors.Add(new("id", $"'{duplicate.Key}' is defined more than once in this file"));
            }
            return errors.Count == 0 ? (campaigns, errors) : ([], errors);
        }
    }

    static Campaign? Read(JsonElement e, string at, string shopId, TimeZoneInfo zone, DateTimeOffset now, List<CampaignDefinitionError> errors)
    {
        string P(string key) => at.Length == 0 ? key : $"{at}.{key}";
        if (e.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new(at, "expected a campaign object"));
            return null;
        }
        foreach (var property in e.EnumerateObject().Where(p => !Keys.Contains(p.Name)))
        {
            errors.Add(new(P(property.Name), $"unknown field; a campaign has {string.Join(", ", Keys)}"));
        }
        var before = errors.Count;
        var id = Text(e, "id", P, errors, required: true);
        if (id is not null && CampaignIds.Problem(id) is { } problem)
        {
            errors.Add(new(P("id"), problem));
        }
        var kindText = Text(e, "kind", P, errors, required: true);
        CampaignKind kind = default;
        if (kindText is not null && !Kinds.TryGetValue(kindText, out kind))
        {
            errors.Add(new(P("kind"), $"'{kindText}' is not a kind; expected {string.Join(", ", Kinds.Keys)}"));
        }
        var segment = Text(e, "segment", P, errors, required: kind is CampaignKind.OneOff or CampaignKind.Recurring or CampaignKind.SegmentEntered);
        var exclude = Text(e, "exclude", P, errors);
        DateTimeOffset? start = null;
        if (Text(e, "start", P, errors, required: kind == CampaignKind.OneOff) is { } startText)
        {
            start = LocalTime(startText, zone, P("start"), errors);
        }
        var cron = Text(e, "cron", P, errors, required: kind == CampaignKind.Recurring);
        if (cron is not null)
        {
            try
            {
                Cronos.CronExpression.Parse(cron);
            }
            catch (Cronos.CronFormatException x)
            {
                errors.Add(new(P("cron"), $"'{cron}' is not a 5-field cron (minute hour day month weekday, e.g. '0 10 * * 1'): {x.Message}"));
            }
        }
        var daysBefore = 3;
        if (e.TryGetProperty("daysBefore", out var days))
        {
            if (days.ValueKind != JsonValueKind.Number || !days.TryGetInt32(out daysBefore) || daysBefore is < 0 or > 60)
            {
                errors.Add(new(P("daysBefore"), "expected a whole number of days from 0 to 60"));
            }
        }
        var attribution = Duration(e, "attribution", P, errors);
        var deadline = Duration(e, "deadline", P, errors);
        var paused = e.TryGetProperty("paused", out var pausedValue) && pausedValue.ValueKind == JsonValueKind.True;
        var steps = new List<CampaignStep>();
        if (!e.TryGetProperty("steps", out var stepsValue) || stepsValue.ValueKind != JsonValueKind.Array || stepsValue.GetArrayLength() == 0)
        {
            errors.Add(new(P("steps"), "expected a non-empty array of steps, e.g. [{\"channel\": \"email\", \"template\": \"win-back\", \"wait\": \"48h\"}]"));
        }
        else
        {
            var count = stepsValue.GetArrayLength();
            var i = 0;
            foreach (var step in stepsValue.EnumerateArray())
            {
                var path = P($"steps[{i}]");
                if (ReadStep(step, path, last: i == count - 1, errors) is { } read)
                {
                    steps.Add(read);
                }
                i++;
            }
        }
        if (kind is CampaignKind.OneOff && start is { } s && deadline is { } d && s + d < now)
        {
            errors.Add(new(P("start"), $"{s:yyyy-MM-dd HH:mm} plus the deadline is already past: nothing would be sent"));
        }
        return errors.Count > before || id is null ? null : new Campaign
        {
            Id = id,
            ShopId = shopId,
            Name = Text(e, "name", P, errors) ?? id,
            Kind = kind,
            SegmentId = segment,
            ExcludeSegmentId = exclude,
            StartAt = start,
            Cron = cron,
            DaysBefore = daysBefore,
            Steps = steps,
            AttributionWindow = attribution,
            Deadline = deadline,
            Paused = paused,
            CreatedAt = now,
            UpdatedAt = now,
        };
    }

    static CampaignStep? ReadStep(JsonElement e, string at, bool last, List<CampaignDefinitionError> errors)
    {
        if (e.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new(at, "expected a step object"));
            return null;
        }
        string P(string key) => $"{at}.{key}";
        foreach (var property in e.EnumerateObject().Where(p => !StepKeys.Contains(p.Name)))
        {
            errors.Add(new(P(property.Name), $"unknown field; a step has {string.Join(", ", StepKeys)}"));
        }
        var before = errors.Count;
        var names = new List<(string Name, string Path)>();
        if (e.TryGetProperty("channel", out var one))
        {
            if (one.ValueKind == JsonValueKind.String) names.Add((one.GetString()!, P("channel")));
            else errors.Add(new(P("channel"), "expected a channel name"));
        }
        if (e.TryGetProperty("channels", out var many))
        {
            if (many.ValueKind == JsonValueKind.Array)
            {
                var j = 0;
                foreach (var c in many.EnumerateArray())
                {
                    if (c.ValueKind == JsonValueKind.String) names.Add((c.GetString()!, P($"channels[{j}]")));
                    else errors.Add(new(P($"channels[{j}]"), "expected a channel name"));
                    j++;
                }
            }
            else
            {
                errors.Add(new(P("channels"), "expected an array of channel names"));
            }
        }
        if (names.Count == 0 && errors.Count == before)
        {
            errors.Add(new(at, "a step needs \"channel\" (or \"channels\" for several at once)"));
        }
        var channels = new List<Channel>();
        foreach (var (name, path) in names)
        {
            if (!ChannelNames.TryGetValue(name, out var channel))
            {
                errors.Add(new(path, $"'{name}' is not a channel{Segments.NameSuggestion.Hint(name, ChannelNames.Keys)}"));
            }
            else if (channels.Contains(channel))
            {
                errors.Add(new(path, $"{name} appears twice in this step"));
            }
            else
            {
                channels.Add(channel);
            }
        }
        if (channels.Count > 10)
        {
            errors.Add(new(P("channels"), "at most 10 channels per step"));
        }
        var template = Text(e, "template", P, errors, required: true);
        var wait = Duration(e, "wait", P, errors);
        if (!last && wait is null && !e.TryGetProperty("wait", out _))
        {
            errors.Add(new(P("wait"), "every step but the last needs a reaction window before the next one, e.g. \"48h\""));
        }
        return errors.Count > before || template is null ? null : new CampaignStep(channels, template, wait);
    }

    static string? Text(JsonElement e, string key, Func<string, string> path, List<CampaignDefinitionError> errors, bool required = false)
    {
        if (!e.TryGetProperty(key, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            if (required)
            {
                errors.Add(new(path(key), "is required"));
            }
            return null;
        }
        if (value.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(value.GetString()))
        {
            errors.Add(new(path(key), "expected a non-empty string"));
            return null;
        }
        return value.GetString()!.Trim();
    }

    static TimeSpan? Duration(JsonElement e, string key, Func<string, string> path, List<CampaignDefinitionError> errors)
    {
        if (Text(e, key, path, errors) is not { } text)
        {
            return null;
        }
        if (!Durations.TryParse(text, out var duration) || duration <= TimeSpan.Zero || duration > TimeSpan.FromDays(90))
        {
            errors.Add(new(path(key), $"'{text}' is not a duration between 1 minute and 90 days (like 30m, 48h, 7d)"));
            return null;
        }
        return duration;
    }

    /// <summary>"2026-12-10 10:00" in the shop's zone, or an ISO time with its offset.</summary>
    static DateTimeOffset? LocalTime(string text, TimeZoneInfo zone, string path, List<CampaignDefinitionError> errors)
    {
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var withOffset) && (text.Contains('+') || text.EndsWith('Z') || text.LastIndexOf('-') > 9))
        {
            return withOffset.ToUniversalTime();
        }
        if (DateTime.TryParseExact(text, ["yyyy-MM-dd HH:mm", "yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd HH:mm:ss", "dd.MM.yyyy HH:mm"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
        {
            return new DateTimeOffset(local, zone.GetUtcOffset(local)).ToUniversalTime();
        }
        errors.Add(new(path, $"'{text}' is not a time; write it in the shop's time zone as 2026-12-10 10:00 (or ISO with an offset)"));
        return null;
    }
}
