using System.Net.Http.Headers;
using System.Text.Json;
using Hub.Customers;
using Hub.Shops.Sync;
using Hub.Webhooks;

namespace Hub.Shops.Ecwid;

/// <summary>
/// Pulls Ecwid customers, orders and abandoned carts (shop-platforms.md §5) 100 at a time by offset inside a frozen
/// update window (<see cref="EcwidCursor"/>), so a set changing during the run neither skips nor loops. Ecwid reports
/// no usage, so there is no <see cref="PullPage.Pause"/>; a 429 becomes <see cref="PlatformThrottledException"/> with
/// its Retry-After. Credentials: <c>Authorization: Bearer</c> with <c>Shops:{id}:ApiToken</c> (the app's
/// <c>secret_…</c> token); the store is the last segment of <see cref="Shop.ApiUrl"/>.
/// </summary>
internal sealed class EcwidPullSource(ShopApiClients clients, ShopSecrets secrets, TimeProvider time) : IPullSource
{
    public string Platform => Platforms.Ecwid;

    public IReadOnlyDictionary<SyncResource, TimeSpan> Resources { get; } = new Dictionary<SyncResource, TimeSpan>
    {
        [SyncResource.Customers] = EcwidFacts.PullInterval,
        [SyncResource.Orders] = EcwidFacts.PullInterval,
        [SyncResource.Carts] = EcwidFacts.PullInterval,
    };

    public async Task<PullPage> PullAsync(Shop shop, SyncResource resource, string? cursor, CancellationToken cancellationToken = default)
    {
        var at = EcwidCursor.Parse(cursor, resource);
        var to = at.To ?? (time.GetUtcNow() - EcwidFacts.SettleTime).ToUnixTimeSeconds();
        if (!at.InRun && at.From is { } from && from >= to)
        {
            // The last run ended less than the settle time ago: nothing can be read yet.
            return new PullPage([], at.Format(), HasMore: false);
        }
        var offset = at.InRun ? at.Next : 0;
        var api = Api(shop);
        var reply = await CallAsync(shop, $"GET /{Path(resource)}", () => resource switch
        {
            SyncResource.Customers => api.CustomersAsync(at.From, to, offset, EcwidFacts.PageSize, EcwidFacts.CustomerSort, cancellationToken),
            SyncResource.Orders => api.OrdersAsync(at.From, to, offset, EcwidFacts.PageSize, cancellationToken),
            _ => api.CartsAsync(at.From, to, offset, EcwidFacts.PageSize, cancellationToken),
        });
        var items = reply.Items ?? [];
        try
        {
            var changes = new List<ShopChange>(items.Length);
            for (var index = 0; index < items.Length; index++)
            {
                changes.Add(Map(resource, items[index], $"ecwid {Noun(resource)} #{offset + index + 1} of {reply.Total}"));
            }
            var done = new PullPage(changes, new EcwidCursor(From: to).Format(), HasMore: false) { Total = reply.Total };
            if (!at.InRun)
            {
                // The first page: all of the window, or the start of it; the rest is read from the end down.
                return reply.Total <= items.Length
                    ? done
                    : new PullPage(changes, new EcwidCursor(at.From, to, (int)Math.Max(0, reply.Total - EcwidFacts.PageSize), reply.Total).Format(), HasMore: true) { Total = reply.Total };
            }
            var moved = at.Moved || reply.Total != at.Total;
            // Below this offset nothing is read yet, except what the first page read while nothing had left.
            if (offset == 0 || (offset <= EcwidFacts.PageSize && !moved))
            {
                return done with { Total = at.Total };
            }
            var next = Math.Max(0, offset - EcwidFacts.PageSize);
            return new PullPage(changes, (at with { To = to, Next = next, Moved = moved }).Format(), HasMore: true) { Total = at.Total };
        }
        finally
        {
            foreach (var item in items)
            {
                item?.Dispose();
            }
        }
    }

