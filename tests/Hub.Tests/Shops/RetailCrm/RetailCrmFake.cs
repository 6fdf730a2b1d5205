using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using System.Web;
using Hub.Tests.Messaging;
using WireMock;
using WireMock.Matchers;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace Hub.Tests.Shops.RetailCrm;

/// <summary>One request the fake answered: path, decoded query (a key may repeat, as <c>filter[ids][]</c>), key header, status.</summary>
public sealed record RetailCrmRequest(string Path, IReadOnlyDictionary<string, string[]> Query, string? ApiKey, int Status, DateTime At)
{
    public string? this[string name] => Query.TryGetValue(name, out var values) ? values[0] : null;
    public bool Has(string name) => Query.ContainsKey(name);
    public string[] All(string name) => Query.TryGetValue(name, out var values) ? values : [];
}

/// <summary>
/// RetailCRM API v5 on loopback (WireMock.Net) with the request and reply shapes of shared/specs/shop-platforms.md §2:
/// <c>GET /api/v5/{customers|orders}/history</c> (<c>filter[sinceId]</c>, <c>filter[startDate]</c>,
/// <c>filter[customerId|orderId]</c>, <c>page</c>, <c>limit</c>), <c>GET /api/v5/{customers|orders}</c> (<c>page</c>,
/// <c>filter[ids][]</c>) and <c>GET /api/v5/customer-interaction/{site}/cart/{customerId}</c>. Replies are
/// <c>{"success":true, …, "pagination":{limit, totalCount, currentPage, totalPageCount}}</c>; refusals are
/// <c>{"success":false,"errorMsg":…}</c>. It is strict where RetailCRM is: the key in <c>X-API-KEY</c> (403 otherwise),
/// <c>limit</c> one of 20/50/100, and <c>page</c> with <c>filter[sinceId]</c> is a 400. Times are written in the
/// account's zone (<see cref="Zone"/>), as RetailCRM writes them.
/// </summary>
public sealed class RetailCrmFake : IDisposable
{
    public const string Site = "main-shop";
    static readonly int[] Limits = [20, 50, 100];

    readonly WireMockServer server = WireMockServer.Start();
    readonly Lock gate = new();
    readonly SortedDictionary<long, JsonObject> customers = [];
    readonly SortedDictionary<long, JsonObject> orders = [];
    readonly List<JsonObject> customerHistory = [];
    readonly List<JsonObject> orderHistory = [];
    readonly Dictionary<(string Site, string CustomerId), JsonObject> carts = [];
    readonly List<RetailCrmRequest> requests = [];
    readonly List<(int Status, string Body, TimeSpan? RetryAfter)> failures = [];
    long nextHistoryId = 1000;

    public RetailCrmFake(string apiKey, string zone = "Europe/Moscow")
    {
        ApiKey = apiKey;
        Zone = TimeZoneInfo.FindSystemTimeZoneById(zone);
        server.Given(Request.Create().WithPath(new RegexMatcher("^/api/v5/.*")).UsingGet())
            .RespondWith(Response.Create().WithCallback(Answer));
    }

    /// <summary>What a shop's <c>ApiUrl</c> is: the account's address, like <c>https://demo.retailcrm.ru</c>.</summary>
    public string Url => server.Url!;

    public string ApiKey { get; }
    public TimeZoneInfo Zone { get; }

    public IReadOnlyList<RetailCrmRequest> Requests { get { lock (gate) { return [.. requests]; } } }

    /// <summary>A UTC moment as RetailCRM writes it: <c>Y-m-d H:i:s</c> in the account's zone.</summary>
    public string Local(DateTimeOffset utc) => TimeZoneInfo.ConvertTime(utc, Zone).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    public JsonObject AddCustomer(long id, Action<JsonObject>? edit = null)
    {
        var customer = new JsonObject
        {
            ["type"] = "customer",
            ["id"] = id,
            ["externalId"] = $"site-{id}",
            ["site"] = Site,
            ["createdAt"] = "2025-01-10 12:00:00",
            ["firstName"] = $"Имя{id}",
            ["lastName"] = $"Фамилия{id}",
            ["email"] = $"buyer{id}@example.ru",
            ["phones"] = new JsonArray(new JsonObject { ["number"] = $"+7 (916) 000-{id % 100:00}-{id / 100 % 100:00}" }),
            ["subscribed"] = true,
        };
        edit?.Invoke(customer);
        lock (gate)
        {
            customers[id] = customer;
        }
        return customer;
    }

