using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Hub.Tests.Messaging;
using WireMock;
using WireMock.Matchers;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace Hub.Tests.Shops.InSales;

/// <summary>
/// An InSales shop's admin API on loopback (WireMock.Net), in the shapes of shop-platforms.md §4 and the docs source
/// ("Получение только изменившихся данных"): <c>GET /admin/clients.json</c> and <c>/admin/orders.json</c> answer bare
/// JSON arrays; with <c>updated_since</c> they hold the items updated at or after it, sorted by <c>updated_at</c> then
/// <c>id</c>, and <c>from_id</c> drops the anchor item and everything before it (unless <see cref="HonoursFromId"/> is
/// off, as InSales does on collections). <c>per_page</c> is capped at <see cref="MaxPerPage"/>. HTTP Basic with
/// <see cref="Login"/> : <see cref="Password"/>, else 401. Every reply carries <c>API-Usage-Limit: n/500</c>.
/// <code>
/// using var fake = new InSalesFake();
/// fake.AddClient(1, at, c => c["email"] = "…");  fake.Touch("clients", 1, later);
/// fake.AnswerNext(503, "", retryAfter: 42);
/// fake.Requests[0].Query["from_id"], fake.Requests[0].Authorization
/// </code>
/// </summary>
sealed class InSalesFake : IDisposable
{
    public const string Login = "hub-crm-app";
    public const string Password = "4c3f4c197336eb97475506e71c839c71";

    /// <summary>Moscow time, as InSales writes its times.</summary>
    public static readonly TimeSpan Offset = TimeSpan.FromHours(3);

    readonly WireMockServer server = WireMockServer.Start();
    readonly Lock gate = new();
    /// <summary>Items by id, with the time the list sorts them by (kept apart, so a test can break the JSON's own updated_at).</summary>
    readonly Dictionary<string, SortedDictionary<long, (JsonObject Item, DateTimeOffset At)>> lists = new() { ["clients"] = [], ["orders"] = [] };
    readonly List<InSalesFakeRequest> requests = [];
    readonly Queue<(int Status, string Body, int? RetryAfter, string? Usage)> answers = new();

    public InSalesFake()
    {
        server.Given(Request.Create().WithPath(new RegexMatcher(@"^/admin/(clients|orders)(/[^/]+)?\.json$")).UsingGet())
            .RespondWith(Response.Create().WithCallback(Answer));
    }

    public string Url => server.Url!;

    public bool HonoursFromId { get; set; } = true;

    public int MaxPerPage { get; set; } = 250;

    /// <summary>Requests used in the current window before the next one; each request adds one.</summary>
    public int Used { get; set; }

    public IReadOnlyList<InSalesFakeRequest> Requests { get { lock (gate) { return [.. requests]; } } }

    public static string Time(DateTimeOffset at) => at.ToOffset(Offset).ToString("yyyy-MM-dd'T'HH:mm:ss.fffzzz", CultureInfo.InvariantCulture);

    public JsonObject AddClient(long id, DateTimeOffset updatedAt, Action<JsonObject>? edit = null)
    {
        var client = new JsonObject
        {
            ["id"] = id,
            ["name"] = $"Имя{id}",
            ["surname"] = $"Фамилия{id}",
            ["middlename"] = null,
            ["email"] = $"client{id}@mail.ru",
            ["phone"] = $"+7 (916) {id % 1000:000}-00-00",
            ["registered"] = true,
            ["subscribe"] = true,
            ["client_group_id"] = null,
            ["bonus_points"] = 0,
            ["created_at"] = Time(updatedAt.AddDays(-30)),
            ["updated_at"] = Time(updatedAt),
        };
        edit?.Invoke(client);
        return Put("clients", id, client, updatedAt);
    }

    public JsonObject AddOrder(long id, DateTimeOffset updatedAt, Action<JsonObject>? edit = null)
    {
        var order = new JsonObject
        {
            ["id"] = id,
            ["number"] = 1000 + id,
            ["financial_status"] = "paid",
            ["fulfillment_status"] = "delivered",
            ["currency_code"] = "RUR",
            ["items_price"] = 2490.0,
            ["total_price"] = 2790.0,
            ["client"] = new JsonObject
            {
                ["id"] = 500 + id, ["name"] = "Мария", ["surname"] = "Иванова", ["middlename"] = "Петровна",
                ["email"] = "Maria.Ivanova@Yandex.RU", ["phone"] = "8 (912) 000-11-22",
                ["created_at"] = Time(updatedAt.AddDays(-60)), ["updated_at"] = Time(updatedAt.AddDays(-1)),
            },
            ["shipping_address"] = new JsonObject { ["phone"] = "+7 912 000 11 22", ["city"] = "Казань" },
            ["order_lines"] = new JsonArray(
                new JsonObject { ["id"] = 1, ["product_id"] = 93, ["variant_id"] = 930, ["sku"] = "AO-6", ["title"] = "Acuvue Oasys", ["quantity"] = 2, ["sale_price"] = 1245.0, ["total_price"] = 2490.0 }),
            ["created_at"] = Time(updatedAt.AddHours(-2)),
            ["updated_at"] = Time(updatedAt),
        };
        edit?.Invoke(order);
        return Put("orders", id, order, updatedAt);
    }

