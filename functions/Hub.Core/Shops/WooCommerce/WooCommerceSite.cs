using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Hub.Http;
using Hub.Shops.Sync;

namespace Hub.Shops.WooCommerce;

/// <summary>One page of a collection: its items (the REST representation) and the collection's size when the site says.</summary>
internal sealed record WooCommerceList(IReadOnlyList<JsonElement> Items, long? Total);

/// <summary>
/// One shop's WooCommerce REST API: the site's address, its consumer key (<c>Shops__{id}__ApiLogin</c>) and secret
/// (<c>Shops__{id}__ApiToken</c>) sent as HTTP Basic auth, and every reply read or turned into the sync engine's
/// exceptions (429/503 → <see cref="PlatformThrottledException"/>, refusals naming the settings to fix).
/// </summary>
internal sealed class WooCommerceSite
{
    const string Platform = Platforms.WooCommerce;
    readonly IWooCommerceApi api;
    readonly string credentials;

    WooCommerceSite(IWooCommerceApi api, string credentials)
    {
        this.api = api;
        this.credentials = credentials;
    }

    public static WooCommerceSite Connect(Shop shop, ShopApiClients clients, ShopSecrets secrets)
    {
        if (string.IsNullOrWhiteSpace(shop.ApiUrl) || !Uri.TryCreate(shop.ApiUrl, UriKind.Absolute, out var site))
        {
            throw new PlatformApiException(Platform, null,
                $"shop '{shop.Id}' has no API URL: set the site's address (hub shops add --api-url https://shop.example)", transient: false);
        }
        // WooCommerce takes keys as Basic auth only over HTTPS; over plain HTTP it expects OAuth 1.0a signatures
        // and the secret would travel readable. Loopback is allowed for local sites and tests.
        if (site.Scheme != Uri.UriSchemeHttps && !site.IsLoopback)
        {
            throw new PlatformApiException(Platform, null,
                $"shop '{shop.Id}' has the API URL {site.GetLeftPart(UriPartial.Authority)}: WooCommerce accepts API keys only over HTTPS, so set an https:// address", transient: false);
        }
        var key = secrets.ApiLogin(shop.Id, Platform);
        var secret = secrets.ApiToken(shop.Id, Platform);
        var basic = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{key}:{secret}"));
        var api = clients.Create<IWooCommerceApi>(Platform, site, HttpApis.SnakeCase,
            headers => headers.Authorization = new AuthenticationHeaderValue("Basic", basic));
        return new WooCommerceSite(api, $"{ShopSecrets.ApiLoginKey(shop.Id)} and {ShopSecrets.ApiTokenKey(shop.Id)}");
    }

    /// <summary>Reads one page of a collection; the body must be a JSON array.</summary>
    public async Task<WooCommerceList> ListAsync(string what, Func<IWooCommerceApi, CancellationToken, Task<HttpResponseMessage>> call, CancellationToken cancellationToken)
    {
        var reply = await SendAsync(what, call, cancellationToken);
        if (!reply.Ok)
        {
            throw reply.Failure(what, credentials);
        }
        using var document = reply.Parse(what);
        if (document.RootElement.ValueKind != JsonValueKind.Array)
        {
            throw new PlatformApiException(Platform, (int)reply.Status, $"{what} answered JSON that is not a list ({document.RootElement.ValueKind})", transient: false);
        }
        var items = document.RootElement.EnumerateArray().Select(item => item.Clone()).ToList();
        return new WooCommerceList(items, reply.Total);
    }

    /// <summary>Reads one entity; null when the site says it has no such entity (a 404 with a WooCommerce error code).</summary>
    public async Task<JsonElement?> GetAsync(string what, Func<IWooCommerceApi, CancellationToken, Task<HttpResponseMessage>> call, CancellationToken cancellationToken)
    {
        var reply = await SendAsync(what, call, cancellationToken);
        if (reply.Status == HttpStatusCode.NotFound && reply.IsMissingEntity())
        {
            return null;
        }
        if (!reply.Ok)
        {
            throw reply.Failure(what, credentials);
        }
        using var document = reply.Parse(what);
        return document.RootElement.Clone();
    }

    Task<WooCommerceReply> SendAsync(string what, Func<IWooCommerceApi, CancellationToken, Task<HttpResponseMessage>> call, CancellationToken cancellationToken)
        => PlatformFailures.CallAsync(Platform, what, credentials, async () =>
        {
            using var response = await call(api, cancellationToken);
            var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
            return new WooCommerceReply(response.StatusCode, response.Headers, response.Content.Headers.ContentType?.MediaType, body);
        });

    sealed record WooCommerceReply(HttpStatusCode Status, HttpResponseHeaders Headers, string? MediaType, byte[] Body)
    {
        public bool Ok => (int)Status is >= 200 and < 300;

        public long? Total => Headers.TryGetValues(WooCommerceFacts.TotalHeader, out var values)
            && long.TryParse(values.FirstOrDefault(), NumberStyles.None, CultureInfo.InvariantCulture, out var total) ? total : null;

        public Exception Failure(string what, string credentials)
            => PlatformFailures.Translate(Platform, what, credentials, Status, Headers, Encoding.UTF8.GetString(Body));

        /// <summary>A WordPress error body (<c>{"code": …, "message": …, "data": {"status": 404}}</c>) other than "no such route".</summary>
        public bool IsMissingEntity()
        {
            try
            {
                using var document = JsonDocument.Parse(Body);
                return document.RootElement.ValueKind == JsonValueKind.Object
                    && document.RootElement.TryGetProperty("code", out var code)
                    && code.ValueKind == JsonValueKind.String
                    && code.GetString() is { Length: > 0 } text
                    && text != WooCommerceFacts.NoRouteCode;
            }
            catch (JsonException)
            {
                return false;
            }
        }

        /// <summary>The body as JSON; an HTML page (a site without pretty permalinks, a maintenance page) is a clear error.</summary>
        public JsonDocument Parse(string what)
        {
            try
            {
                return JsonDocument.Parse(Body);
            }
            catch (JsonException e)
            {
                throw new PlatformApiException(Platform, (int)Status,
                    $"{what} answered {(int)Status} with a body that is not JSON ({MediaType ?? "no content type"}): check that the API URL is the WordPress site's address and its REST API answers under {WooCommerceFacts.ApiRoot}",
                    transient: false, e);
            }
        }
    }
}
