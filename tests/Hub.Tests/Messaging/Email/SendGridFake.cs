using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Hub.Messaging.Channels.Email;
using WireMock;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using WireMock.Types;
using WireMock.Util;

namespace Hub.Tests.Messaging.Email;

/// <summary>
/// SendGrid's <c>POST /v3/mail/send</c> on loopback (WireMock.Net), with the request and reply shapes of
/// ../shared/specs/channels.md §1. It records every request with its body parsed, renders each personalization the way
/// SendGrid would (substitutions applied to subject and content), and lets a test steer the next answers:
/// <code>
/// using var fake = new SendGridFake();
/// settings: fake.Settings("shop-1")                 // Channels:SendGrid:BaseUrl + Shops:shop-1:SendGrid…
/// fake.RateLimitNext(reset);                        // 429, X-RateLimit-Remaining: 0, X-RateLimit-Reset
/// fake.RemainingNext(0, reset);                     // a 202 that says the limit is now used up
/// fake.FailNext(400, ("The from email does not contain a valid address.", "from.email"));
/// fake.RejectAddress("bad@example.com", "Does not contain a valid address."); // a 400 naming that personalization
/// fake.Sends, fake.Emails, fake.RequestCount
/// </code>
/// It is strict where SendGrid is: <c>Authorization: Bearer &lt;key&gt;</c> (401 otherwise), at most 1,000
/// personalizations, each address once per request, a subject, substitutions within 10,000 bytes per personalization —
/// each refused with 400 and SendGrid's error body.
/// </summary>
public sealed class SendGridFake : IDisposable
{
    public const string DefaultApiKey = "SG.test-key";
    public const string DefaultFrom = "Shop Team <team@shop.example>";
    public const string DuplicateMessage = "Each unique email address in the personalizations array should only be included once. You have included email address more than once.";

    readonly WireMockServer server = WireMockServer.Start();
    readonly Lock gate = new();
    readonly List<SendGridFakeSend> sends = [];
    readonly Queue<Func<ResponseMessage>> next = new();
    readonly Dictionary<string, string> rejected = new(StringComparer.OrdinalIgnoreCase);
    int messageIds;

    public SendGridFake()
    {
        server.Given(Request.Create().WithPath("/v3/mail/send").UsingPost())
            .RespondWith(Response.Create().WithCallback(request => (IResponseMessage)Answer(request)));
    }

    /// <summary>What <c>Channels:SendGrid:BaseUrl</c> should be.</summary>
    public string BaseUrl => server.Url!;

    /// <summary>The API key the fake accepts.</summary>
    public string ApiKey { get; set; } = DefaultApiKey;

    /// <summary>The configuration a sender of this fake needs for <paramref name="shopId"/>.</summary>
    public Dictionary<string, string?> Settings(string shopId, int? unsubscribeGroup = null, string? from = DefaultFrom) => new()
    {
        [SendGridMail.BaseUrlKey] = BaseUrl,
        [SendGridSettings.ApiKeyKey(shopId)] = ApiKey,
        [SendGridSettings.FromKey(shopId)] = from,
        [SendGridSettings.UnsubscribeGroupIdKey(shopId)] = unsubscribeGroup?.ToString(CultureInfo.InvariantCulture),
    };

    /// <summary>Every request, whatever it was answered, in order.</summary>
    public IReadOnlyList<SendGridFakeSend> Sends { get { lock (gate) { return sends.ToList(); } } }
    public int RequestCount { get { lock (gate) { return sends.Count; } } }
    /// <summary>Every email of every accepted request, as its recipient would get it.</summary>
    public IReadOnlyList<SendGridFakeEmail> Emails => Sends.Where(s => s.Status == 202).SelectMany(s => s.Emails).ToList();

    /// <summary>The next request is answered 429 with <c>X-RateLimit-Remaining: 0</c> and <c>X-RateLimit-Reset</c> (none when null).</summary>
    public void RateLimitNext(DateTimeOffset? reset) => Enqueue(() =>
    {
        var reply = Errors(429, ("too many requests", null));
        RateHeaders(reply, 0, reset);
        return reply;
    });

    /// <summary>The next request is accepted, and its answer says <paramref name="remaining"/> requests are left until <paramref name="reset"/>.</summary>
    public void RemainingNext(int remaining, DateTimeOffset reset) => Enqueue(() => Accepted(remaining, reset));

    /// <summary>The next request is answered <paramref name="status"/> with SendGrid's error body.</summary>
    public void FailNext(int status, params (string Message, string? Field)[] errors) => Enqueue(() => Errors(status, errors));