    public JsonObject AddOrder(long id, long customerId, Action<JsonObject>? edit = null)
    {
        var order = new JsonObject
        {
            ["id"] = id,
            ["number"] = $"{id}A",
            ["externalId"] = $"web-{id}",
            ["site"] = Site,
            ["createdAt"] = "2026-11-19 15:30:00",
            ["status"] = "new",
            ["currency"] = "RUB",
            ["summ"] = 1500,
            ["totalSumm"] = 1500,
            ["email"] = $"buyer{customerId}@example.ru",
            ["phone"] = "8 916 123-45-67",
            ["firstName"] = "Мария",
            ["lastName"] = "Петрова",
            ["customer"] = new JsonObject { ["type"] = "customer", ["id"] = customerId, ["email"] = $"buyer{customerId}@example.ru" },
            ["items"] = new JsonArray(new JsonObject
            {
                ["id"] = id * 10,
                ["productName"] = "Кофе зерновой 1 кг",
                ["quantity"] = 2,
                ["initialPrice"] = 800,
                ["discountTotal"] = 50,
                ["offer"] = new JsonObject { ["id"] = 501, ["externalId"] = "coffee-1kg", ["article"] = "CF-1000", ["name"] = "Кофе 1 кг" },
            }),
        };
        edit?.Invoke(order);
        lock (gate)
        {
            orders[id] = order;
        }
        return order;
    }

    public void RemoveCustomer(long id) { lock (gate) { customers.Remove(id); } }

    public void SetCart(string site, long customerId, JsonObject cart) { lock (gate) { carts[(site, customerId.ToString(CultureInfo.InvariantCulture))] = cart; } }

    /// <summary>Appends a history entry for a customer (<paramref name="entities"/> = customers) or an order; returns its id.</summary>
    public long AddHistory(string entities, long entityId, DateTimeOffset at, string field = "first_name", bool deleted = false, long? combinedTo = null, bool created = false)
    {
        var entity = entities == "customers" ? "customer" : "order";
        lock (gate)
        {
            var id = ++nextHistoryId;
            var entry = new JsonObject
            {
                ["id"] = id,
                ["createdAt"] = Local(at),
                ["created"] = created,
                ["deleted"] = deleted,
                ["source"] = "user",
                ["field"] = field,
                ["oldValue"] = null,
                ["newValue"] = "x",
                [entity] = new JsonObject { ["id"] = entityId, ["site"] = Site },
            };
            if (combinedTo is { } into)
            {
                entry["combinedTo"] = new JsonObject { ["id"] = into };
            }
            (entities == "customers" ? customerHistory : orderHistory).Add(entry);
            return id;
        }
    }

    /// <summary>Appends a raw history entry (for malformed ones).</summary>
    public void AddRawHistory(string entities, JsonObject entry)
    {
        lock (gate)
        {
            (entities == "customers" ? customerHistory : orderHistory).Add(entry);
        }
    }

    /// <summary>The next <paramref name="times"/> requests are answered <paramref name="status"/> with that body (and Retry-After when given).</summary>
    public void FailNext(int status, string errorMsg, TimeSpan? retryAfter = null, int times = 1)
    {
        var body = new JsonObject { ["success"] = false, ["errorMsg"] = errorMsg }.ToJsonString();
        lock (gate)
        {
            for (var i = 0; i < times; i++)
            {
                failures.Add((status, body, retryAfter));
            }
        }
    }

    public void Dispose()
    {
        server.Stop();
        server.Dispose();
    }

    IResponseMessage Answer(IRequestMessage request)
    {
        var parsed = HttpUtility.ParseQueryString(new Uri(request.AbsoluteUrl).Query);
        var query = parsed.AllKeys.OfType<string>().ToDictionary(k => k, k => parsed.GetValues(k) ?? [], StringComparer.Ordinal);
        var key = FakeReplies.Header(request, "X-API-KEY");
        var reply = Route(request.AbsolutePath, query, key);
        lock (gate)
        {
            requests.Add(new RetailCrmRequest(request.AbsolutePath, query, key, (int)reply.StatusCode!, DateTime.UtcNow));
        }
        return reply;
    }