    /// <summary>An item changed on the shop: its <c>updated_at</c> moves to <paramref name="at"/>.</summary>
    public void Touch(string list, long id, DateTimeOffset at, Action<JsonObject>? edit = null)
    {
        lock (gate)
        {
            var item = lists[list][id].Item;
            item["updated_at"] = Time(at);
            edit?.Invoke(item);
            lists[list][id] = (item, at);
        }
    }

    public void Remove(string list, long id)
    {
        lock (gate) { lists[list].Remove(id); }
    }

    /// <summary>The next request gets this answer instead (a 503 of the rate limit, a broken page).</summary>
    public void AnswerNext(int status, string body, int? retryAfter = null, string? usage = null)
    {
        lock (gate) { answers.Enqueue((status, body, retryAfter, usage)); }
    }

    public void Dispose()
    {
        server.Stop();
        server.Dispose();
    }

    JsonObject Put(string list, long id, JsonObject item, DateTimeOffset at)
    {
        lock (gate) { lists[list][id] = (item, at); }
        return item;
    }

    IResponseMessage Answer(IRequestMessage request)
    {
        var query = request.Query?.ToDictionary(q => q.Key, q => q.Value.FirstOrDefault() ?? "") ?? [];
        var authorization = FakeReplies.Header(request, "Authorization");
        lock (gate)
        {
            requests.Add(new InSalesFakeRequest(request.Path, query, authorization));
            Used++;
            if (answers.TryDequeue(out var scripted))
            {
                var reply = FakeReplies.Text(scripted.Status, scripted.Body, "application/json; charset=utf-8");
                if (scripted.RetryAfter is { } seconds)
                {
                    reply.AddHeader("Retry-After", seconds.ToString(CultureInfo.InvariantCulture));
                }
                reply.AddHeader("API-Usage-Limit", scripted.Usage ?? $"{Used}/500");
                return reply;
            }
            if (authorization != "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Login}:{Password}")))
            {
                return Usage(FakeReplies.Text(401, "HTTP Basic: Access denied.\n"));
            }
            var parts = request.Path.Split('/', StringSplitOptions.RemoveEmptyEntries); // admin, clients.json | admin, clients, 42.json
            if (parts.Length == 3)
            {
                var id = long.Parse(parts[2][..^".json".Length], CultureInfo.InvariantCulture);
                return Usage(lists[parts[1]].TryGetValue(id, out var one)
                    ? FakeReplies.Json(200, one.Item.DeepClone())
                    : FakeReplies.Text(404, """{"status":"error","message":"Not found"}""", "application/json; charset=utf-8"));
            }
            return Usage(FakeReplies.Json(200, Page(lists[parts[1][..^".json".Length]], query)));
        }
    }

    JsonArray Page(SortedDictionary<long, (JsonObject Item, DateTimeOffset At)> items, Dictionary<string, string> query)
    {
        var ordered = items.Select(x => (x.Value.Item, x.Value.At, Id: x.Key)).OrderBy(x => x.At).ThenBy(x => x.Id).AsEnumerable();
        if (query.TryGetValue("updated_since", out var sinceText))
        {
            var since = DateTimeOffset.Parse(sinceText, CultureInfo.InvariantCulture);
            ordered = ordered.Where(x => x.At >= since);
            if (HonoursFromId && query.TryGetValue("from_id", out var fromText) && long.TryParse(fromText, CultureInfo.InvariantCulture, out var fromId))
            {
                ordered = ordered.Where(x => x.At > since || x.Id > fromId);
            }
        }
        var perPage = query.TryGetValue("per_page", out var size) ? Math.Min(int.Parse(size, CultureInfo.InvariantCulture), MaxPerPage) : 10;
        return [.. ordered.Take(perPage).Select(x => (JsonNode)x.Item.DeepClone())];
    }

    ResponseMessage Usage(ResponseMessage reply)
    {
        reply.AddHeader("API-Usage-Limit", $"{Used}/500");
        return reply;
    }
}

sealed record InSalesFakeRequest(string Path, IReadOnlyDictionary<string, string> Query, string? Authorization);
