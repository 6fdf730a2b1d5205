using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Hub.Customers;
using Hub.Shops.Sync;
using Hub.Webhooks;
using Microsoft.Extensions.Logging;
using Refit;

namespace Hub.Shops.InSales;

/// <summary>
/// Pulls InSales clients and orders changed since an <see cref="InSalesCursor"/> (shop-platforms.md §4): each page is
/// the first page of <c>updated_since</c> + <c>from_id</c> at the cursor, sorted by <c>updated_at</c> then <c>id</c>;
/// the cursor moves to the last item, and a run ends on an empty batch. Items at or before the cursor (InSales not
/// honouring <c>from_id</c> on a list) are dropped here, so a resumed run repeats nothing. Usage reported in
/// <c>API-Usage-Limit</c> becomes <see cref="PullPage.Pause"/>; a 503 becomes <see cref="PlatformThrottledException"/>.
/// Credentials: HTTP Basic with <c>Shops:{id}:ApiLogin</c> (the app identifier) and <c>Shops:{id}:ApiToken</c>
/// (the shop's password, MD5(install token + app secret)).
/// </summary>
internal sealed class InSalesPullSource(ShopApiClients clients, ShopSecrets secrets, ILogger<InSalesPullSource> log) : IPullSource
{
    public string Platform => Platforms.InSales;

    public IReadOnlyDictionary<SyncResource, TimeSpan> Resources { get; } = new Dictionary<SyncResource, TimeSpan>
    {
        [SyncResource.Customers] = InSalesFacts.PullInterval,
        [SyncResource.Orders] = InSalesFacts.PullInterval,
    };

    public async Task<PullPage> PullAsync(Shop shop, SyncResource resource, string? cursor, CancellationToken cancellationToken = default)
    {
        var list = List(resource);
        var at = InSalesCursor.Parse(cursor, resource);
        var api = Api(shop);
        var (documents, usage) = await CallAsync(shop, $"GET /admin/{list}.json", () => resource == SyncResource.Customers
            ? api.ClientsAsync(at.Since, at.FromId, InSalesFacts.PageSize, cancellationToken)
            : api.OrdersAsync(at.Since, at.FromId, InSalesFacts.PageSize, cancellationToken));
        try
        {
            return Page(shop, resource, at, documents, usage);
        }
        finally
        {
            foreach (var document in documents)
            {
                document?.Dispose();
            }
        }
    }