    /// <summary>From now on a request holding <paramref name="address"/> is refused with a 400 naming its personalization.</summary>
    public void RejectAddress(string address, string message) { lock (gate) { rejected[address] = message; } }

    public void Dispose()
    {
        server.Stop();
        server.Dispose();
    }

    void Enqueue(Func<ResponseMessage> reply) { lock (gate) { next.Enqueue(reply); } }

    ResponseMessage Answer(IRequestMessage request)
    {
        var authorization = request.Headers?.FirstOrDefault(h => h.Key.Equals("Authorization", StringComparison.OrdinalIgnoreCase)).Value?.FirstOrDefault();
        JsonObject? body = null;
        try
        {
            body = JsonNode.Parse(request.Body ?? "") as JsonObject;
        }
        catch (System.Text.Json.JsonException)
        {
        }
        lock (gate)
        {
            var reply = authorization != "Bearer " + ApiKey
                ? Errors(401, ("The provided authorization grant is invalid, expired, or revoked", null))
                : next.Count > 0 ? next.Dequeue()() : Problem(body) ?? Accepted();
            var messageId = reply.Headers?.TryGetValue(SendGridMail.MessageIdHeader, out var ids) == true ? ids.FirstOrDefault() : null;
            sends.Add(new SendGridFakeSend((int)reply.StatusCode!, body ?? [], request.Body ?? "", authorization, messageId));
            return reply;
        }
    }

    /// <summary>What SendGrid refuses with a 400 (mail-send errors page).</summary>
    ResponseMessage? Problem(JsonObject? body)
    {
        if (body?["personalizations"] is not JsonArray personalizations || personalizations.Count == 0)
        {
            return Errors(400, ("You must have at least one personalization.", "personalizations"));
        }
        if (personalizations.Count > 1000)
        {
            return Errors(400, ($"The personalization block is limited to 1000 personalizations per API request. You have provided {personalizations.Count} personalizations.", "personalizations"));
        }
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < personalizations.Count; i++)
        {
            var p = personalizations[i]!.AsObject();
            var to = (string?)p["to"]?[0]?["email"] ?? "";
            if (!seen.Add(to))
            {
                return Errors(400, (DuplicateMessage, $"personalizations.{i}.to.0.email"));
            }
            if (rejected.TryGetValue(to, out var message))
            {
                return Errors(400, (message, $"personalizations.{i}.to.0.email"));
            }
            if (p["subject"] is null && body["subject"] is null)
            {
                return Errors(400, ("The subject is required. You can get around this requirement if you use a template with a subject defined or if every personalization has a subject defined.", "subject"));
            }
            var bytes = (p["substitutions"] as JsonObject)?.Sum(s => Encoding.UTF8.GetByteCount(s.Key) + Encoding.UTF8.GetByteCount((string?)s.Value ?? "")) ?? 0;
            if (bytes > 10_000)
            {
                return Errors(400, ("The total size of your substitutions may not exceed 10,000 bytes per personalization object.", $"personalizations.{i}.substitutions"));
            }
        }
        return null;
    }

    ResponseMessage Accepted(int remaining = 599, DateTimeOffset? reset = null)
    {
        var reply = new ResponseMessage { StatusCode = 202 };
        reply.AddHeader(SendGridMail.MessageIdHeader, $"fake-{++messageIds:D4}-{Guid.NewGuid():N}"[..26]);
        RateHeaders(reply, remaining, reset ?? DateTimeOffset.UtcNow.AddMinutes(1));
        return reply;
    }

    static void RateHeaders(ResponseMessage reply, int remaining, DateTimeOffset? reset)
    {
        reply.AddHeader("X-RateLimit-Limit", "600");
        reply.AddHeader(SendGridMail.RateLimitRemainingHeader, remaining.ToString(CultureInfo.InvariantCulture));
        if (reset is { } at)
        {
            reply.AddHeader(SendGridMail.RateLimitResetHeader, at.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture));
        }
    }

    /// <summary><c>{"errors":[{"message","field","help"}]}</c>, written by hand, not with the sender's types.</summary>
    static ResponseMessage Errors(int status, params (string Message, string? Field)[] errors)
    {
        var list = new JsonArray(errors.Select(e => (JsonNode)new JsonObject { ["message"] = e.Message, ["field"] = e.Field, ["help"] = null }).ToArray());
        var reply = new ResponseMessage
        {
            StatusCode = status,
            BodyData = new BodyData { BodyAsString = new JsonObject { ["errors"] = list }.ToJsonString(), DetectedBodyType = BodyType.String, Encoding = Encoding.UTF8 },
        };
        reply.AddHeader("Content-Type", "application/json");
        return reply;
    }
}
