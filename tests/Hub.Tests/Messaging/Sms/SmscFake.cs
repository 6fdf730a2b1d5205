using System.Globalization;
using System.Text.Json.Nodes;
using System.Web;
using Hub.Messaging.Channels.Sms;
using WireMock;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace Hub.Tests.Messaging.Sms;

/// <summary>
/// SMSC.ru's <c>POST /sys/send.php</c> on loopback (WireMock.Net), in the shapes of channels.md §2: form fields in,
/// with <c>fmt=3</c> a JSON answer out — <c>{"id","cnt","cost","balance"}</c> when sent, <c>{"error","error_code"}</c>
/// when not. It checks the credentials (error 2 for wrong ones) and records every request's fields.
/// <code>
/// using var fake = new SmscFake();
/// settings: fake.Settings("shop-1")                      // Channels:Smsc:BaseUrl + the shop's login, password, sender
/// fake.ErrorNext(3, "no money");                          // {"error":"no money","error_code":3}
/// fake.AnswerNext(503, "Service Unavailable", "text/plain");
/// fake.Requests[0]["id"], fake.Requests[0]["mes"], fake.ContentTypes[0]
/// </code>
/// </summary>
sealed class SmscFake : IDisposable
{
    public const string Login = "shop-login";
    public const string Password = "shop-password";
    public const string ApiKey = "smsc-api-key";
    public const string Sender = "OpticsShop";

    readonly WireMockServer server = WireMockServer.Start();
    readonly Lock gate = new();
    readonly List<IReadOnlyDictionary<string, string>> requests = [];
    readonly List<string?> contentTypes = [];
    readonly Queue<FakeAnswer> answers = new();
    decimal balance = 100m;

    public SmscFake() =>
        server.Given(Request.Create().WithPath("/sys/send.php").UsingPost()).RespondWith(Response.Create().WithCallback(Answer));

    public string BaseUrl => server.Url!;

    /// <summary>What SMSC reports a message costs (per SMS part), as SMSC writes it: a string.</summary>
    public string Cost { get; set; } = "1.40";

    /// <summary>How many SMS parts SMSC reports (<c>cnt</c>).</summary>
    public int Parts { get; set; } = 1;

    public IReadOnlyList<IReadOnlyDictionary<string, string>> Requests { get { lock (gate) { return [.. requests]; } } }
    public IReadOnlyList<string?> ContentTypes { get { lock (gate) { return [.. contentTypes]; } } }

    /// <summary>The settings of a shop connected with a login and password (<paramref name="apiKey"/> instead when true).</summary>
    public Dictionary<string, string?> Settings(string shopId, bool apiKey = false) => new()
    {
        [Smsc.BaseUrlKey] = BaseUrl,
        [SmscAccounts.LoginKey(shopId)] = apiKey ? null : Login,
        [SmscAccounts.PasswordKey(shopId)] = apiKey ? null : Password,
        [SmscAccounts.ApiKeyKey(shopId)] = apiKey ? ApiKey : null,
        [SmscAccounts.SenderKey(shopId)] = Sender,
    };

    /// <summary>The next request is refused with SMSC's error body (HTTP 200, as SMSC does).</summary>
    public void ErrorNext(int code, string error) =>
        AnswerNext(200, new JsonObject { ["error"] = error, ["error_code"] = code }.ToJsonString());

    public void AnswerNext(int status, string body, string contentType = "application/json; charset=utf-8", TimeSpan? retryAfter = null)
    {
        lock (gate) { answers.Enqueue(new FakeAnswer(status, body, retryAfter, ContentType: contentType)); }
    }

    public void Dispose()
    {
        server.Stop();
        server.Dispose();
    }

    IResponseMessage Answer(IRequestMessage request)
    {
        var form = HttpUtility.ParseQueryString(request.Body ?? "");
        var fields = form.AllKeys.OfType<string>().ToDictionary(k => k, k => form[k] ?? "", StringComparer.Ordinal);
        lock (gate)
        {
            requests.Add(fields);
            contentTypes.Add(FakeReplies.Header(request, "Content-Type"));
            if (answers.TryDequeue(out var scripted))
            {
                return FakeReplies.Text(scripted.Status, scripted.Body, scripted.ContentType, scripted.RetryAfter);
            }
            var byKey = fields.GetValueOrDefault("apikey") == ApiKey;
            var byLogin = fields.GetValueOrDefault("login") == Login && fields.GetValueOrDefault("psw") == Password;
            if (!byKey && !byLogin)
            {
                return FakeReplies.Text(200, """{"error":"authorise error","error_code":2}""");
            }
            var cost = decimal.Parse(Cost, CultureInfo.InvariantCulture) * Parts;
            balance -= cost;
            var id = fields.TryGetValue("id", out var given) && given.Length > 0 ? given : "1";
            return FakeReplies.Text(200, new JsonObject
            {
                ["id"] = long.Parse(id, CultureInfo.InvariantCulture),
                ["cnt"] = Parts,
                ["cost"] = cost.ToString("0.00", CultureInfo.InvariantCulture),
                ["balance"] = balance.ToString("0.00", CultureInfo.InvariantCulture),
            }.ToJsonString());
        }
    }
}
