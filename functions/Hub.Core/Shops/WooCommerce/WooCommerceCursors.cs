using System.Text.Json;
using System.Text.Json.Serialization;
using Hub.Shops.Sync;

namespace Hub.Shops.WooCommerce;

/// <summary>
/// Where an orders pull stands, as <c>{"since":"2024-05-03T12:25:41+00:00","seen":[727,728],"read":250}</c>: every
/// order modified before the second <see cref="Since"/> has been read, and of the orders modified within that second,
/// those in <see cref="Seen"/>. <see cref="Read"/> counts the orders this run has returned (progress only).
/// A keyset on (modified time, id) rather than page numbers: an order modified while a run pages moves to the end of
/// the window instead of shifting the pages behind it, so a resumed run neither skips nor loops.
/// </summary>
internal sealed record WooCommerceOrderCursor(DateTimeOffset? Since, IReadOnlyList<long> Seen, long Read)
{
    public static readonly WooCommerceOrderCursor Start = new(null, [], 0);

    /// <summary>
    /// A whole page of orders share the second <see cref="Since"/> (a bulk status change): the rest of that second is
    /// read on its own, with the seen ids excluded by the API, since dropping them here could never make progress.
    /// </summary>
    [JsonIgnore]
    public bool SecondIsCrowded => Since is not null && Seen.Count >= WooCommerceFacts.MaxPageSize;

    public bool Saw(long? id, DateTimeOffset? modified)
        => Since is { } since && modified is { } at && (at < since || (at == since && id is { } known && Seen.Contains(known)));

    public string Write() => WooCommerceCursors.Write(this);

    public static WooCommerceOrderCursor Parse(string? text) => WooCommerceCursors.Read(text, SyncResource.Orders, Start);
}

/// <summary>
/// Where a customer scan stands, as <c>{"offset":300,"last":4711}</c>: the scan (by id, oldest first) has passed
/// <see cref="Offset"/> customers, the highest id being <see cref="Last"/>. The next page starts one customer early so
/// the first customer returned proves that nobody before that point was deleted meanwhile (which would shift unread
/// customers behind the offset); if someone was, the scan steps back until it overlaps again.
/// </summary>
internal sealed record WooCommerceCustomerCursor(int Offset, long? Last)
{
    public static readonly WooCommerceCustomerCursor Start = new(0, null);

    public string Write() => WooCommerceCursors.Write(this);

    public static WooCommerceCustomerCursor Parse(string? text) => WooCommerceCursors.Read(text, SyncResource.Customers, Start);
}

/// <summary>The cursors' JSON: what the SyncState table keeps between pages and runs.</summary>
internal static class WooCommerceCursors
{
    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static string Write<T>(T cursor) => JsonSerializer.Serialize(cursor, Json);

    /// <summary>Null or empty starts from the beginning; anything this version did not write is a clear error.</summary>
    public static T Read<T>(string? text, SyncResource resource, T start) where T : class
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return start;
        }
        try
        {
            return JsonSerializer.Deserialize<T>(text, Json) ?? start;
        }
        catch (JsonException e)
        {
            throw new PlatformApiException(Platforms.WooCommerce, null,
                $"the stored {resource.ToString().ToLowerInvariant()} cursor is not one this version writes ({e.Message}); clear it to pull from the beginning",
                transient: false, e);
        }
    }
}
