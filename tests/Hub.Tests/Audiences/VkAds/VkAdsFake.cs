using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Hub.Audiences;
using Hub.Audiences.VkAds;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Net.Http.Headers;
using WireMock;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using WireMock.Types;
using WireMock.Util;

namespace Hub.Tests.Audiences.VkAds;

/// <summary>
/// VK Ads on loopback (WireMock.Net), speaking the shapes in <see cref="VkAdsFacts"/>: issues tokens for
/// <see cref="ClientId"/>/<see cref="ClientSecret"/>, refuses calls without a live one (401), keeps uploaded lists and
/// segments with their relations, refuses to delete a list a segment still uses (legacy myTarget rule), and fails
/// chosen calls on demand. <see cref="CreateClient"/> builds the real client through <c>AddVkAds</c>.
/// </summary>
sealed class VkAdsFake : IDisposable
{
    public const string ClientId = "vk-client-id";
    public const string ClientSecret = "vk-client-secret";
    public const string TokenCall = $"POST {VkAdsFacts.TokenPath}";

    readonly WireMockServer server = WireMockServer.Start();
    readonly Lock gate = new();
    readonly Dictionary<long, FakeList> lists = [];
    readonly Dictionary<long, FakeSegment> segments = [];
    readonly HashSet<string> liveTokens = [];
    readonly List<IReadOnlyDictionary<string, string>> tokenRequests = [];
    readonly List<Failure> failures = [];
    readonly List<ServiceProvider> providers = [];
    long nextId = 100;

    public VkAdsFake() =>
        server.Given(Request.Create().UsingAnyMethod()).RespondWith(Response.Create().WithCallback(Answer));

    public string BaseUrl => server.Url!;
    /// <summary>The <c>expires_in</c> of issued tokens.</summary>
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromDays(1);
    /// <summary>The status a list has right after its upload.</summary>
    public string NewListStatus { get; set; } = "receiving";

    public IReadOnlyDictionary<long, FakeList> Lists { get { lock (gate) { return new Dictionary<long, FakeList>(lists); } } }
    public IReadOnlyDictionary<long, FakeSegment> Segments { get { lock (gate) { return new Dictionary<long, FakeSegment>(segments); } } }
    /// <summary>The form fields of every token request, in order.</summary>
    public IReadOnlyList<IReadOnlyDictionary<string, string>> TokenRequests { get { lock (gate) { return [.. tokenRequests]; } } }
    public int TokensIssued => TokenRequests.Count;
    /// <summary>Every request as <c>"METHOD /path"</c>, in order.</summary>
    public IReadOnlyList<string> Calls => [.. server.LogEntries.Select(entry => $"{entry.RequestMessage.Method} {entry.RequestMessage.Path}")];

    /// <summary>Every token issued so far is now refused with 401 (as when it expired or was revoked on VK's side).</summary>
    public void ExpireTokens()
    {
        lock (gate) { liveTokens.Clear(); }
    }

    public void SetListStatus(long listId, string status, long? usersCount = null)
    {
        lock (gate) { lists[listId] = lists[listId] with { Status = status, UsersCount = usersCount }; }
    }

    /// <summary>
    /// The next <paramref name="times"/> calls — of any kind but the token request, or only those starting with
    /// <paramref name="call"/> (<c>"POST /api/v2/remarketing/segments.json"</c>, <see cref="TokenCall"/>) — get this answer.
    /// </summary>
    public void FailNext(int status, string? body = null, TimeSpan? retryAfter = null, int times = 1, string? call = null)
    {
        lock (gate) { failures.Add(new Failure(status, body, retryAfter, times, call)); }
    }

    /// <summary>
    /// The client as the app gets it: <c>AddVkAds</c> over settings pointing at this fake, on <paramref name="time"/>,
    /// with <paramref name="shopId"/>'s credentials set to these values (null: not set). Retries keep their count but
    /// not their waits, so tests stay fast.
    /// </summary>
    public IAdSystemClient CreateClient(TimeProvider time, string shopId, string? clientId = ClientId, string? clientSecret = ClientSecret)
    {
        var settings = new Dictionary<string, string?>
        {
            [VkAdsRegistration.BaseUrlKey] = BaseUrl,
            [VkAdsCredentials.ClientIdKey(shopId)] = clientId,
            [VkAdsCredentials.ClientSecretKey(shopId)] = clientSecret,
        };
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection().AddSingleton(time).AddVkAds(configuration, NoWaits);
        var provider = services.BuildServiceProvider();
        lock (gate) { providers.Add(provider); }
        return provider.GetServices<IAdSystemClient>().Single(client => client.System == "vk");
    }

    static void NoWaits(HttpStandardResilienceOptions options)
    {
        options.Retry.Delay = TimeSpan.Zero;
        options.Retry.ShouldRetryAfterHeader = false;
    }

    public void Dispose()
    {
        foreach (var provider in providers)
        {
            provider.Dispose();
        }
        server.Stop();
        server.Dispose();
    }

