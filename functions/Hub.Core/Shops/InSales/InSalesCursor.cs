using System.Text.Json;
using System.Text.Json.Serialization;
using Hub.Shops.Sync;

namespace Hub.Shops.InSales;

/// <summary>
/// Where an InSales list resumes: the last item's <c>updated_at</c> as InSales wrote it (sent back verbatim as
/// <c>updated_since</c>, so no precision or offset is lost) and its <c>id</c> as <c>from_id</c>, the tie-breaker among
/// items updated at the same instant. Stored as <c>{"since":"2026-11-20T12:00:00.000+03:00","fromId":42}</c>. The
/// list is filtered and sorted by exactly this pair, so resuming neither skips nor repeats (items updated meanwhile
/// move behind the cursor and come later).
/// </summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
internal sealed record InSalesCursor(string Since, long? FromId)
{
    public static readonly InSalesCursor Start = new(InSalesFacts.EpochSince, null);

    public string Format() => JsonSerializer.Serialize(this, HubJson.Options);

    public static InSalesCursor Parse(string? cursor, SyncResource resource)
    {
        if (string.IsNullOrWhiteSpace(cursor))
        {
            return Start;
        }
        try
        {
            var parsed = JsonSerializer.Deserialize<InSalesCursor>(cursor, HubJson.Options);
            if (parsed?.Since is { Length: > 0 } since && Webhooks.PayloadObject.ParseTime(since) is not null)
            {
                return parsed;
            }
        }
        catch (JsonException)
        {
        }
        throw new PlatformApiException(Platforms.InSales, null,
            $"the stored {resource} cursor is not an InSales cursor ({{\"since\":\"<updated_at>\",\"fromId\":<id>}}); reset the {resource} sync to start over", transient: false);
    }

    /// <summary>The instant of <see cref="Since"/>.</summary>
    [JsonIgnore]
    public DateTimeOffset SinceTime => Webhooks.PayloadObject.ParseTime(Since)!.Value;
}
