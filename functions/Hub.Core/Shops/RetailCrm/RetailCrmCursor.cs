using System.Text.Json;
using Hub.Shops.Sync;

namespace Hub.Shops.RetailCrm;

/// <summary>
/// Where a RetailCRM pull stands, stored as compact JSON in the SyncState table. One of three phases:
/// <list type="bullet">
/// <item><c>{"list":N,"from":T}</c> — a backfill walking <c>GET /customers?page=N</c>; <c>from</c> is where the history
/// phase will start (the backfill's start less <see cref="RetailCrmFacts.BackfillHistoryOverlap"/>), in UTC.</item>
/// <item><c>{"from":T}</c> — history not yet begun: the next call is <c>filter[startDate]=T</c> (in the account's time).</item>
/// <item><c>{"sinceId":N}</c> — history from entry N+1 on: <c>filter[sinceId]=N</c>. A finished run leaves this, so the
/// next incremental run asks only for later entries.</item>
/// </list>
/// <c>merged</c> carries customers that absorbed another one on the page just stored; they are read on the next page,
/// after the merged-away customer was marked deleted (see <see cref="RetailCrmPull"/>).
/// </summary>
internal sealed record RetailCrmCursor
{
    public int? List { get; init; }
    public DateTimeOffset? From { get; init; }
    public long? SinceId { get; init; }
    public IReadOnlyList<MergedCustomer>? Merged { get; init; }

    /// <summary>A customer that absorbed another at <see cref="At"/> (the merge's history time, UTC).</summary>
    public sealed record MergedCustomer(string Id, DateTimeOffset At);

    public string Write() => JsonSerializer.Serialize(this, HubJson.Options);

    public static RetailCrmCursor Read(string text)
    {
        RetailCrmCursor? cursor;
        try
        {
            cursor = JsonSerializer.Deserialize<RetailCrmCursor>(text, HubJson.Options);
        }
        catch (JsonException e)
        {
            throw Unreadable(text, e);
        }
        return cursor is { List: > 0, From: not null } or { List: null, From: not null, SinceId: null } or { List: null, SinceId: >= 0 }
            ? cursor
            : throw Unreadable(text);
    }

    static PlatformApiException Unreadable(string text, Exception? inner = null) => new(Platforms.RetailCrm, null,
        $"the stored cursor '{(text.Length > 100 ? text[..100] + "…" : text)}' is not a RetailCRM cursor; start a full pull (a backfill) of this resource",
        transient: false, inner);
}