    async Task<IResponseMessage> Answer(IRequestMessage request)
    {
        var call = $"{request.Method} {request.Path}";
        if (TakeFailure(call) is { } failure)
        {
            return Reply(failure.Status, failure.Body, failure.RetryAfter);
        }
        if (call == TokenCall)
        {
            return IssueToken(request);
        }
        if (!Authorized(request))
        {
            return Error(401, "invalid_token", "Access token is invalid or expired");
        }
        if (Route(request, "POST", VkAdsFacts.UsersListsPath) is not null)
        {
            return await UploadAsync(request);
        }
        if (Route(request, "GET", VkAdsFacts.UsersListPath) is { } read)
        {
            lock (gate) { return lists.TryGetValue(read["id"], out var list) ? Json(200, ListJson(list)) : NotFound(); }
        }
        if (Route(request, "DELETE", VkAdsFacts.UsersListPath) is { } delete)
        {
            return DeleteList(delete["id"]);
        }
        if (Route(request, "POST", VkAdsFacts.SegmentsPath) is not null)
        {
            return CreateSegment(JsonNode.Parse(request.Body!)!);
        }
        if (Route(request, "GET", VkAdsFacts.SegmentRelationsPath) is { } relations)
        {
            lock (gate)
            {
                return segments.TryGetValue(relations["segmentId"], out var segment)
                    ? Json(200, new JsonObject { [VkAdsFacts.ItemsProperty] = new JsonArray([.. segment.Relations.Select(RelationJson)]), ["count"] = segment.Relations.Count })
                    : NotFound();
            }
        }
        if (Route(request, "POST", VkAdsFacts.SegmentRelationsPath) is { } add)
        {
            return AddRelation(add["segmentId"], JsonNode.Parse(request.Body!)!);
        }
        if (Route(request, "DELETE", VkAdsFacts.SegmentRelationPath) is { } remove)
        {
            return RemoveRelation(remove["segmentId"], remove["relationId"]);
        }
        return Error(404, "not_found", $"no such endpoint: {call}");
    }

    Failure? TakeFailure(string call)
    {
        lock (gate)
        {
            var index = failures.FindIndex(f => f.Call is null ? call != TokenCall : call.StartsWith(f.Call, StringComparison.Ordinal));
            if (index < 0)
            {
                return null;
            }
            var failure = failures[index];
            if (failure.Times <= 1)
            {
                failures.RemoveAt(index);
            }
            else
            {
                failures[index] = failure with { Times = failure.Times - 1 };
            }
            return failure;
        }
    }

    ResponseMessage IssueToken(IRequestMessage request)
    {
        var form = QueryHelpers.ParseQuery(request.Body).ToDictionary(field => field.Key, field => field.Value.ToString());
        lock (gate)
        {
            tokenRequests.Add(form);
            if (form.GetValueOrDefault("client_id") != ClientId || form.GetValueOrDefault("client_secret") != ClientSecret)
            {
                return Json(401, new JsonObject { ["error"] = "invalid_client", ["error_description"] = "Invalid client id or secret" });
            }
            var token = $"token-{tokenRequests.Count}";
            liveTokens.Add(token);
            return Json(200, new JsonObject
            {
                ["access_token"] = token,
                ["token_type"] = "bearer",
                ["expires_in"] = (long)TokenLifetime.TotalSeconds,
                ["refresh_token"] = $"refresh-{tokenRequests.Count}",
            });
        }
    }

    bool Authorized(IRequestMessage request)
    {
        var header = request.Headers is { } headers && headers.TryGetValue("Authorization", out var values) ? values.FirstOrDefault() : null;
        lock (gate)
        {
            return header is not null && header.StartsWith("Bearer ", StringComparison.Ordinal) && liveTokens.Contains(header["Bearer ".Length..]);
        }
    }

    async Task<ResponseMessage> UploadAsync(IRequestMessage request)
    {
        var boundary = HeaderUtilities.RemoveQuotes(MediaTypeHeaderValue.Parse(request.Headers!["Content-Type"].First()).Boundary).Value!;
        var reader = new MultipartReader(boundary, new MemoryStream(request.BodyAsBytes!));
        var parts = new Dictionary<string, (byte[] Bytes, string? FileName)>();
        while (await reader.ReadNextSectionAsync() is { } section)
        {
            var disposition = ContentDispositionHeaderValue.Parse(section.ContentDisposition);
            using var bytes = new MemoryStream();
            await section.Body.CopyToAsync(bytes);
            parts[HeaderUtilities.RemoveQuotes(disposition.Name).Value!] = (bytes.ToArray(), HeaderUtilities.RemoveQuotes(disposition.FileName).Value);
        }
        if (!parts.TryGetValue("file", out var file) || !parts.TryGetValue("name", out var name) || !parts.TryGetValue("type", out var type))
        {
            return Error(400, "invalid_data", $"file, name and type are required; got {string.Join(", ", parts.Keys)}");
        }
        lock (gate)
        {
            var list = new FakeList(++nextId, Encoding.UTF8.GetString(name.Bytes), Encoding.UTF8.GetString(type.Bytes), file.Bytes, file.FileName, NewListStatus, null);
            lists[list.Id] = list;
            return Json(201, ListJson(list));
        }
    }

