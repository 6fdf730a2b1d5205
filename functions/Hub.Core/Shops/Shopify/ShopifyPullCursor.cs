using System.Text.Json;
using Hub.Shops.Sync;

namespace Hub.Shops.Shopify;

/// <summary>
/// Where a Shopify pull stands, stored as JSON in the SyncState table, e.g.
/// <c>{"since":"2025-03-15T10:00:00+00:00","after":"eyJsYXN0X2lkIjo…","newest":"2025-03-15T10:42:00+00:00","started":"2025-03-15T10:45:00+00:00"}</c>.
/// <list type="bullet">
/// <item><see cref="Since"/>: the run asks for what changed after this time (less <see cref="ShopifyFacts.IndexLag"/>,
/// or <see cref="ShopifyFacts.CustomersFilterSlack"/> for customers); null = the whole history (a backfill).</item>
/// <item><see cref="After"/>: the GraphQL <c>endCursor</c> of the last page read in this run; null = the run's first page.</item>
/// <item><see cref="Newest"/>: the newest <c>updatedAt</c> seen so far in this run.</item>
/// <item><see cref="Started"/>: when the run began (the hub's clock).</item>
/// </list>
/// A finished run's cursor holds only the next run's <see cref="Since"/>: the newest change it saw, but never later than
/// when it started (checkouts come in id order, so one changed during the run may sit behind the pages already read;
/// anything changed after the start is asked for again by the next run), and never earlier than its own.
/// </summary>
internal sealed record ShopifyPullCursor(DateTimeOffset? Since, string? After = null, DateTimeOffset? Newest = null, DateTimeOffset? Started = null)
{
    public static readonly ShopifyPullCursor Backfill = new((DateTimeOffset?)null);

    public static ShopifyPullCursor Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return Backfill;
        }
        try
        {
            return JsonSerializer.Deserialize<ShopifyPullCursor>(text, HubJson.Options) ?? Backfill;
        }
        catch (JsonException e)
        {
            throw new PlatformApiException(Platforms.Shopify, null, $"the stored sync cursor is not a Shopify cursor ({e.Message}); reset the pull to start over", transient: false, e);
        }
    }

    public string Serialize() => JsonSerializer.Serialize(this, HubJson.Options);

    /// <summary>This run's start: kept from an earlier page of the run, else <paramref name="now"/>.</summary>
    public ShopifyPullCursor Begin(DateTimeOffset now) => After is null ? this with { Newest = null, Started = now } : this with { Started = Started ?? now };

    /// <summary>After a page: the next page's cursor, or, when the run is over, the next run's.</summary>
    public ShopifyPullCursor Next(string? endCursor, bool hasMore, DateTimeOffset? newestOnPage)
    {
        var newest = Max(Newest, newestOnPage);
        if (hasMore && endCursor is not null)
        {
            return this with { After = endCursor, Newest = newest };
        }
        // Re-read items (the overlap) can be older than Since: the next run never starts earlier than this one did.
        var reached = Min(newest ?? Started, Started ?? newest);
        return new ShopifyPullCursor(Max(Since, reached));
    }

    static DateTimeOffset? Max(DateTimeOffset? a, DateTimeOffset? b) => a is null ? b : b is null ? a : a > b ? a : b;

    static DateTimeOffset? Min(DateTimeOffset? a, DateTimeOffset? b) => a is null ? b : b is null ? a : a < b ? a : b;
}
