using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Hub.Messaging.Channels.WhatsApp;
using WireMock;
using WireMock.Matchers;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace Hub.Tests.Messaging.WhatsApp;

/// <summary>
/// The WhatsApp Cloud API's <c>POST /{version}/{phone-number-id}/messages</c> on loopback (WireMock.Net), in the shapes
/// of ../shared/specs/channels.md §4: an accepted message is
/// <c>{"messaging_product":"whatsapp","contacts":[{"input","wa_id"}],"messages":[{"id":"wamid…"}]}</c>, a refusal
/// <c>{"error":{"message","type","code","error_data":{"messaging_product","details"},"error_subcode","fbtrace_id"}}</c>.
/// <code>
/// using var fake = new WhatsAppCloudFake();
/// settings: fake.Settings("shop-1", token: "EAAG…", phoneNumberId: "1065…")
/// fake.FailNext(131047, "Re-engagement message", details: "…more than 24 hours have passed…");
/// fake.Requests                                   // version, phone number id, Authorization, JSON body
/// </code>
/// Strict where Meta is: a token it does not know is 401 (code 190), an unknown phone number id 400 (code 100), a body
/// without <c>messaging_product: "whatsapp"</c>, <c>to</c>, or the <c>text</c>/<c>template</c> its <c>type</c> names is 400 (code 100).
/// </summary>
public sealed partial class WhatsAppCloudFake : IDisposable
{
    readonly WireMockServer server = WireMockServer.Start();
    readonly Lock gate = new();
    readonly List<WhatsAppFakeRequest> requests = [];
    readonly Queue<(int Code, string Message, string? Details, int Status)> failures = new();
    readonly HashSet<string> tokens = [];
    readonly HashSet<string> numbers = [];
    int nextMessage = 1;

    public WhatsAppCloudFake() =>
        server.Given(Request.Create().WithPath(new RegexMatcher(@"^/v[0-9.]+/[^/]+/messages$")).UsingPost())
            .RespondWith(Response.Create().WithCallback(request => (IResponseMessage)Answer(request)));

    public string BaseUrl => server.Url!;

    /// <summary>The configuration a sender and a webhook of <paramref name="shopId"/> need; token and number become known ones.</summary>
    public Dictionary<string, string?> Settings(string shopId, string token, string phoneNumberId, string? appSecret = null, string? verifyToken = null)
    {
        lock (gate)
        {
            tokens.Add(token);
            numbers.Add(phoneNumberId);
        }
        return new()
        {
            [WhatsAppCloud.BaseUrlKey] = BaseUrl,
            [WhatsAppSettings.TokenKey(shopId)] = token,
            [WhatsAppSettings.PhoneNumberIdKey(shopId)] = phoneNumberId,
            [WhatsAppSettings.AppSecretKey(shopId)] = appSecret,
            [WhatsAppSettings.VerifyTokenKey(shopId)] = verifyToken,
        };
    }

    public IReadOnlyList<WhatsAppFakeRequest> Requests { get { lock (gate) { return requests.ToList(); } } }

    /// <summary>The next sends are refused with Meta's error <paramref name="code"/> (HTTP <paramref name="status"/>, 400 unless given), in order.</summary>
    public void FailNext(int code, string message, string? details = null, int status = 400)
    {
        lock (gate)
        {
            failures.Enqueue((code, message, details, status));
        }
    }

    public void Dispose()
    {
        server.Stop();
        server.Dispose();
    }

    ResponseMessage Answer(IRequestMessage request)
    {
        var match = PathPattern().Match(request.Path);
        JsonObject? body = null;
        try
        {
            body = JsonNode.Parse(request.Body ?? "") as JsonObject;
        }
        catch (JsonException)
        {
        }
        var authorization = FakeReplies.Header(request, "Authorization");
        lock (gate)
        {
            var reply = Problem(match.Groups["number"].Value, authorization, body) ?? Accepted((string)body!["to"]!);
            requests.Add(new WhatsAppFakeRequest(match.Groups["version"].Value, match.Groups["number"].Value, authorization,
                body?.DeepClone().AsObject(), (int)reply.StatusCode!));
            return reply;
        }
    }

    ResponseMessage? Problem(string phoneNumberId, string? authorization, JsonObject? body)
    {
        const string bearer = "Bearer ";
        if (authorization is null || !authorization.StartsWith(bearer, StringComparison.Ordinal) || !tokens.Contains(authorization[bearer.Length..]))
        {
            return Error(401, 190, "Invalid OAuth access token - Cannot parse access token", type: "OAuthException");
        }
        if (!numbers.Contains(phoneNumberId))
        {
            return Error(400, 100, $"Unsupported post request. Object with ID '{phoneNumberId}' does not exist, cannot be loaded due to missing permissions, or does not support this operation.");
        }
        if (failures.TryDequeue(out var failure))
        {
            return Error(failure.Status, failure.Code, failure.Message, failure.Details);
        }
        if ((string?)body?["messaging_product"] != "whatsapp")
        {
            return Error(400, 100, "(#100) The parameter messaging_product is required.");
        }
        if (string.IsNullOrEmpty((string?)body["to"]))
        {
            return Error(400, 100, "(#100) The parameter to is required.");
        }
        return (string?)body["type"] switch
        {
            "text" when string.IsNullOrEmpty((string?)body["text"]?["body"]) => Error(400, 100, "(#100) The parameter text['body'] is required."),
            "template" when string.IsNullOrEmpty((string?)body["template"]?["name"]) => Error(400, 100, "(#100) The parameter template['name'] is required."),
            "template" when string.IsNullOrEmpty((string?)body["template"]?["language"]?["code"]) => Error(400, 100, "(#100) The parameter template['language']['code'] is required."),
            "text" or "template" => null,
            var type => Error(400, 100, $"(#100) Param type must be one of {{text, template, …}} - got \"{type}\"."),
        };
    }

    ResponseMessage Accepted(string to) => FakeReplies.Json(200, new JsonObject
    {
        ["messaging_product"] = "whatsapp",
        ["contacts"] = new JsonArray(new JsonObject { ["input"] = to, ["wa_id"] = to.TrimStart('+') }),
        ["messages"] = new JsonArray(new JsonObject { ["id"] = Wamid(nextMessage++), ["message_status"] = "accepted" }),
    });

    /// <summary>The id the fake gives its <paramref name="n"/>-th accepted message.</summary>
    public static string Wamid(int n) => $"wamid.HBgLNzk5OTU1NTExMTEVAgARGBI{n:D4}";

    static ResponseMessage Error(int status, int code, string message, string? details = null, string type = "OAuthException")
    {
        var error = new JsonObject { ["message"] = message, ["type"] = type, ["code"] = code };
        if (details is not null)
        {
            error["error_data"] = new JsonObject { ["messaging_product"] = "whatsapp", ["details"] = details };
        }
        error["fbtrace_id"] = "AbCdEf123";
        return FakeReplies.Json(status, new JsonObject { ["error"] = error });
    }

    [GeneratedRegex(@"^/(?<version>v[0-9.]+)/(?<number>[^/]+)/messages$")]
    private static partial Regex PathPattern();
}

/// <summary>One send the fake received, whatever it answered.</summary>
public sealed record WhatsAppFakeRequest(string Version, string PhoneNumberId, string? Authorization, JsonObject? Body, int Status);
