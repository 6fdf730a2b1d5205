using System.Collections.Specialized;
using System.Web;
using Hub.Messaging.Channels.Vk;
using System.Text.Json.Nodes;
using WireMock;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace Hub.Tests.Messaging.Vk;

/// <summary>
/// VK's <c>POST /method/messages.send</c> on loopback (WireMock.Net), in the shapes of ../shared/specs/channels.md §6:
/// form-encoded parameters, the token as <c>Authorization: Bearer</c> (or <c>access_token</c>), and HTTP 200 with
/// <c>{"response":&lt;message id&gt;}</c> or <c>{"error":{"error_code","error_msg","request_params"}}</c>.
/// <code>
/// using var fake = new VkApiFake();
/// settings: fake.Settings("shop-1", token: "vk1.a.…", groupId: "218000001")
/// fake.Deny(peerId);                 // 901 Can't send messages for users without permission
/// fake.FailNext(6, "Too many requests per second");
/// fake.Requests, fake.Messages       // every call; the messages a person actually got (repeats of a random_id dropped)
/// </code>
/// Strict where VK is: an unknown token is error 5, a call without <c>v</c> error 8, without <c>peer_id</c>,
/// <c>random_id</c> or <c>message</c> error 100; a repeated <c>random_id</c> to the same peer is not delivered again.
/// </summary>
public sealed class VkApiFake : IDisposable
{
    readonly WireMockServer server = WireMockServer.Start();
    readonly Lock gate = new();
    readonly List<VkFakeRequest> requests = [];
    readonly List<VkFakeRequest> messages = [];
    readonly Dictionary<(string Peer, string RandomId), long> delivered = [];
    readonly Queue<(int Code, string Message)> failures = new();
    readonly HashSet<string> denied = [];
    readonly HashSet<string> tokens = [];
    long nextMessageId = 501;

    public VkApiFake() =>
        server.Given(Request.Create().WithPath("/method/messages.send").UsingPost())
            .RespondWith(Response.Create().WithCallback(request => (IResponseMessage)Answer(request)));

    public string BaseUrl => server.Url!;

    /// <summary>The configuration the sender and the callback server of <paramref name="shopId"/> need; the token becomes a known one.</summary>
    public Dictionary<string, string?> Settings(string shopId, string token, string groupId, string? callbackSecret = null, string? confirmation = null)
    {
        lock (gate)
        {
            tokens.Add(token);
        }
        return new()
        {
            [VkMessaging.BaseUrlKey] = BaseUrl,
            [VkMessagingSettings.CommunityTokenKey(shopId)] = token,
            [VkMessagingSettings.GroupIdKey(shopId)] = groupId,
            [VkMessagingSettings.CallbackSecretKey(shopId)] = callbackSecret,
            [VkMessagingSettings.ConfirmationKey(shopId)] = confirmation,
        };
    }

    public IReadOnlyList<VkFakeRequest> Requests { get { lock (gate) { return requests.ToList(); } } }

    /// <summary>The messages VK delivered: the first of each (peer, random_id).</summary>
    public IReadOnlyList<VkFakeRequest> Messages { get { lock (gate) { return messages.ToList(); } } }

    /// <summary>The user has not allowed the community to write: 901.</summary>
    public void Deny(string peerId) { lock (gate) { denied.Add(peerId); } }

    /// <summary>The next sends are answered with VK's error <paramref name="code"/>, in order.</summary>
    public void FailNext(int code, string message) { lock (gate) { failures.Enqueue((code, message)); } }

    public void Dispose()
    {
        server.Stop();
        server.Dispose();
    }

    ResponseMessage Answer(IRequestMessage request)
    {
        var contentType = FakeReplies.Header(request, "Content-Type");
        var form = contentType?.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase) == true
            ? HttpUtility.ParseQueryString(request.Body ?? "")
            : new NameValueCollection();
        var fields = form.AllKeys.Where(k => k is not null).ToDictionary(k => k!, k => form[k]!);
        var authorization = FakeReplies.Header(request, "Authorization");
        var call = new VkFakeRequest(fields, authorization, contentType);
        lock (gate)
        {
            requests.Add(call);
            return Problem(fields, authorization) is { } problem ? Error(problem.Code, problem.Message, fields) : Sent(call);
        }
    }

    (int Code, string Message)? Problem(Dictionary<string, string> fields, string? authorization)
    {
        var token = authorization is { } header && header.StartsWith("Bearer ", StringComparison.Ordinal)
            ? header["Bearer ".Length..]
            : fields.GetValueOrDefault("access_token");
        if (token is null || !tokens.Contains(token))
        {
            return (5, "User authorization failed: invalid access_token (4).");
        }
        if (!fields.ContainsKey("v"))
        {
            return (8, "Invalid request: v (version) is required");
        }
        foreach (var required in new[] { "peer_id", "random_id", "message" })
        {
            if (string.IsNullOrEmpty(fields.GetValueOrDefault(required)))
            {
                return (100, $"One of the parameters specified was missing or invalid: {required} is undefined");
            }
        }
        if (failures.TryDequeue(out var failure))
        {
            return failure;
        }
        return denied.Contains(fields["peer_id"]) ? (901, "Can't send messages for users without permission") : null;
    }

    ResponseMessage Sent(VkFakeRequest call)
    {
        var key = (call.Fields["peer_id"], call.Fields["random_id"]);
        if (!delivered.TryGetValue(key, out var id))
        {
            id = nextMessageId++;
            delivered[key] = id;
            messages.Add(call);
        }
        return FakeReplies.Json(200, new JsonObject { ["response"] = id });
    }

    static ResponseMessage Error(int code, string message, Dictionary<string, string> fields) => FakeReplies.Json(200, new JsonObject
    {
        ["error"] = new JsonObject
        {
            ["error_code"] = code,
            ["error_msg"] = message,
            ["request_params"] = new JsonArray(fields.Where(f => f.Key is "v" or "peer_id")
                .Select(f => (JsonNode)new JsonObject { ["key"] = f.Key, ["value"] = f.Value }).ToArray()),
        },
    });
}

/// <summary>One <c>messages.send</c> call: its form fields, Authorization header and content type.</summary>
public sealed record VkFakeRequest(IReadOnlyDictionary<string, string> Fields, string? Authorization, string? ContentType);
