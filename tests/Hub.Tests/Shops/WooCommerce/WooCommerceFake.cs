using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using WireMock;
using WireMock.Matchers;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace Hub.Tests.Shops.WooCommerce;

/// <summary>
/// A WooCommerce site's REST v3 API on loopback (WireMock.Net), with the request and reply shapes of
/// ../shared/specs/shop-platforms.md §3 and the WooCommerce/WordPress source it cites:
/// <list type="bullet">
/// <item><c>GET /wp-json/wc/v3/orders</c>: <c>modified_after</c>/<c>modified_before</c> (exclusive, whole seconds; with
/// <c>dates_are_gmt=true</c> compared with <c>date_modified_gmt</c>; a time written with an offset is first turned into
/// the site's local time, as WP_Date_Query does), <c>exclude</c>, <c>orderby=modified|id|date</c> with the id as second
/// key, <c>order</c>, <c>per_page</c> 1–100, <c>page</c>, <c>offset</c>, headers <c>X-WP-Total</c> and <c>X-WP-TotalPages</c>.</item>
/// <item><c>GET /wp-json/wc/v3/customers</c>: <c>role</c> (default <c>customer</c>, <c>all</c> for every role),
/// <c>orderby=id</c>, <c>order</c>, <c>per_page</c>, <c>page</c>, <c>offset</c>, the same headers.</item>
/// <item><c>GET …/orders/{id}</c>, <c>…/customers/{id}</c>: the entity, or 404 with WooCommerce's error code.</item>
/// <item>Every call needs HTTP Basic auth with the consumer key and secret: 401 with WooCommerce's error body otherwise.
/// Another path under <c>/wp-json</c> is 404 <c>rest_no_route</c>.</item>
/// </list>
/// Orders and customers are the fixtures' REST representation with the ids and times a test gives.
/// </summary>
public sealed partial class WooCommerceFake : IDisposable
{
    public const string ConsumerKey = "ck_4f1c2a9d8e7b6a5f4e3d2c1b0a9f8e7d6c5b4a3f";
    public const string ConsumerSecret = "cs_9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f1e0d";
    const string Root = "/wp-json/wc/v3";

    readonly WireMockServer server = WireMockServer.Start();
    readonly Lock gate = new();
    readonly SortedDictionary<long, FakeOrder> orders = [];
    readonly SortedDictionary<long, FakeCustomer> customers = [];
    readonly List<WooCommerceFakeRequest> requests = [];
    readonly Queue<(int Status, TimeSpan? RetryAfter)> failures = new();

    public WooCommerceFake()
    {
        server.Given(Request.Create().WithPath(new RegexMatcher("^/wp-json(/.*)?$")).UsingAnyMethod())
            .RespondWith(Response.Create().WithCallback(Handle));
    }

    /// <summary>The site's address, as a shop's ApiUrl holds it.</summary>
    public string Url => server.Url!;

    /// <summary>The site's time zone (WordPress' timezone_string): the local <c>date_modified</c> and how WP reads offset times.</summary>
    public TimeZoneInfo SiteTimeZone { get; set; } = TimeZoneInfo.FindSystemTimeZoneById("Europe/Moscow");

    /// <summary>Makes the site disregard <c>exclude</c> (an old or filtered site), to see that the pull stops clearly.</summary>
    public bool IgnoreExclude { get; set; }

    /// <summary>False: WooCommerce is not active, so WordPress has no <c>wc/v3</c> routes (404 <c>rest_no_route</c>).</summary>
    public bool WooCommerceActive { get; set; } = true;

    /// <summary>Every path answers 200 with the theme's HTML page, as a site whose REST API is not where the URL points.</summary>
    public bool AnswersHtml { get; set; }

    public IReadOnlyList<WooCommerceFakeRequest> Requests { get { lock (gate) { return requests.ToList(); } } }

    /// <summary>An order like fixtures/woocommerce/order-updated.json with this id and modification time, edited as given.</summary>
    public JsonObject AddOrder(long id, DateTimeOffset modified, Action<JsonObject>? edit = null, string fixture = "order-updated.json")
    {
        var body = Fixture(fixture);
        body["id"] = id;
        body["number"] = id.ToString(CultureInfo.InvariantCulture);
        SetTime(body, "date_created", modified.AddMinutes(-5));
        edit?.Invoke(body);
        lock (gate)
        {
            orders[id] = new FakeOrder(id, body) { Modified = Truncate(modified) };
            Stamp(orders[id]);
            return body;
        }
    }

