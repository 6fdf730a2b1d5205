using Hub.Customers;
using Hub.Shops.Sync;

namespace Hub.Shops.WooCommerce;

/// <summary>
/// The customer scan: customers have no <c>modified_after</c> [W4], so every run lists them all by id
/// (<c>GET /customers?orderby=id&amp;order=asc&amp;role=all&amp;offset=N</c>) and ingestion keeps only what changed. New
/// customers get higher ids and join at the end; a customer deleted behind the scan's position is noticed by the
/// one-customer overlap of <see cref="WooCommerceCustomerCursor"/> and answered by stepping back. The end of the scan
/// resets the cursor, so the next run scans from the first customer again.
/// </summary>
internal static class WooCommerceCustomerPages
{
    const int PageSize = WooCommerceFacts.MaxPageSize;
    const string What = "GET customers";

    public static async Task<PullPage> ReadAsync(WooCommerceSite site, string? cursorText, CancellationToken cancellationToken)
    {
        var cursor = WooCommerceCustomerCursor.Parse(cursorText);
        var start = cursor.Last is null ? cursor.Offset : Math.Max(0, cursor.Offset - 1);
        var stepBack = PageSize;
        WooCommerceList page;
        while (true)
        {
            var offset = start;
            page = await site.ListAsync(What, (api, ct) => api.CustomersAsync(WooCommerceFacts.CustomerRole, offset, PageSize, ct), cancellationToken);
            if (cursor.Last is not { } last || start == 0 || Overlaps(page, last))
            {
                break;
            }
            // Customers before this place were deleted since the last page, so unread ones moved in front of it.
            start = Math.Max(0, start - stepBack);
            stepBack *= 2;
        }

        var changes = new List<ShopChange>(page.Items.Count);
        var highest = cursor.Last;
        for (var position = 0; position < page.Items.Count; position++)
        {
            var item = page.Items[position];
            var id = WooCommerceMapping.Id(item);
            if (id is { } known && cursor.Last is { } last && known <= last)
            {
                continue;
            }
            changes.Add(WooCommerceMapping.Change(SyncResource.Customers, item, position));
            if (id > (highest ?? long.MinValue))
            {
                highest = id;
            }
        }

        var full = page.Items.Count >= PageSize;
        var next = full ? new WooCommerceCustomerCursor(start + page.Items.Count, highest) : WooCommerceCustomerCursor.Start;
        return new PullPage(changes, next.Write(), HasMore: full) { Total = page.Total };
    }

    /// <summary>The page starts at or before the last customer read: nobody unread is behind it.</summary>
    static bool Overlaps(WooCommerceList page, long last)
        => (page.Items.Select(WooCommerceMapping.Id).FirstOrDefault(id => id is not null) is { } first && first <= last)
           || (page.Items.Count > 0 && page.Items.All(item => WooCommerceMapping.Id(item) is null));
}