    public async Task<IReadOnlyList<ShopChange>> FetchAsync(Shop shop, SyncResource resource, string id, CancellationToken cancellationToken = default)
    {
        var (store, entityId) = EcwidWebhooks.ReadHint(id);
        if (store is not null && StoreOf(shop) is { } own && own != store)
        {
            return [new ShopChange.Ignore($"event of Ecwid store {store}, but shop '{shop.Id}' is store {own}: ignored")];
        }
        var api = Api(shop);
        JsonDocument document;
        try
        {
            document = await CallAsync(shop, $"GET /{Path(resource)}/{entityId}", () => resource switch
            {
                SyncResource.Customers => api.CustomerAsync(entityId, cancellationToken),
                SyncResource.Orders => api.OrderAsync(entityId, cancellationToken),
                _ => api.CartAsync(entityId, cancellationToken),
            });
        }
        catch (PlatformApiException e) when (e.Status == 404)
        {
            return resource == SyncResource.Customers
                ? [new ShopChange.DeleteCustomer(new CustomerRecord { Source = Platforms.Ecwid, ExternalId = entityId }, DateTimeOffset.UnixEpoch)]
                : [new ShopChange.Ignore($"ecwid {Noun(resource)} {entityId} no longer exists (404); it is kept as last seen")];
        }
        using (document)
        {
            return [Map(resource, document, $"ecwid {Noun(resource)} {entityId}")];
        }
    }

    static ShopChange Map(SyncResource resource, JsonDocument? document, string label)
    {
        if (document is not { RootElement.ValueKind: JsonValueKind.Object })
        {
            return new ShopChange.Ignore($"{label}: not a JSON object");
        }
        try
        {
            // Name the item by its own id once it is known, so the reason says which one is broken.
            var probe = PayloadObject.Root(document, label);
            var id = resource == SyncResource.Carts ? probe.Text("cartId") : probe.OptionalId("id");
            var item = PayloadObject.Root(document, id is null ? label : $"ecwid {Noun(resource)} {id}");
            return resource switch
            {
                SyncResource.Customers => new ShopChange.UpsertCustomer(EcwidMapping.Customer(item)),
                SyncResource.Orders => EcwidMapping.Order(item),
                _ => EcwidMapping.Cart(item),
            };
        }
        catch (WebhookFormatException e)
        {
            return new ShopChange.Ignore(e.Message);
        }
    }

    Task<T> CallAsync<T>(Shop shop, string what, Func<Task<T>> call)
        => PlatformFailures.CallAsync(Platform, what, ShopSecrets.ApiTokenKey(shop.Id), call, EcwidFacts.DefaultRetryAfter);

    IEcwidApi Api(Shop shop)
    {
        var baseUrl = ApiUrl(shop) ?? throw new PlatformApiException(Platform, null,
            $"shop '{shop.Id}' has no API URL: set it to https://app.ecwid.com/api/v3/{{storeId}} (hub shops add --api-url)", transient: false);
        var token = secrets.ApiToken(shop.Id, Platform);
        return clients.Create<IEcwidApi>(Platform, baseUrl, HubJson.Options, headers => headers.Authorization = new AuthenticationHeaderValue("Bearer", token));
    }

    static Uri? ApiUrl(Shop shop) => shop.ApiUrl is { Length: > 0 } url && Uri.TryCreate(url, UriKind.Absolute, out var parsed) ? parsed : null;

    /// <summary>The store id: the last segment of <c>https://app.ecwid.com/api/v3/{storeId}</c>.</summary>
    static string? StoreOf(Shop shop) => ApiUrl(shop)?.AbsolutePath.TrimEnd('/').Split('/')[^1] is { Length: > 0 } last && last.All(char.IsAsciiDigit) ? last : null;

    static string Path(SyncResource resource) => resource switch
    {
        SyncResource.Customers => "customers",
        SyncResource.Orders => "orders",
        SyncResource.Carts => "carts",
        _ => throw new ArgumentOutOfRangeException(nameof(resource), resource, null),
    };

    static string Noun(SyncResource resource) => resource switch
    {
        SyncResource.Customers => "customer",
        SyncResource.Orders => "order",
        _ => "cart",
    };
}