    /// <summary>The order was changed on the site at <paramref name="at"/>.</summary>
    public void ModifyOrder(long id, DateTimeOffset at, Action<JsonObject>? edit = null)
    {
        lock (gate)
        {
            var order = orders[id];
            order.Modified = Truncate(at);
            edit?.Invoke(order.Body);
            Stamp(order);
        }
    }

    /// <summary>A customer like fixtures/woocommerce/customer-created.json with this id, role and contacts.</summary>
    public JsonObject AddCustomer(long id, string role = "customer", string? email = null, DateTimeOffset? modified = null, Action<JsonObject>? edit = null)
    {
        var body = Fixture("customer-created.json");
        body["id"] = id;
        body["role"] = role;
        body["email"] = email ?? $"customer{id}@example.ru";
        body["billing"]!["email"] = email ?? $"customer{id}@example.ru";
        body["username"] = $"customer{id}";
        var at = modified ?? new DateTimeOffset(2024, 5, 1, 10, 0, 0, TimeSpan.Zero).AddMinutes(id);
        SetTime(body, "date_created", at.AddDays(-1));
        SetTime(body, "date_modified", at);
        edit?.Invoke(body);
        lock (gate)
        {
            customers[id] = new FakeCustomer(id, role, body);
            return body;
        }
    }

    public void DeleteCustomer(long id) { lock (gate) { customers.Remove(id); } }

    /// <summary>The next <paramref name="times"/> calls are answered <paramref name="status"/> as a host's limiter does (plain text, Retry-After when given).</summary>
    public void FailNext(int status, TimeSpan? retryAfter = null, int times = 1)
    {
        lock (gate)
        {
            for (var i = 0; i < times; i++)
            {
                failures.Enqueue((status, retryAfter));
            }
        }
    }

    public void Dispose()
    {
        server.Stop();
        server.Dispose();
    }

    static string BasicAuthorization => "Basic " + Convert.ToBase64String(Encoding.ASCII.GetBytes($"{ConsumerKey}:{ConsumerSecret}"));

    ResponseMessage Handle(IRequestMessage request)
    {
        var query = ParseQuery(request.RawQuery);
        var authorization = request.Headers?.FirstOrDefault(h => h.Key.Equals("Authorization", StringComparison.OrdinalIgnoreCase)).Value?.FirstOrDefault();
        lock (gate)
        {
            var reply = Reply(request.Method, request.Path, query, authorization);
            requests.Add(new WooCommerceFakeRequest(request.Method, request.Path, query, authorization, (int)reply.StatusCode!));
            return reply;
        }
    }

    ResponseMessage Reply(string method, string path, IReadOnlyDictionary<string, string> query, string? authorization)
    {
        if (failures.TryDequeue(out var failure))
        {
            return WooCommerceFakeReplies.HostLimit(failure.Status, failure.RetryAfter);
        }
        if (AnswersHtml)
        {
            return WooCommerceFakeReplies.Html();
        }
        if (Refusal(authorization) is { } refusal)
        {
            return refusal;
        }
        if (method != "GET" || !WooCommerceActive)
        {
            return WooCommerceFakeReplies.NoRoute();
        }
        if (path == Root + "/orders")
        {
            return ListOrders(query);
        }
        if (path == Root + "/customers")
        {
            return ListCustomers(query);
        }
        if (SingleOrder().Match(path) is { Success: true } orderPath)
        {
            return orders.TryGetValue(long.Parse(orderPath.Groups[1].Value, CultureInfo.InvariantCulture), out var order)
                ? WooCommerceFakeReplies.Json(200, order.Body.DeepClone())
                : WooCommerceFakeReplies.Error(404, "woocommerce_rest_shop_order_invalid_id", "Invalid ID.");
        }
        if (SingleCustomer().Match(path) is { Success: true } customerPath)
        {
            return customers.TryGetValue(long.Parse(customerPath.Groups[1].Value, CultureInfo.InvariantCulture), out var customer)
                ? WooCommerceFakeReplies.Json(200, customer.Body.DeepClone())
                : WooCommerceFakeReplies.Error(404, "wc_user_invalid_id", "Invalid user ID.");
        }
        return WooCommerceFakeReplies.NoRoute();
    }

