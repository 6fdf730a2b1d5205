using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Hub.Tests.Messaging;
using WireMock;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace Hub.Tests.Shops.Shopify;

/// <summary>
/// Shopify's GraphQL Admin API on loopback (WireMock.Net), with the request and reply shapes of
/// ../shared/specs/shop-platforms.md §1: <c>POST /admin/api/2026-01/graphql.json</c> with <c>X-Shopify-Access-Token</c>,
/// body <c>{query, variables}</c>; answers <c>{data, extensions.cost}</c>, <c>{errors:[{message, extensions.code}]}</c>
/// with HTTP 200 (THROTTLED, ACCESS_DENIED), or a bare HTTP failure (401, 429, 503). It holds GraphQL-shaped nodes and
/// serves <c>customers</c>, <c>orders</c>, <c>abandonedCheckouts</c> (with <c>first</c>, <c>after</c>, <c>sortKey</c>,
/// <c>query: "updated_at:&gt;'…'"</c> or <c>"id:…"</c>, the counts), <c>customer(id)</c>, <c>order(id)</c> and
/// <c>node(id){lineItems}</c>; cursors are opaque and keyed on the last node's sort value, as Shopify's are. Line items are
/// cut to <c>$lineItems</c> with their own <c>pageInfo</c>. Every request is recorded.
/// </summary>
public sealed partial class ShopifyAdminFake : IDisposable
{
    public const string Token = "shpat_0123456789abcdef";
    public const string Path = "/admin/api/2026-01/graphql.json";
    public const string InvalidTokenBody = """{"errors":"[API] Invalid API key or access token (unrecognized login or wrong password)"}""";

    readonly WireMockServer server = WireMockServer.Start();
    readonly Lock gate = new();
    readonly List<ShopifyFakeRequest> requests = [];
    readonly Queue<Func<ResponseMessage>> failures = new();

    public ShopifyAdminFake()
    {
        server.Given(Request.Create().WithPath(Path).UsingPost())
            .RespondWith(Response.Create().WithCallback(request => (IResponseMessage)Answer(request)));
    }

    /// <summary>What a shop's <c>ApiUrl</c> is for this fake: like <c>https://{shop}.myshopify.com</c>.</summary>
    public string Url => server.Url!;

    public List<JsonObject> Customers { get; } = [];
    public List<JsonObject> Orders { get; } = [];
    public List<JsonObject> Checkouts { get; } = [];

    /// <summary>The <c>extensions.cost</c> every good reply reports.</summary>
    public decimal RequestedCost { get; set; } = 803;
    public decimal MaximumAvailable { get; set; } = 2000;
    public decimal CurrentlyAvailable { get; set; } = 1900;
    public decimal RestoreRate { get; set; } = 100;

    public IReadOnlyList<ShopifyFakeRequest> Requests { get { lock (gate) { return requests.ToList(); } } }

    /// <summary>The next request is answered with HTTP <paramref name="status"/> (and Retry-After in seconds, when given).</summary>
    public void FailNext(int status, string body = """{"errors":"Throttled"}""", int? retryAfterSeconds = null)
    {
        lock (gate)
        {
            failures.Enqueue(() =>
            {
                var reply = FakeReplies.Text(status, body, "application/json; charset=utf-8");
                if (retryAfterSeconds is { } seconds)
                {
                    reply.AddHeader("Retry-After", seconds.ToString(CultureInfo.InvariantCulture));
                }
                return reply;
            });
        }
    }

    /// <summary>The next request is answered 200 <c>THROTTLED</c> with these cost numbers (actualQueryCost null: it did not run).</summary>
    public void ThrottleNext(decimal requested, decimal available, decimal restoreRate, decimal maximum = 2000)
    {
        lock (gate)
        {
            failures.Enqueue(() => FakeReplies.Json(200, new JsonObject
            {
                ["errors"] = new JsonArray(new JsonObject
                {
                    ["message"] = "Throttled",
                    ["extensions"] = new JsonObject { ["code"] = "THROTTLED", ["documentation"] = "https://shopify.dev/api/usage/rate-limits" },
                }),
                ["extensions"] = Cost(requested, null, available, restoreRate, maximum),
            }));
        }
    }