    ResponseMessage Route(string path, Dictionary<string, string[]> query, string? key)
    {
        lock (gate)
        {
            if (failures.Count > 0)
            {
                var (status, body, retryAfter) = failures[0];
                failures.RemoveAt(0);
                var failure = FakeReplies.Text(status, body, "application/json; charset=utf-8");
                if (retryAfter is { } wait)
                {
                    failure.AddHeader("Retry-After", ((int)wait.TotalSeconds).ToString(CultureInfo.InvariantCulture));
                }
                return failure;
            }
            if (string.IsNullOrEmpty(key))
            {
                return Error(403, "\"apiKey\" is missing.");
            }
            if (key != ApiKey)
            {
                return Error(403, "Wrong \"apiKey\" value.");
            }
            var history = Regex.Match(path, "^/api/v5/(customers|orders)/history$");
            if (history.Success)
            {
                return History(history.Groups[1].Value, query);
            }
            var list = Regex.Match(path, "^/api/v5/(customers|orders)$");
            if (list.Success)
            {
                return List(list.Groups[1].Value, query);
            }
            var cart = Regex.Match(path, "^/api/v5/customer-interaction/([^/]+)/cart/([^/]+)$");
            if (cart.Success)
            {
                return Cart(cart.Groups[1].Value, cart.Groups[2].Value, query);
            }
            return Error(404, "Method not found");
        }
    }

    ResponseMessage History(string entities, Dictionary<string, string[]> query)
    {
        if (query.ContainsKey("page") && query.ContainsKey("filter[sinceId]"))
        {
            // Since 15.05.2023.
            return Error(400, "Parameter 'page' is not allowed together with 'filter[sinceId]'", "page");
        }
        if (Paging(query) is not (var page, var limit))
        {
            return Error(400, "Errors in the input parameters", "limit");
        }
        var entity = entities == "customers" ? "customer" : "order";
        IEnumerable<JsonObject> entries = entities == "customers" ? customerHistory : orderHistory;
        if (One(query, "filter[sinceId]") is { } since)
        {
            entries = entries.Where(e => (long)e["id"]! > long.Parse(since, CultureInfo.InvariantCulture));
        }
        if (One(query, "filter[startDate]") is { } start)
        {
            // Y-m-d H:i:s in one zone compares as text.
            entries = entries.Where(e => string.CompareOrdinal((string)e["createdAt"]!, start) >= 0);
        }
        if (One(query, $"filter[{entity}Id]") is { } entityId)
        {
            entries = entries.Where(e => e[entity]?["id"]?.ToString() == entityId);
        }
        var all = entries.OrderBy(e => (long)e["id"]!).ToList();
        return Page("history", all, page, limit);
    }

    ResponseMessage List(string entities, Dictionary<string, string[]> query)
    {
        if (Paging(query) is not (var page, var limit))
        {
            return Error(400, "Errors in the input parameters", "limit");
        }
        IEnumerable<JsonObject> items = (entities == "customers" ? customers : orders).Values.Reverse(); // newest first
        if (query.TryGetValue("filter[ids][]", out var ids))
        {
            items = items.Where(i => ids.Contains(i["id"]!.ToString()));
        }
        return Page(entities, items.ToList(), page, limit);
    }

    ResponseMessage Cart(string site, string customerId, Dictionary<string, string[]> query)
    {
        if (One(query, "by") != "id" || !carts.TryGetValue((site, customerId), out var cart))
        {
            return Error(404, "Not found");
        }
        return FakeReplies.Json(200, new JsonObject { ["success"] = true, ["cart"] = cart.DeepClone() });
    }

    static (int Page, int Limit)? Paging(Dictionary<string, string[]> query)
    {
        var limit = One(query, "limit") is { } text ? int.Parse(text, CultureInfo.InvariantCulture) : 20;
        var page = One(query, "page") is { } p ? int.Parse(p, CultureInfo.InvariantCulture) : 1;
        return Limits.Contains(limit) && page >= 1 ? (page, limit) : null;
    }

    static ResponseMessage Page(string field, List<JsonObject> all, int page, int limit)
    {
        var slice = new JsonArray([.. all.Skip((page - 1) * limit).Take(limit).Select(i => i.DeepClone())]);
        return FakeReplies.Json(200, new JsonObject
        {
            ["success"] = true,
            ["pagination"] = new JsonObject
            {
                ["limit"] = limit,
                ["totalCount"] = all.Count,
                ["currentPage"] = page,
                ["totalPageCount"] = (all.Count + limit - 1) / limit,
            },
            [field] = slice,
            ["generatedAt"] = "2026-11-20 13:00:00",
        });
    }

    static string? One(Dictionary<string, string[]> query, string name) => query.TryGetValue(name, out var values) ? values[0] : null;

    static ResponseMessage Error(int status, string message, string? field = null)
    {
        var body = new JsonObject { ["success"] = false, ["errorMsg"] = message };
        if (field is not null)
        {
            body["errors"] = new JsonObject { [field] = message };
        }
        return FakeReplies.Json(status, body);
    }
}