    /// <summary>WC_REST_Authentication over HTTPS: Basic auth with a known key and its secret, else 401.</summary>
    static ResponseMessage? Refusal(string? authorization)
    {
        if (authorization is null || !authorization.StartsWith("Basic ", StringComparison.Ordinal))
        {
            return WooCommerceFakeReplies.Error(401, "woocommerce_rest_cannot_view", "Sorry, you cannot list resources.");
        }
        string pair;
        try
        {
            pair = Encoding.UTF8.GetString(Convert.FromBase64String(authorization["Basic ".Length..]));
        }
        catch (FormatException)
        {
            return WooCommerceFakeReplies.Error(401, "woocommerce_rest_authentication_error", "Consumer key is invalid.");
        }
        var colon = pair.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0 || pair[..colon] != ConsumerKey)
        {
            return WooCommerceFakeReplies.Error(401, "woocommerce_rest_authentication_error", "Consumer key is invalid.");
        }
        return pair[(colon + 1)..] == ConsumerSecret
            ? null
            : WooCommerceFakeReplies.Error(401, "woocommerce_rest_authentication_error", "Consumer secret is invalid.");
    }

    ResponseMessage ListOrders(IReadOnlyDictionary<string, string> query)
    {
        if (Paging(query) is not { } paging)
        {
            return WooCommerceFakeReplies.InvalidParam("per_page", "per_page must be between 1 (inclusive) and 100 (inclusive)");
        }
        var gmt = query.TryGetValue("dates_are_gmt", out var flag) && flag is "true" or "1";
        IEnumerable<FakeOrder> selected = orders.Values;
        foreach (var (name, before) in new[] { ("modified_after", false), ("modified_before", true) })
        {
            if (!query.TryGetValue(name, out var text))
            {
                continue;
            }
            if (WallTime(text) is not { } bound)
            {
                return WooCommerceFakeReplies.InvalidParam(name, $"{name} is not a valid date.");
            }
            selected = selected.Where(o => (gmt ? o.Modified : Local(o.Modified)) is var at && (before ? at < bound : at > bound));
        }
        if (!IgnoreExclude && query.TryGetValue("exclude", out var exclude))
        {
            var ids = exclude.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(long.Parse).ToHashSet();
            selected = selected.Where(o => !ids.Contains(o.Id));
        }
        var orderBy = query.GetValueOrDefault("orderby", "date");
        if (orderBy is not ("date" or "modified" or "id"))
        {
            return WooCommerceFakeReplies.InvalidParam("orderby", "orderby is not one of date, id, include, title, slug, modified.");
        }
        Func<FakeOrder, DateTime> key = orderBy switch
        {
            "modified" => o => o.Modified,
            "date" => o => Truncate(DateTimeOffset.Parse(o.Body["date_created_gmt"]!.GetValue<string>() + "Z", CultureInfo.InvariantCulture)),
            _ => _ => default,
        };
        // WC_REST_CRUD_Controller adds the id as the second sort key of date and modified.
        var sorted = query.GetValueOrDefault("order", "desc") == "asc"
            ? selected.OrderBy(key).ThenBy(o => o.Id)
            : selected.OrderByDescending(key).ThenByDescending(o => o.Id);
        return Page(sorted.Select(o => (JsonNode)o.Body.DeepClone()).ToList(), paging);
    }

    ResponseMessage ListCustomers(IReadOnlyDictionary<string, string> query)
    {
        if (Paging(query) is not { } paging)
        {
            return WooCommerceFakeReplies.InvalidParam("per_page", "per_page must be between 1 (inclusive) and 100 (inclusive)");
        }
        var role = query.GetValueOrDefault("role", "customer");
        var selected = customers.Values.Where(c => role == "all" || c.Role == role);
        if (query.GetValueOrDefault("orderby", "name") != "id")
        {
            return WooCommerceFakeReplies.InvalidParam("orderby", "the fake orders customers by id only");
        }
        var sorted = query.GetValueOrDefault("order", "asc") == "asc" ? selected.OrderBy(c => c.Id) : selected.OrderByDescending(c => c.Id);
        return Page(sorted.Select(c => (JsonNode)c.Body.DeepClone()).ToList(), paging);
    }

    static ResponseMessage Page(List<JsonNode> all, (int PerPage, int Offset) paging)
    {
        var reply = WooCommerceFakeReplies.Json(200, new JsonArray([.. all.Skip(paging.Offset).Take(paging.PerPage)]));
        reply.AddHeader("X-WP-Total", all.Count.ToString(CultureInfo.InvariantCulture));
        reply.AddHeader("X-WP-TotalPages", ((all.Count + paging.PerPage - 1) / paging.PerPage).ToString(CultureInfo.InvariantCulture));
        return reply;
    }

    /// <summary><c>per_page</c> (default 10, at most 100) and where the page starts: a non-zero <c>offset</c>, else <c>page</c>.</summary>
    static (int PerPage, int Offset)? Paging(IReadOnlyDictionary<string, string> query)
    {
        var perPage = query.TryGetValue("per_page", out var text) ? int.Parse(text, CultureInfo.InvariantCulture) : 10;
        if (perPage is < 1 or > 100)
        {
            return null;
        }
        var offset = query.TryGetValue("offset", out var o) ? int.Parse(o, CultureInfo.InvariantCulture) : 0;
        var page = query.TryGetValue("page", out var p) ? int.Parse(p, CultureInfo.InvariantCulture) : 1;
        return (perPage, offset > 0 ? offset : (page - 1) * perPage);
    }

    /// <summary>
    /// rest_parse_date's RFC 3339 check, then WP_Date_Query::build_mysql_datetime: a time with an offset becomes the
    /// site's local wall time; one without is taken as written.
    /// </summary>
    DateTime? WallTime(string text)
    {
        if (!Rfc3339().IsMatch(text))
        {
            return null;
        }
        var hasOffset = OffsetSuffix().IsMatch(text);
        if (!hasOffset)
        {
            return DateTime.ParseExact(text.Replace(' ', 'T')[..19], "yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture);
        }
        var instant = DateTimeOffset.Parse(text, CultureInfo.InvariantCulture);
        return TimeZoneInfo.ConvertTime(instant, SiteTimeZone).DateTime;
    }

    DateTime Local(DateTime gmt) => TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(gmt, DateTimeKind.Utc), SiteTimeZone);

    void Stamp(FakeOrder order) => SetTime(order.Body, "date_modified", new DateTimeOffset(order.Modified, TimeSpan.Zero));

    /// <summary>Writes <c>{name}_gmt</c> (UTC) and <c>{name}</c> (the site's local time), both without an offset.</summary>
    void SetTime(JsonObject body, string name, DateTimeOffset at)
    {
        body[name + "_gmt"] = at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture);
        body[name] = TimeZoneInfo.ConvertTime(at, SiteTimeZone).ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture);
    }

    static DateTime Truncate(DateTimeOffset at) => new(at.UtcTicks - at.UtcTicks % TimeSpan.TicksPerSecond, DateTimeKind.Unspecified);

    static JsonObject Fixture(string name)
        => JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "fixtures", "woocommerce", name)))!.AsObject();

    static Dictionary<string, string> ParseQuery(string? raw)
    {
        var query = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in (raw ?? "").TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            var name = Uri.UnescapeDataString(equals < 0 ? pair : pair[..equals]);
            query[name] = equals < 0 ? "" : Uri.UnescapeDataString(pair[(equals + 1)..].Replace('+', ' '));
        }
        return query;
    }

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}(?::\d{2})?)?$")]
    private static partial Regex Rfc3339();

    [GeneratedRegex(@"(?:Z|[+-]\d{2}(?::\d{2})?)$")]
    private static partial Regex OffsetSuffix();

    [GeneratedRegex(@"^/wp-json/wc/v3/orders/(\d+)$")]
    private static partial Regex SingleOrder();

    [GeneratedRegex(@"^/wp-json/wc/v3/customers/(\d+)$")]
    private static partial Regex SingleCustomer();

    sealed class FakeOrder(long id, JsonObject body)
    {
        public long Id { get; } = id;
        public JsonObject Body { get; } = body;
        /// <summary>date_modified_gmt as a wall time.</summary>
        public DateTime Modified { get; set; }
    }

    sealed record FakeCustomer(long Id, string Role, JsonObject Body);
}

/// <summary>One call the fake answered: the query as sent (decoded) and the Authorization header.</summary>
public sealed record WooCommerceFakeRequest(string Method, string Path, IReadOnlyDictionary<string, string> Query, string? Authorization, int Status)
{
    public string? this[string name] => Query.GetValueOrDefault(name);
}
