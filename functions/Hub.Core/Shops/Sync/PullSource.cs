using Hub.Customers;

namespace Hub.Shops.Sync;

/// <summary>What a pull reads from a platform. Kebab-case in settings, the CLI and the SyncState table.</summary>
public enum SyncResource { Customers, Orders, Carts }

/// <summary>
/// One page read from a platform, already mapped to canonical changes. <see cref="Cursor"/> is where the next page
/// starts (an opaque string of the platform's own: a GraphQL cursor, a history id, <c>updated_since</c> + id, …); the
/// engine stores it only after every change of this page is stored, so a crash re-reads a page and never skips one.
/// When <see cref="HasMore"/> is false the cursor marks where the next incremental run begins.
/// </summary>
public sealed record PullPage(IReadOnlyList<ShopChange> Changes, string Cursor, bool HasMore)
{
    /// <summary>How many items the whole pull holds, when the platform says (progress of a backfill).</summary>
    public long? Total { get; init; }

    /// <summary>
    /// The platform's own signal that the next call should wait (Shopify's cost bucket running low, InSales'
    /// <c>API-Usage-Limit</c> near its ceiling): the next page is queued hidden for this long.
    /// </summary>
    public TimeSpan? Pause { get; init; }
}

/// <summary>
/// One shop platform's pull API: reads customers, orders and carts changed since a cursor, one page at a time, and
/// single entities for webhook hints. Implementations live in Shops/{Platform}/, talk to the platform through a Refit
/// client from <see cref="ShopApiClients"/>, and map to <see cref="ShopChange"/>s that go through the same
/// <see cref="CustomerIngestion"/> path as webhooks. They hold no state between calls; throttling surfaces as
/// <see cref="PlatformThrottledException"/>, refusals as <see cref="PlatformApiException"/>.
/// </summary>
public interface IPullSource
{
    /// <summary>The platform name, as in <see cref="Platforms"/>.</summary>
    string Platform { get; }

    /// <summary>The resources this platform can pull, and how often an incremental run is due for each.</summary>
    IReadOnlyDictionary<SyncResource, TimeSpan> Resources { get; }

    /// <summary>Reads the page at <paramref name="cursor"/>; a null cursor starts from the beginning of the shop's history.</summary>
    Task<PullPage> PullAsync(Shop shop, SyncResource resource, string? cursor, CancellationToken cancellationToken = default);

    /// <summary>
    /// Re-reads one entity by its platform id — what a webhook hint asks for. No changes (or a
    /// <see cref="ShopChange.DeleteCustomer"/>) when the platform no longer has it.
    /// </summary>
    Task<IReadOnlyList<ShopChange>> FetchAsync(Shop shop, SyncResource resource, string id, CancellationToken cancellationToken = default);
}

/// <summary>
/// The platform asked us to wait (429 or 503 with Retry-After, Shopify's <c>THROTTLED</c>): the caller does not retry
/// now, it schedules the same call after <see cref="RetryAfter"/>.
/// </summary>
public sealed class PlatformThrottledException(string platform, TimeSpan retryAfter, string detail)
    : Exception($"{platform} is throttling requests: {detail}; retry after {retryAfter.TotalSeconds:0.#} s")
{
    public string Platform { get; } = platform;
    public TimeSpan RetryAfter { get; } = retryAfter;
}

/// <summary>
/// The platform refused or failed a call. The message names what is wrong and, for credentials, the setting to fix;
/// <see cref="Transient"/> says whether trying again later can help (5xx, timeouts) or a person must act (401, 403, 404).
/// </summary>
public sealed class PlatformApiException(string platform, int? status, string message, bool transient, Exception? inner = null)
    : Exception($"{platform}: {message}", inner)
{
    public string Platform { get; } = platform;
    public int? Status { get; } = status;
    public bool Transient { get; } = transient;
}
