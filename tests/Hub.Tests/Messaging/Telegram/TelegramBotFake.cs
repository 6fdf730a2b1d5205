using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Hub.Messaging.Channels.Telegram;
using WireMock;
using WireMock.Matchers;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace Hub.Tests.Messaging.Telegram;

/// <summary>
/// The Telegram Bot API's <c>POST /bot{token}/sendMessage</c> on loopback (WireMock.Net), answering in the shapes of
/// ../shared/specs/channels.md §3: <c>{"ok":true,"result":{"message_id",…}}</c> or
/// <c>{"ok":false,"error_code","description","parameters":{"retry_after"}}</c> with the same HTTP status.
/// <code>
/// using var fake = new TelegramBotFake();
/// settings: fake.Settings("shop-1", "123:ABC", webhookSecret: "s3cret")
/// fake.Block(chatId);                              // 403 "Forbidden: bot was blocked by the user"
/// fake.FailNext(429, "Too Many Requests: retry after 7", retryAfter: 7);
/// fake.Requests                                     // what arrived, in order, with when
/// </code>
/// Strict where Telegram is: an unknown token is 401 <c>Unauthorized</c>, a missing <c>chat_id</c> or empty <c>text</c> 400.
/// </summary>
public sealed class TelegramBotFake : IDisposable
{
    public const string BlockedDescription = "Forbidden: bot was blocked by the user";
    public const string ChatNotFoundDescription = "Bad Request: chat not found";

    readonly WireMockServer server = WireMockServer.Start();
    readonly Lock gate = new();
    readonly List<TelegramFakeRequest> requests = [];
    readonly Queue<(int Status, string Description, int? RetryAfter)> failures = new();
    readonly HashSet<string> blocked = [];
    readonly HashSet<string> unknown = [];
    readonly HashSet<string> tokens = [];
    long nextMessageId = 1001;

    public TelegramBotFake() =>
        server.Given(Request.Create().WithPath(new RegexMatcher("^/bot[^/]+/sendMessage$")).UsingPost())
            .RespondWith(Response.Create().WithCallback(request => (IResponseMessage)Answer(request)));

    public string BaseUrl => server.Url!;

    /// <summary>The configuration a sender and a webhook of <paramref name="shopId"/> need; the token becomes a known one.</summary>
    public Dictionary<string, string?> Settings(string shopId, string token, string? webhookSecret = null)
    {
        lock (gate)
        {
            tokens.Add(token);
        }
        return new()
        {
            [TelegramBot.BaseUrlKey] = BaseUrl,
            [TelegramSettings.BotTokenKey(shopId)] = token,
            [TelegramSettings.WebhookSecretKey(shopId)] = webhookSecret,
        };
    }

    public IReadOnlyList<TelegramFakeRequest> Requests { get { lock (gate) { return requests.ToList(); } } }

    /// <summary>The user of this private chat blocked the bot: every send is 403.</summary>
    public void Block(string chatId) { lock (gate) { blocked.Add(chatId); } }

    /// <summary>The bot has no such chat: every send is 400 <c>chat not found</c>.</summary>
    public void Forget(string chatId) { lock (gate) { unknown.Add(chatId); } }

    /// <summary>The next sends are answered <paramref name="status"/> with the description (and <c>retry_after</c>), in order.</summary>
    public void FailNext(int status, string description, int? retryAfter = null, int times = 1)
    {
        lock (gate)
        {
            for (var i = 0; i < times; i++)
            {
                failures.Enqueue((status, description, retryAfter));
            }
        }
    }

    public void Dispose()
    {
        server.Stop();
        server.Dispose();
    }

    ResponseMessage Answer(IRequestMessage request)
    {
        var token = request.Path["/bot".Length..^"/sendMessage".Length];
        JsonObject? body = null;
        try
        {
            body = JsonNode.Parse(request.Body ?? "") as JsonObject;
        }
        catch (JsonException)
        {
        }
        var chatId = body?["chat_id"];
        var chat = chatId is JsonValue value ? value.ToString() : null;
        lock (gate)
        {
            var reply = Problem(token, body, chat) ?? Sent(chatId!);
            requests.Add(new TelegramFakeRequest(token, request.Url, chatId?.DeepClone(), (string?)body?["text"],
                body?["reply_markup"]?.DeepClone(), FakeReplies.Header(request, "Content-Type"), (int)reply.StatusCode!, Stopwatch.GetTimestamp()));
            return reply;
        }
    }

    ResponseMessage? Problem(string token, JsonObject? body, string? chat)
    {
        if (!tokens.Contains(token))
        {
            return Error(401, "Unauthorized");
        }
        if (failures.TryDequeue(out var failure))
        {
            return Error(failure.Status, failure.Description, failure.RetryAfter);
        }
        if (body is null || chat is null)
        {
            return Error(400, "Bad Request: chat_id is empty");
        }
        if (string.IsNullOrEmpty((string?)body["text"]))
        {
            return Error(400, "Bad Request: message text is empty");
        }
        return blocked.Contains(chat) ? Error(403, BlockedDescription)
            : unknown.Contains(chat) ? Error(400, ChatNotFoundDescription)
            : null;
    }

    ResponseMessage Sent(JsonNode chatId) => FakeReplies.Json(200, new JsonObject
    {
        ["ok"] = true,
        ["result"] = new JsonObject
        {
            ["message_id"] = nextMessageId++,
            ["from"] = new JsonObject { ["id"] = 123, ["is_bot"] = true, ["first_name"] = "Shop bot" },
            ["chat"] = new JsonObject { ["id"] = chatId.DeepClone(), ["type"] = "private" },
            ["date"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
        },
    });

    static ResponseMessage Error(int status, string description, int? retryAfter = null)
    {
        var body = new JsonObject { ["ok"] = false, ["error_code"] = status, ["description"] = description };
        if (retryAfter is { } seconds)
        {
            body["parameters"] = new JsonObject { ["retry_after"] = seconds };
        }
        return FakeReplies.Json(status, body);
    }
}

/// <summary>One <c>sendMessage</c> the fake received, whatever it answered; <see cref="Timestamp"/> is <see cref="Stopwatch"/> time.</summary>
public sealed record TelegramFakeRequest(
    string Token,
    string Url,
    JsonNode? ChatId,
    string? Text,
    JsonNode? ReplyMarkup,
    string? ContentType,
    int Status,
    long Timestamp);
