using System.Globalization;
using System.Text.Json;
using Hub.Customers;
using Hub.Shops.Sync;
using Hub.Webhooks;

namespace Hub.Shops.WooCommerce;

/// <summary>
/// Orders changed since a <see cref="WooCommerceOrderCursor"/>, one page at a time: <c>GET /orders?modified_after=…
/// &amp;orderby=modified&amp;order=asc</c> asked from one second before the cursor's boundary (times have whole
/// seconds, and more orders may share the boundary second than the last page held), dropping the orders the cursor
/// has read. The next cursor is the newest modification second of the page and the ids seen in it. A page that is not
/// full ends the run, and its cursor is where the next incremental run starts.
/// </summary>
internal static class WooCommerceOrderPages
{
    const int PageSize = WooCommerceFacts.MaxPageSize;
    const string What = "GET orders";

    public static async Task<PullPage> ReadAsync(WooCommerceSite site, string? cursorText, CancellationToken cancellationToken)
    {
        var cursor = WooCommerceOrderCursor.Parse(cursorText);
        var crowded = cursor.SecondIsCrowded;
        var after = cursor.Since is { } since ? Format(since - WooCommerceFacts.TimePrecision) : null;
        // A crowded second is read on its own, the ids already seen excluded by the site itself.
        var before = crowded ? Format(cursor.Since!.Value + WooCommerceFacts.TimePrecision) : null;
        var exclude = crowded ? string.Join(',', cursor.Seen) : null;
        var page = await site.ListAsync(What, (api, ct) => api.OrdersAsync(after, before, exclude, PageSize, ct), cancellationToken);

        var changes = new List<ShopChange>(page.Items.Count);
        var dropped = 0;
        DateTimeOffset? newest = null;
        var atNewest = new List<long>();
        for (var position = 0; position < page.Items.Count; position++)
        {
            var item = page.Items[position];
            var id = WooCommerceMapping.Id(item);
            var modified = Modified(item);
            if (cursor.Saw(id, modified))
            {
                dropped++;
                continue;
            }
            changes.Add(WooCommerceMapping.Change(SyncResource.Orders, item, position));
            if (modified is not { } at)
            {
                continue;
            }
            if (newest is null || at > newest)
            {
                newest = at;
                atNewest.Clear();
            }
            if (at == newest && id is { } known)
            {
                atNewest.Add(known);
            }
        }

        var full = page.Items.Count >= PageSize;
        var read = cursor.Read + changes.Count;
        if (crowded)
        {
            var second = cursor.Since!.Value;
            if (full && (newest is null || newest == second))
            {
                if (atNewest.Count == 0)
                {
                    throw new PlatformApiException(Platforms.WooCommerce, null,
                        $"{What}: at least {cursor.Seen.Count} orders share the modification time {second:yyyy-MM-dd HH:mm:ss} UTC and the site ignored 'exclude', so the pull cannot get past them",
                        transient: false);
                }
                return new PullPage(changes, (cursor with { Seen = [.. cursor.Seen, .. atNewest], Read = read }).Write(), HasMore: true);
            }
            // That second is read to its end; later orders follow in the usual way.
            var next = newest > second
                ? new WooCommerceOrderCursor(newest, atNewest, read)
                : new WooCommerceOrderCursor(second + WooCommerceFacts.TimePrecision, [], read);
            return new PullPage(changes, next.Write(), HasMore: true);
        }

        if (newest is null)
        {
            if (full)
            {
                throw new PlatformApiException(Platforms.WooCommerce, null,
                    $"{What}: a full page of orders from {after ?? "the beginning"} brought none the pull can place (no new order with a readable 'date_modified_gmt'), so the pull cannot move on",
                    transient: false);
            }
            return new PullPage(changes, (cursor with { Read = 0 }).Write(), HasMore: false) { Total = read };
        }
        IReadOnlyList<long> seen = newest == cursor.Since ? [.. cursor.Seen, .. atNewest] : atNewest;
        var cursorAfter = new WooCommerceOrderCursor(newest, seen, full ? read : 0);
        return new PullPage(changes, cursorAfter.Write(), HasMore: full)
        {
            // X-WP-Total counts every order from the boundary on, including those this page dropped as read.
            Total = !full ? read : page.Total is { } total ? cursor.Read + Math.Max(changes.Count, total - dropped) : null,
        };
    }

    /// <summary>The order's <c>date_modified_gmt</c> (UTC without an offset), or null when it cannot be read.</summary>
    static DateTimeOffset? Modified(JsonElement item)
        => item.ValueKind == JsonValueKind.Object
           && item.TryGetProperty("date_modified_gmt", out var value)
           && value.ValueKind == JsonValueKind.String
           && value.GetString() is { } text
            ? PayloadObject.ParseTime(text)
            : null;

    static string Format(DateTimeOffset time) => time.UtcDateTime.ToString(WooCommerceFacts.QueryTimeFormat, CultureInfo.InvariantCulture);
}
