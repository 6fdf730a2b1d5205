using System.Globalization;
using System.Text.Json.Nodes;
using Hub.Tests.Messaging;
using WireMock;
using WireMock.Matchers;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace Hub.Tests.Shops.Ecwid;

/// <summary>
/// One Ecwid store's REST v3 API on loopback (WireMock.Net), in the shapes of shop-platforms.md §5 and the reference:
/// <c>GET /api/v3/{storeId}/customers|orders|carts</c> with <c>updatedFrom</c>/<c>updatedTo</c> (UNIX seconds or date
/// strings, bounds included), <c>offset</c>, <c>limit</c> (at most 100) and, for customers, <c>sortBy=UPDATED_DATE_ASC</c>;
/// orders and carts come newest first, as no sort order is documented for them. Replies are
/// <c>{total, count, offset, limit, items}</c>; <c>GET …/{id}</c> reads one, 404 <c>{"errorMessage"}</c> when absent.
/// <c>Authorization: Bearer</c> <see cref="Token"/>, else 403. <see cref="BeforeAnswer"/> lets a test change the store
/// between two pages.
/// </summary>
sealed class EcwidFake : IDisposable
{
    public const string StoreId = "1003";
    public const string Token = "secret_ab12cd34ef56";

    readonly WireMockServer server = WireMockServer.Start();
    readonly Lock gate = new();
    readonly Dictionary<string, List<Entry>> lists = new() { ["customers"] = [], ["orders"] = [], ["carts"] = [] };
    readonly List<EcwidFakeRequest> requests = [];
    readonly Queue<(int Status, string Body, int? RetryAfter)> answers = new();
    int sequence;

    public EcwidFake()
    {
        server.Given(Request.Create().WithPath(new RegexMatcher($@"^/api/v3/{StoreId}/(customers|orders|carts)(/[^/]+)?$")).UsingGet())
            .RespondWith(Response.Create().WithCallback(Answer));
    }

    /// <summary>The shop's API URL.</summary>
    public string ApiUrl => $"{server.Url}/api/v3/{StoreId}";

    /// <summary>Called with the number of the request (1-based) before it is answered.</summary>
    public Action<int>? BeforeAnswer { get; set; }

    public IReadOnlyList<EcwidFakeRequest> Requests { get { lock (gate) { return [.. requests]; } } }

    public static string Date(DateTimeOffset at) => at.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss +0000", CultureInfo.InvariantCulture);

    public JsonObject AddCustomer(long id, DateTimeOffset updated, Action<JsonObject>? edit = null)
    {
        var customer = new JsonObject
        {
            ["id"] = id,
            ["name"] = $"Покупатель {id}",
            ["email"] = $"buyer{id}@mail.ru",
            ["registered"] = Date(updated.AddDays(-10)),
            ["updated"] = Date(updated),
            ["totalOrderCount"] = 1,
            ["customerGroupId"] = 0,
            ["billingPerson"] = new JsonObject { ["name"] = $"Покупатель {id}", ["firstName"] = "Покупатель", ["lastName"] = $"{id}" },
            ["contacts"] = new JsonArray(new JsonObject { ["id"] = 10 * id, ["contact"] = $"buyer{id}@mail.ru", ["type"] = "EMAIL", ["default"] = true }),
            ["acceptMarketing"] = true,
        };
        edit?.Invoke(customer);
        return Put("customers", id.ToString(CultureInfo.InvariantCulture), customer, updated);
    }

    public JsonObject AddOrder(string id, DateTimeOffset updated, Action<JsonObject>? edit = null)
    {
        var order = new JsonObject
        {
            ["id"] = id,
            ["internalId"] = 492512000 + sequence,
            ["orderNumber"] = 492512000 + sequence,
            ["total"] = 600,
            ["subtotal"] = 500,
            ["usdTotal"] = 6.6,
            ["email"] = "Ivan.Petrov@Gmail.com",
            ["customerId"] = 177737165,
            ["paymentStatus"] = "PAID",
            ["fulfillmentStatus"] = "SHIPPED",
            ["createDate"] = Date(updated.AddHours(-1)),
            ["updateDate"] = Date(updated),
            ["createTimestamp"] = updated.AddHours(-1).ToUnixTimeSeconds(),
            ["updateTimestamp"] = updated.ToUnixTimeSeconds(),
            ["billingPerson"] = new JsonObject { ["name"] = "Иван Петров", ["firstName"] = "Иван", ["lastName"] = "Петров", ["phone"] = "+7 (903) 111-22-33" },
            ["shippingPerson"] = new JsonObject { ["name"] = "Иван Петров", ["phone"] = "8 903 111 22 33" },
            ["items"] = new JsonArray(new JsonObject
            {
                ["id"] = 1741253497, ["productId"] = 439710255, ["categoryId"] = 9691094, ["price"] = 500, ["sku"] = "000001", ["quantity"] = 1, ["name"] = "Pizza",
                ["attributes"] = new JsonArray(new JsonObject { ["name"] = "Brand", ["value"] = "Dodo" }, new JsonObject { ["name"] = "UPC", ["value"] = "123" }),
            }),
        };
        edit?.Invoke(order);
        return Put("orders", id, order, updated);
    }