    /// <summary>The next request is answered 200 with one GraphQL error and <c>data: null</c> (e.g. ACCESS_DENIED for a missing scope).</summary>
    public void ErrorNext(string code, string message, string[] path, string? requiredAccess = null)
    {
        lock (gate)
        {
            failures.Enqueue(() =>
            {
                var extensions = new JsonObject { ["code"] = code, ["documentation"] = "https://shopify.dev/api/usage/access-scopes" };
                if (requiredAccess is not null)
                {
                    extensions["requiredAccess"] = requiredAccess;
                }
                return FakeReplies.Json(200, new JsonObject
                {
                    ["errors"] = new JsonArray(new JsonObject
                    {
                        ["message"] = message,
                        ["locations"] = new JsonArray(new JsonObject { ["line"] = 2, ["column"] = 3 }),
                        ["path"] = new JsonArray([.. path.Select(p => (JsonNode)JsonValue.Create(p))]),
                        ["extensions"] = extensions,
                    }),
                    ["data"] = null,
                    ["extensions"] = Cost(RequestedCost, 1, CurrentlyAvailable, RestoreRate, MaximumAvailable),
                });
            });
        }
    }

    public void Dispose()
    {
        server.Stop();
        server.Dispose();
    }

    ResponseMessage Answer(IRequestMessage request)
    {
        var token = FakeReplies.Header(request, "X-Shopify-Access-Token");
        JsonObject body;
        try
        {
            body = JsonNode.Parse(request.Body ?? "")!.AsObject();
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or InvalidOperationException or NullReferenceException)
        {
            return Record(request, token, "", "", new JsonObject(), FakeReplies.Json(400, new JsonObject { ["errors"] = new JsonObject { ["query"] = "Required parameter missing or invalid" } }));
        }
        var query = body["query"]?.GetValue<string>() ?? "";
        var variables = body["variables"] as JsonObject ?? new JsonObject();
        var root = RootField().Match(query) is { Success: true } match ? match.Groups[1].Value : "";
        ResponseMessage reply;
        lock (gate)
        {
            reply = token != Token ? FakeReplies.Text(401, InvalidTokenBody, "application/json; charset=utf-8")
                : failures.TryDequeue(out var failure) ? failure()
                : FakeReplies.Json(200, new JsonObject
                {
                    ["data"] = Data(root, query, variables),
                    ["extensions"] = Cost(RequestedCost, RequestedCost / 2, CurrentlyAvailable, RestoreRate, MaximumAvailable),
                });
        }
        return Record(request, token, root, query, variables, reply);
    }

    ResponseMessage Record(IRequestMessage request, string? token, string root, string query, JsonObject variables, ResponseMessage reply)
    {
        lock (gate)
        {
            requests.Add(new ShopifyFakeRequest(token, FakeReplies.Header(request, "Content-Type"), root, query, (JsonObject)variables.DeepClone(), (int)reply.StatusCode!));
        }
        return reply;
    }

    static JsonObject Cost(decimal requested, decimal? actual, decimal available, decimal restoreRate, decimal maximum) => new()
    {
        ["cost"] = new JsonObject
        {
            ["requestedQueryCost"] = requested,
            ["actualQueryCost"] = actual,
            ["throttleStatus"] = new JsonObject { ["maximumAvailable"] = maximum, ["currentlyAvailable"] = available, ["restoreRate"] = restoreRate },
        },
    };

    /// <summary>The first field of the operation's selection: <c>query Name($a: T) { customers(…</c> → <c>customers</c>.</summary>
    [GeneratedRegex(@"^\s*query\b[^{]*\{\s*(\w+)")]
    private static partial Regex RootField();
}

/// <summary>One request the fake received: the token header, the body's content type, the operation's root field, the query text and variables, the status answered.</summary>
public sealed record ShopifyFakeRequest(string? Token, string? ContentType, string Root, string Query, JsonObject Variables, int Status)
{
    public string? Variable(string name) => Variables[name] is JsonValue value ? value.ToString() : null;
}