    public async Task<IReadOnlyList<ShopChange>> FetchAsync(Shop shop, SyncResource resource, string id, CancellationToken cancellationToken = default)
    {
        var list = List(resource);
        var api = Api(shop);
        JsonDocument document;
        try
        {
            (document, _) = await CallAsync(shop, $"GET /admin/{list}/{id}.json", () => resource == SyncResource.Customers
                ? api.ClientAsync(id, cancellationToken)
                : api.OrderAsync(id, cancellationToken));
        }
        catch (PlatformApiException e) when (e.Status == 404)
        {
            return resource == SyncResource.Customers
                ? [new ShopChange.DeleteCustomer(new CustomerRecord { Source = Platforms.InSales, ExternalId = id }, DateTimeOffset.UnixEpoch)]
                : [new ShopChange.Ignore($"insales order {id} no longer exists (404); the order is kept as last seen")];
        }
        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return [new ShopChange.Ignore($"insales {Noun(resource)} {id}: the reply is not a JSON object")];
            }
            return [Map(resource, document, $"insales {Noun(resource)} {id}")];
        }
    }

    PullPage Page(Shop shop, SyncResource resource, InSalesCursor at, JsonDocument?[] documents, (int Used, int Ceiling)? usage)
    {
        var pause = usage is { } reported ? InSalesUsage.Pause(reported.Used, reported.Ceiling, Resources.Count) : null;
        if (documents.Length == 0)
        {
            // An empty batch: everything up to the cursor is read; the next run asks for what changed after it.
            return new PullPage([], at.Format(), HasMore: false) { Pause = pause };
        }
        var anchor = new Position(at.Since, at.SinceTime, at.FromId ?? long.MinValue);
        Position? newest = null;
        var changes = new List<ShopChange>(documents.Length);
        for (var index = 0; index < documents.Length; index++)
        {
            var label = $"insales {Noun(resource)} #{index + 1} of the page after {at.Since}";
            if (documents[index] is not { RootElement.ValueKind: JsonValueKind.Object } document)
            {
                changes.Add(new ShopChange.Ignore($"{label}: not a JSON object"));
                continue;
            }
            if (Locate(document, label) is not { } position)
            {
                changes.Add(new ShopChange.Ignore($"{label}: no readable 'id' and 'updated_at', so it cannot be placed in the list"));
                continue;
            }
            if (position.CompareTo(anchor) <= 0)
            {
                continue;
            }
            if (newest is null || position.CompareTo(newest) > 0)
            {
                newest = position;
            }
            changes.Add(Map(resource, document, $"insales {Noun(resource)} {position.Id}"));
        }
        if (newest is not null)
        {
            return new PullPage(changes, new InSalesCursor(newest.Since, newest.Id).Format(), HasMore: true) { Pause = pause };
        }
        if (documents.Length < InSalesFacts.PageSize)
        {
            // Only items we already had: nothing after the cursor.
            return new PullPage(changes, at.Format(), HasMore: false) { Pause = pause };
        }
        // A full page of items at or before the cursor: InSales ignored from_id and more than a page share this instant.
        // Staying would read the same page forever; the rest of that instant is skipped, and said so.
        var next = at.SinceTime.AddSeconds(1).ToString("yyyy-MM-dd HH:mm:ss zzz", CultureInfo.InvariantCulture);
        log.LogWarning("InSales ignored from_id on /admin/{List}.json for shop {ShopId}: more than {PageSize} items updated at {Since}; continuing from {Next}",
            List(resource), shop.Id, InSalesFacts.PageSize, at.Since, next);
        changes.Add(new ShopChange.Ignore(
            $"insales {List(resource)} updated at {at.Since} beyond the first {InSalesFacts.PageSize}: skipped, because InSales ignored from_id={at.FromId} and more than a page share that instant"));
        return new PullPage(changes, new InSalesCursor(next, null).Format(), HasMore: true) { Pause = pause };
    }

    /// <summary>The item's place in the list: its <c>updated_at</c> (as written and as an instant) and numeric <c>id</c>.</summary>
    static Position? Locate(JsonDocument document, string label)
    {
        try
        {
            var item = PayloadObject.Root(document, label);
            return item.Text("updated_at") is { } since && PayloadObject.ParseTime(since) is { } time
                   && long.TryParse(item.OptionalId("id"), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var id)
                ? new Position(since, time, id)
                : null;
        }
        catch (WebhookFormatException)
        {
            return null;
        }
    }

    static ShopChange Map(SyncResource resource, JsonDocument document, string label)
    {
        try
        {
            var item = PayloadObject.Root(document, label);
            return resource == SyncResource.Customers
                ? new ShopChange.UpsertCustomer(InSalesMapping.Client(item))
                : new ShopChange.UpsertOrder(InSalesMapping.Order(item));
        }
        catch (WebhookFormatException e)
        {
            return new ShopChange.Ignore(e.Message);
        }
    }

    /// <summary>Runs one call: refusals and 503s translated, the body required, the usage header read.</summary>
    async Task<(T Body, (int Used, int Ceiling)? Usage)> CallAsync<T>(Shop shop, string what, Func<Task<IApiResponse<T>>> call) where T : class
        => await PlatformFailures.CallAsync(Platform, what, $"{ShopSecrets.ApiLoginKey(shop.Id)} and {ShopSecrets.ApiTokenKey(shop.Id)}", async () =>
        {
            using var response = await call();
            await response.EnsureSuccessfulAsync();
            var body = response.Content ?? throw new PlatformApiException(Platform, null, $"{what} answered with no body", transient: true);
            return (body, InSalesUsage.Read(response.Headers));
        }, InSalesFacts.DefaultRetryAfter);

    IInSalesApi Api(Shop shop)
    {
        var baseUrl = shop.ApiUrl is { Length: > 0 } url && Uri.TryCreate(url, UriKind.Absolute, out var parsed)
            ? parsed
            : throw new PlatformApiException(Platform, null, $"shop '{shop.Id}' has no API URL: set it to https://{{shop}}.myinsales.ru (hub shops add --api-url)", transient: false);
        var login = secrets.ApiLogin(shop.Id, Platform);
        var password = secrets.ApiToken(shop.Id, Platform);
        var basic = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{login}:{password}"));
        return clients.Create<IInSalesApi>(Platform, baseUrl, HubJson.Options, headers => headers.Authorization = new AuthenticationHeaderValue("Basic", basic));
    }

    string List(SyncResource resource) => resource switch
    {
        SyncResource.Customers => "clients",
        SyncResource.Orders => "orders",
        _ => throw new PlatformApiException(Platform, null, $"InSales has no documented {resource.ToString().ToLowerInvariant()} API; pulls exist for: customers, orders", transient: false),
    };

    static string Noun(SyncResource resource) => resource == SyncResource.Customers ? "client" : "order";

    /// <summary>Where an item sits in a list sorted by <c>updated_at</c>, then <c>id</c>.</summary>
    sealed record Position(string Since, DateTimeOffset Time, long Id) : IComparable<Position>
    {
        public int CompareTo(Position? other) => other is null ? 1 : Time != other.Time ? Time.CompareTo(other.Time) : Id.CompareTo(other.Id);
    }
}