    ResponseMessage DeleteList(long id)
    {
        lock (gate)
        {
            if (!lists.ContainsKey(id))
            {
                return NotFound();
            }
            if (segments.Values.Any(segment => segment.Relations.Any(relation => relation.SourceId == id)))
            {
                return Error(400, "in_use", $"users list {id} is used in a segment");
            }
            lists.Remove(id);
            return Reply(204, null, null);
        }
    }

    ResponseMessage CreateSegment(JsonNode body)
    {
        lock (gate)
        {
            var id = ++nextId;
            var relations = body["relations"]!.AsArray().Select(relation => Relation(relation!)).ToList();
            var segment = new FakeSegment(id, (string)body["name"]!, (int)body["pass_condition"]!, relations);
            segments[id] = segment;
            return Json(201, new JsonObject { ["id"] = id, ["name"] = segment.Name, ["pass_condition"] = segment.PassCondition });
        }
    }

    ResponseMessage AddRelation(long segmentId, JsonNode body)
    {
        lock (gate)
        {
            if (!segments.TryGetValue(segmentId, out var segment))
            {
                return NotFound();
            }
            var relation = Relation(body);
            segments[segmentId] = segment with { Relations = [.. segment.Relations, relation] };
            return Json(201, RelationJson(relation));
        }
    }

    ResponseMessage RemoveRelation(long segmentId, long relationId)
    {
        lock (gate)
        {
            if (!segments.TryGetValue(segmentId, out var segment) || segment.Relations.All(relation => relation.Id != relationId))
            {
                return NotFound();
            }
            segments[segmentId] = segment with { Relations = [.. segment.Relations.Where(relation => relation.Id != relationId)] };
            return Reply(204, null, null);
        }
    }

    /// <summary>Called under the lock.</summary>
    FakeRelation Relation(JsonNode relation) =>
        new(++nextId, (string)relation["object_type"]!, (long)relation["params"]!["source_id"]!, (string)relation["params"]!["type"]!);

    static JsonObject ListJson(FakeList list) => new()
    {
        ["id"] = list.Id,
        ["name"] = list.Name,
        ["type"] = list.Type,
        ["status"] = list.Status,
        [VkAdsFacts.MatchedCountProperty] = list.UsersCount,
    };

    static JsonNode RelationJson(FakeRelation relation) => new JsonObject
    {
        ["id"] = relation.Id,
        ["object_type"] = relation.ObjectType,
        ["params"] = new JsonObject { ["source_id"] = relation.SourceId, ["type"] = relation.Type },
    };

    /// <summary>The path's numbers by name when <paramref name="request"/> is <paramref name="method"/> on <paramref name="template"/>; else null.</summary>
    static Dictionary<string, long>? Route(IRequestMessage request, string method, string template)
    {
        if (request.Method != method)
        {
            return null;
        }
        var pattern = "^" + Regex.Replace(Regex.Escape(template), @"\\\{(\w+)}", "(?<$1>[0-9]+)") + "$";
        var match = Regex.Match(request.Path, pattern);
        return match.Success
            ? match.Groups.Values.Where(group => !int.TryParse(group.Name, out _)).ToDictionary(group => group.Name, group => long.Parse(group.Value))
            : null;
    }

    static ResponseMessage NotFound() => Error(404, "not_found", "Object not found");

    static ResponseMessage Error(int status, string code, string message) =>
        Json(status, new JsonObject { ["error"] = new JsonObject { ["code"] = code, ["message"] = message } });

    static ResponseMessage Json(int status, JsonNode body) => Reply(status, body.ToJsonString(), null);

    static ResponseMessage Reply(int status, string? body, TimeSpan? retryAfter)
    {
        var response = new ResponseMessage { StatusCode = status };
        if (body is not null)
        {
            response.BodyData = new BodyData { BodyAsString = body, DetectedBodyType = BodyType.String, Encoding = Encoding.UTF8 };
            response.AddHeader("Content-Type", body.StartsWith('{') || body.StartsWith('[') ? "application/json" : "text/plain");
        }
        if (retryAfter is { } wait)
        {
            response.AddHeader("Retry-After", ((int)wait.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        return response;
    }

    sealed record Failure(int Status, string? Body, TimeSpan? RetryAfter, int Times, string? Call);
}

sealed record FakeList(long Id, string Name, string Type, byte[] File, string? FileName, string Status, long? UsersCount);

sealed record FakeSegment(long Id, string Name, int PassCondition, IReadOnlyList<FakeRelation> Relations);

sealed record FakeRelation(long Id, string ObjectType, long SourceId, string Type);