    public JsonObject AddCart(string cartId, DateTimeOffset updated, Action<JsonObject>? edit = null)
    {
        var cart = new JsonObject
        {
            ["cartId"] = cartId,
            ["total"] = 37.39,
            ["subtotal"] = 29.95,
            ["email"] = "ec.apps@lightspeedhq.com",
            ["customerId"] = 15319410,
            ["createDate"] = Date(updated.AddMinutes(-30)),
            ["updateDate"] = Date(updated),
            ["createTimestamp"] = updated.AddMinutes(-30).ToUnixTimeSeconds(),
            ["updateTimestamp"] = updated.ToUnixTimeSeconds(),
            ["hidden"] = false,
            ["billingPerson"] = new JsonObject { ["name"] = "John Smith", ["phone"] = "+1234567890" },
            ["items"] = new JsonArray(new JsonObject { ["id"] = 40989227, ["productId"] = 37208342, ["price"] = 5.99, ["sku"] = "00004", ["quantity"] = 5, ["name"] = "Cherry" }),
        };
        edit?.Invoke(cart);
        return Put("carts", cartId, cart, updated);
    }

    /// <summary>An item changed in the store: its update time moves to <paramref name="at"/>.</summary>
    public void Touch(string list, string key, DateTimeOffset at)
    {
        lock (gate)
        {
            var entry = lists[list].Single(e => e.Key == key);
            entry.Updated = at.ToUnixTimeSeconds();
            if (list == "customers")
            {
                entry.Item["updated"] = Date(at);
            }
            else
            {
                entry.Item["updateDate"] = Date(at);
                entry.Item["updateTimestamp"] = at.ToUnixTimeSeconds();
            }
        }
    }

    public void Remove(string list, string key)
    {
        lock (gate) { lists[list].RemoveAll(e => e.Key == key); }
    }

    /// <summary>The next request gets this answer instead.</summary>
    public void AnswerNext(int status, string body, int? retryAfter = null)
    {
        lock (gate) { answers.Enqueue((status, body, retryAfter)); }
    }

    public void Dispose()
    {
        server.Stop();
        server.Dispose();
    }

    JsonObject Put(string list, string key, JsonObject item, DateTimeOffset updated)
    {
        lock (gate)
        {
            lists[list].RemoveAll(e => e.Key == key);
            lists[list].Add(new Entry(key, ++sequence, item) { Updated = updated.ToUnixTimeSeconds() });
        }
        return item;
    }

    IResponseMessage Answer(IRequestMessage request)
    {
        var query = request.Query?.ToDictionary(q => q.Key, q => q.Value.FirstOrDefault() ?? "") ?? [];
        var authorization = FakeReplies.Header(request, "Authorization");
        int number;
        lock (gate)
        {
            requests.Add(new EcwidFakeRequest(request.Path, query, authorization));
            number = requests.Count;
        }
        BeforeAnswer?.Invoke(number);
        lock (gate)
        {
            if (answers.TryDequeue(out var scripted))
            {
                var reply = FakeReplies.Text(scripted.Status, scripted.Body, "application/json; charset=utf-8");
                if (scripted.RetryAfter is { } seconds)
                {
                    reply.AddHeader("Retry-After", seconds.ToString(CultureInfo.InvariantCulture));
                }
                return reply;
            }
            if (authorization != $"Bearer {Token}")
            {
                return Error(403, "Invalid access token");
            }
            var parts = request.Path.Split('/', StringSplitOptions.RemoveEmptyEntries); // api, v3, 1003, orders[, id]
            var list = lists[parts[3]];
            if (parts.Length == 5)
            {
                return list.FirstOrDefault(e => e.Key == Uri.UnescapeDataString(parts[4])) is { } one
                    ? FakeReplies.Json(200, one.Item.DeepClone())
                    : Error(404, $"{parts[3]} not found");
            }
            return FakeReplies.Json(200, Search(parts[3], list, query));
        }
    }

    static JsonObject Search(string name, List<Entry> list, Dictionary<string, string> query)
    {
        var found = list.AsEnumerable();
        if (query.TryGetValue("updatedFrom", out var from))
        {
            found = found.Where(e => e.Updated >= Unix(from));
        }
        if (query.TryGetValue("updatedTo", out var to))
        {
            found = found.Where(e => e.Updated <= Unix(to));
        }
        found = name == "customers" && query.GetValueOrDefault("sortBy") == "UPDATED_DATE_ASC"
            ? found.OrderBy(e => e.Updated).ThenBy(e => long.Parse(e.Key, CultureInfo.InvariantCulture))
            : found.OrderByDescending(e => e.Sequence);
        var all = found.ToList();
        var offset = query.TryGetValue("offset", out var o) ? int.Parse(o, CultureInfo.InvariantCulture) : 0;
        var limit = Math.Min(query.TryGetValue("limit", out var l) ? int.Parse(l, CultureInfo.InvariantCulture) : 100, 100);
        var page = all.Skip(offset).Take(limit).Select(e => (JsonNode)e.Item.DeepClone()).ToArray();
        return new JsonObject { ["total"] = all.Count, ["count"] = page.Length, ["offset"] = offset, ["limit"] = limit, ["items"] = new JsonArray(page) };
    }

    static long Unix(string value) => long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
        ? seconds
        : DateTimeOffset.Parse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal).ToUnixTimeSeconds();

    static ResponseMessage Error(int status, string message) =>
        FakeReplies.Json(status, new JsonObject { ["errorMessage"] = message });

    sealed class Entry(string key, int sequence, JsonObject item)
    {
        public string Key { get; } = key;
        public int Sequence { get; } = sequence;
        public JsonObject Item { get; } = item;
        public long Updated { get; set; }
    }
}

sealed record EcwidFakeRequest(string Path, IReadOnlyDictionary<string, string> Query, string? Authorization);
