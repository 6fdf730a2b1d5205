using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Hub.Messaging.Channels.Sms;
using WireMock;
using WireMock.Matchers;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace Hub.Tests.Messaging.Sms;

/// <summary>
/// SMS Aero's v2 gate on loopback (WireMock.Net), in the shapes of channels.md §2 and the official SDK:
/// <c>POST /v2/sms/send</c> and <c>POST /v2/viber/send</c> with a JSON body and HTTP Basic <c>email:api_key</c>;
/// answers <c>{"success":true,"data":{id,status,extendStatus,cost,…}}</c>, 401 for wrong credentials, and whatever a
/// test scripts next. Records every request's endpoint, JSON body and Basic credentials.
/// <code>
/// using var fake = new SmsAeroFake();
/// settings: fake.Settings("shop-1")            // Channels:SmsAero:BaseUrl + email, API key, SMS sign, Viber sign
/// fake.AnswerNext(200, """{"result":"no credits"}""");
/// fake.AnswerNext(429, "{…}", retryAfter: TimeSpan.FromSeconds(5), endpoint: SmsAeroFake.Viber);
/// fake.Requests[0].Body["number"], fake.Requests[0].Email, fake.Requests[0].ApiKey
/// </code>
/// </summary>
sealed class SmsAeroFake : IDisposable
{
    public const string Sms = "sms/send";
    public const string Viber = "viber/send";
    public const string Email = "shop@example.ru";
    public const string ApiKey = "0123456789abcdef0123456789abcdef";
    public const string SmsSign = "OpticsShop";
    public const string ViberSign = "Optics Viber";

    readonly WireMockServer server = WireMockServer.Start();
    readonly Lock gate = new();
    readonly List<SmsAeroFakeRequest> requests = [];
    readonly List<FakeAnswer> answers = [];
    long nextId = 5_000_001;

    public SmsAeroFake() =>
        server.Given(Request.Create().WithPath(new RegexMatcher("^/v2/(sms|viber)/send$")).UsingPost())
            .RespondWith(Response.Create().WithCallback(Answer));

    public string BaseUrl => server.Url + "/v2";

    /// <summary>The cost reported for an SMS (a number, as in the SDK's sms/send example).</summary>
    public decimal SmsCost { get; set; } = 5.49m;

    /// <summary>The cost reported for a Viber message.</summary>
    public decimal ViberCost { get; set; } = 2.25m;

    public IReadOnlyList<SmsAeroFakeRequest> Requests { get { lock (gate) { return [.. requests]; } } }

    /// <summary>The settings of a connected shop; pass null to leave a setting out.</summary>
    public Dictionary<string, string?> Settings(string shopId, string? email = Email, string? apiKey = ApiKey, string? smsSign = SmsSign, string? viberSign = ViberSign) => new()
    {
        [SmsAero.BaseUrlKey] = BaseUrl,
        [SmsAeroAccounts.EmailKey(shopId)] = email,
        [SmsAeroAccounts.ApiKeyKey(shopId)] = apiKey,
        [SmsAeroAccounts.SignKey(shopId)] = smsSign,
        [SmsAeroAccounts.ViberSignKey(shopId)] = viberSign,
    };

    /// <summary>The next request (to <paramref name="endpoint"/> only, when given) gets this answer.</summary>
    public void AnswerNext(int status, string body, TimeSpan? retryAfter = null, string? endpoint = null)
    {
        lock (gate) { answers.Add(new FakeAnswer(status, body, retryAfter, endpoint)); }
    }

    public void Dispose()
    {
        server.Stop();
        server.Dispose();
    }

    IResponseMessage Answer(IRequestMessage request)
    {
        var endpoint = request.Path.EndsWith(Viber, StringComparison.Ordinal) ? Viber : Sms;
        var body = JsonNode.Parse(request.Body ?? "null") as JsonObject ?? [];
        var (email, apiKey) = Basic(FakeReplies.Header(request, "Authorization"));
        lock (gate)
        {
            requests.Add(new SmsAeroFakeRequest(endpoint, body, email, apiKey, FakeReplies.Header(request, "Content-Type")));
            var index = answers.FindIndex(a => a.Endpoint is null || a.Endpoint == endpoint);
            if (index >= 0)
            {
                var scripted = answers[index];
                answers.RemoveAt(index);
                return FakeReplies.Text(scripted.Status, scripted.Body, retryAfter: scripted.RetryAfter);
            }
            if (email != Email || apiKey != ApiKey)
            {
                return FakeReplies.Text(401, """{"success":false,"data":null,"message":"Your email or api key is incorrect"}""");
            }
            var id = nextId++;
            var data = endpoint == Viber
                ? new JsonObject
                {
                    ["id"] = id, ["number"] = body["number"]?.ToJsonString(), ["count"] = 1, ["sign"] = body["sign"]?.GetValue<string>(),
                    ["channel"] = body["channel"]?.GetValue<string>(), ["text"] = body["text"]?.GetValue<string>(), ["cost"] = ViberCost,
                    ["status"] = 1, ["extendStatus"] = "moderation", ["dateCreate"] = 1511153253, ["dateSend"] = 1511153253,
                }
                : new JsonObject
                {
                    ["id"] = id, ["from"] = body["sign"]?.GetValue<string>(), ["number"] = body["number"]?.ToJsonString(),
                    ["text"] = body["text"]?.GetValue<string>(), ["status"] = 0, ["extendStatus"] = "queue", ["channel"] = "FREE SIGN",
                    ["cost"] = SmsCost, ["dateCreate"] = 1719119523, ["dateSend"] = 1719119523,
                };
            return FakeReplies.Text(200, new JsonObject { ["success"] = true, ["data"] = data, ["message"] = null }.ToJsonString());
        }
    }

    static (string? Email, string? ApiKey) Basic(string? authorization)
    {
        const string scheme = "Basic ";
        if (authorization is null || !authorization.StartsWith(scheme, StringComparison.Ordinal))
        {
            return (null, null);
        }
        var pair = Encoding.UTF8.GetString(Convert.FromBase64String(authorization[scheme.Length..]));
        var colon = pair.IndexOf(':', StringComparison.Ordinal);
        return colon < 0 ? (pair, null) : (pair[..colon], pair[(colon + 1)..]);
    }
}

/// <summary>One request the fake received: which endpoint, its JSON body and the Basic credentials it carried.</summary>
sealed record SmsAeroFakeRequest(string Endpoint, JsonObject Body, string? Email, string? ApiKey, string? ContentType)
{
    public string? Text(string field) => Body[field] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    /// <summary>The number as sent; the SDK sends a JSON number.</summary>
    public string? Number => Body["number"] is JsonValue value && value.TryGetValue<long>(out var number)
        ? number.ToString(CultureInfo.InvariantCulture)
        : null;
}
