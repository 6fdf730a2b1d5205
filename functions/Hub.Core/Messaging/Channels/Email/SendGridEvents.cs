using System.Text.Json;
using Hub.Customers;

namespace Hub.Messaging.Channels.Email;

/// <summary>
/// Reads an Event Webhook body, a JSON array of events (channels.md §1, Event Webhook):
/// <c>delivered</c> → Delivered, <c>open</c> → Opened, <c>click</c> → Clicked; <c>bounce</c> → Bounced, but with
/// <c>type: blocked</c> → Failed (a temporary block, not a suppression); <c>dropped</c> → OptedOut for an
/// unsubscribed or spam-reporting address, Bounced for a bounced one, else Failed; <c>unsubscribe</c>,
/// <c>group_unsubscribe</c>, <c>spamreport</c> → OptedOut; <c>group_resubscribe</c> → OptedIn; <c>processed</c>,
/// <c>deferred</c> and types we do not know are not reported.
/// </summary>
internal static class SendGridEvents
{
    /// <summary>The <c>reason</c> of a <c>dropped</c> event for an address on a suppression list.</summary>
    public const string UnsubscribedAddress = "Unsubscribed Address";
    public const string SpamReportingAddress = "Spam Reporting Address";
    public const string BouncedAddress = "Bounced Address";
    /// <summary>The <c>type</c> of a <c>bounce</c> event that is a temporary block rather than a hard bounce.</summary>
    public const string Blocked = "blocked";

    /// <summary>
    /// The events of <paramref name="body"/>; <paramref name="skipped"/> counts entries without an event type or
    /// <c>sg_event_id</c>. Throws <see cref="JsonException"/> when the body is not a JSON array.
    /// </summary>
    public static IReadOnlyList<ProviderEvent> Parse(byte[] body, string shopId, DateTimeOffset now, out int skipped)
    {
        using var json = JsonDocument.Parse(body);
        if (json.RootElement.ValueKind != JsonValueKind.Array)
        {
            throw new JsonException($"Expected an array of events, found {json.RootElement.ValueKind}.");
        }
        var events = new List<ProviderEvent>();
        skipped = 0;
        foreach (var item in json.RootElement.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Object || Text(item, "event") is not { } type || Text(item, "sg_event_id") is not { } eventId)
            {
                skipped++;
                continue;
            }
            if (Kind(type, Text(item, "type"), Text(item, "reason")) is not { } kind)
            {
                continue;
            }
            events.Add(new ProviderEvent(
                SendGridMail.Provider,
                eventId,
                kind,
                Channel.Email,
                item.TryGetProperty("timestamp", out var at) && at.TryGetInt64(out var seconds) ? DateTimeOffset.FromUnixTimeSeconds(seconds) : now,
                MessageId: Text(item, SendGridMail.MessageIdArg),
                ProviderMessageId: Text(item, "sg_message_id"),
                Address: Text(item, "email"),
                ShopId: Text(item, SendGridMail.ShopArg) ?? shopId,
                Detail: Detail(type, item))
            {
                Key = Text(item, SendGridMail.SourceArg) is { } source && Text(item, SendGridMail.CustomerArg) is { } customer
                    && int.TryParse(Text(item, SendGridMail.StepArg), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var step)
                    ? new LedgerKey(source, customer, step)
                    : null,
            });
        }
        return events;
    }

    static ProviderEventKind? Kind(string type, string? bounceType, string? reason) => type switch
    {
        "delivered" => ProviderEventKind.Delivered,
        "open" => ProviderEventKind.Opened,
        "click" => ProviderEventKind.Clicked,
        "bounce" => string.Equals(bounceType, Blocked, StringComparison.OrdinalIgnoreCase) ? ProviderEventKind.Failed : ProviderEventKind.Bounced,
        "dropped" => reason switch
        {
            _ when Is(reason, UnsubscribedAddress) || Is(reason, SpamReportingAddress) => ProviderEventKind.OptedOut,
            _ when Is(reason, BouncedAddress) => ProviderEventKind.Bounced,
            _ => ProviderEventKind.Failed,
        },
        "unsubscribe" or "group_unsubscribe" or "spamreport" => ProviderEventKind.OptedOut,
        "group_resubscribe" => ProviderEventKind.OptedIn,
        _ => null,
    };

    static bool Is(string? reason, string expected) => string.Equals(reason?.Trim(), expected, StringComparison.OrdinalIgnoreCase);

    /// <summary>What a person reading the ledger wants next to the kind: the bounce or drop reason, the clicked URL, the unsubscribe group.</summary>
    static string? Detail(string type, JsonElement item) =>
        Text(item, "reason") ?? Text(item, "url")
        ?? (item.TryGetProperty("asm_group_id", out var group) && group.ValueKind == JsonValueKind.Number ? $"{type} group {group.GetRawText()}" : null);

    static string? Text(JsonElement item, string name) =>
        item.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text ? text : null;
}
