using Hub.Customers;
using Hub.Messaging.Campaigns;

namespace Hub.Tests.Messaging.Campaigns;

/// <summary>Campaign files: what they say, and every mistake named with its place.</summary>
public sealed class CampaignDefinitionTests
{
    static readonly TimeZoneInfo Moscow = TimeZoneInfo.FindSystemTimeZoneById("Europe/Moscow");
    static readonly DateTimeOffset Now = new(2026, 11, 25, 9, 0, 0, TimeSpan.Zero);

    static (IReadOnlyList<Campaign> Campaigns, IReadOnlyList<string> Errors) Parse(string json)
    {
        var (campaigns, errors) = CampaignDefinitionParser.Parse(json, "shop", Moscow, Now);
        return (campaigns, errors.Select(e => e.ToString()).ToList());
    }

    [Fact]
    public void A_win_back_cascade_reads_as_written()
    {
        var (campaigns, errors) = Parse("""
            // comments are fine
            {
              "id": "win-back", "name": "Вернуть ушедших", "kind": "segment-entered", "segment": "lapsed", "exclude": "abandoned-cart",
              "steps": [
                { "channel": "email", "template": "win-back", "wait": "48h" },
                { "channels": ["whatsapp", "vk"], "template": "win-back", "wait": "1d" },
                { "channel": "sms", "template": "win-back" },
              ],
              "attribution": "7d", "deadline": "3d"
            }
            """);

        Assert.Empty(errors);
        var c = Assert.Single(campaigns);
        Assert.Equal((CampaignKind.SegmentEntered, "lapsed", "abandoned-cart"), (c.Kind, c.SegmentId, c.ExcludeSegmentId));
        Assert.Equal([Channel.Email], c.Steps[0].Channels);
        Assert.Equal([Channel.WhatsApp, Channel.Vk], c.Steps[1].Channels);
        Assert.Equal((TimeSpan.FromHours(48), TimeSpan.FromDays(1), (TimeSpan?)null), (c.Steps[0].Wait, c.Steps[1].Wait, c.Steps[2].Wait));
        Assert.Equal((TimeSpan.FromDays(7), TimeSpan.FromDays(3)), (c.AttributionWindow, c.Deadline));
    }

    [Fact]
    public void A_one_off_start_is_read_in_the_shops_time_zone()
    {
        var (campaigns, errors) = Parse("""{ "id": "black-friday", "kind": "one-off", "segment": "repeat", "start": "2026-11-27 10:00", "steps": [{ "channel": "email", "template": "win-back" }] }""");

        Assert.Empty(errors);
        Assert.Equal(new DateTimeOffset(2026, 11, 27, 7, 0, 0, TimeSpan.Zero), campaigns[0].StartAt);
    }

    [Fact]
    public void Every_mistake_is_named_with_its_place_and_nothing_is_read()
    {
        var (campaigns, errors) = Parse("""
            [
              { "id": "Bad Id", "kind": "weekly", "steps": [] },
              { "id": "ok-id", "kind": "recurring", "segment": "repeat", "cron": "every monday", "colour": "red",
                "steps": [{ "channel": "emial", "template": "win-back" }, { "channel": "sms" }] },
              { "id": "b-day", "kind": "birthday", "daysBefore": 100, "steps": [{ "channel": "email", "template": "birthday", "wait": "soon" }] }
            ]
            """);

        Assert.Empty(campaigns);
        Assert.Contains(errors, e => e.StartsWith("[0].id: campaign id 'Bad Id'"));
        Assert.Contains(errors, e => e.StartsWith("[0].kind: 'weekly' is not a kind"));
        Assert.Contains(errors, e => e.StartsWith("[0].steps: expected a non-empty array"));
        Assert.Contains(errors, e => e.StartsWith("[1].cron: 'every monday' is not a 5-field cron"));
        Assert.Contains(errors, e => e.StartsWith("[1].colour: unknown field"));
        Assert.Contains("[1].steps[0].channel: 'emial' is not a channel; did you mean 'email'?", errors);
        Assert.Contains("[1].steps[0].wait: every step but the last needs a reaction window before the next one, e.g. \"48h\"", errors);
        Assert.Contains("[1].steps[1].template: is required", errors);
        Assert.Contains("[2].daysBefore: expected a whole number of days from 0 to 60", errors);
        Assert.Contains(errors, e => e.StartsWith("[2].steps[0].wait: 'soon' is not a duration"));
    }

    [Fact]
    public void Broken_json_is_refused_with_the_parsers_words()
    {
        var (_, errors) = Parse("""{ "id": "x", """);
        Assert.StartsWith("not valid JSON:", Assert.Single(errors));
    }
}
