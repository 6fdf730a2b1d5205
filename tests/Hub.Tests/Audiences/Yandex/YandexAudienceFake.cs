using System.Globalization;
using System.Text.Json.Nodes;
using Hub.Audiences.Yandex;
using WireMock;
using WireMock.Matchers;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace Hub.Tests.Audiences.Yandex;

/// <summary>
/// Yandex Audience's management API on loopback (WireMock.Net), with the request and reply shapes of
/// ../shared/specs/ad-systems.md §1: <c>POST segments/upload_csv_file</c>, <c>POST segment/{id}/confirm</c>,
/// <c>POST segment/{id}/modify_data</c>, <c>GET segments</c>. It keeps segments, records every request and every
/// accepted file, and lets a test steer what Yandex reports next:
/// <code>
/// using var fake = new YandexAudienceFake();
/// settings: fake.Settings("shop-1", "token")         // Audiences:Yandex:BaseUrl + Shops:shop-1:YandexAudienceToken
/// fake.SetStatus(fake.LastSegmentId, "processed", matched: 150);
/// fake.SetStatuses(id, "is_processed", "processed"); // one per GET segments, the last one stays
/// fake.QuotaNext(retryAfter: TimeSpan.FromSeconds(30));
/// fake.Uploads, fake.Confirms, fake.Requests, fake.Creates, fake.Modifies
/// </code>
/// It is strict where the hub must be: every call needs <c>Authorization: OAuth &lt;token&gt;</c> (401 otherwise),
/// a confirm must say <c>crm</c>, <c>hashed: true</c>, <c>SHA256</c> (400 <c>invalid_parameter</c> otherwise), and with
/// <c>check_size=true</c> (the default) a file under <see cref="MinimumRows"/> rows is refused.
/// </summary>
public sealed partial class YandexAudienceFake : IDisposable
{
    public const string Upload = "upload_csv_file";
    public const string Confirm = "confirm";
    public const string Modify = "modify_data";
    public const string List = "segments";
    public const string QuotaMessage = "Quota exceeded for segment modifications. Try again later.";
    /// <summary>UNCONFIRMED (ad-systems.md §1.6): the error Yandex gives for a small file with check_size=true is not documented.</summary>
    public const string TooFewRowsMessage = "Segment size is less than the minimum of 100 records.";

    const string Root = "/v1/management";
    readonly WireMockServer server = WireMockServer.Start();
    readonly Lock gate = new();
    readonly SortedDictionary<long, FakeSegment> segments = [];
    readonly List<YandexFakeRequest> requests = [];
    readonly List<YandexFakeUpload> uploads = [];
    readonly List<YandexFakeConfirm> confirms = [];
    readonly List<(int Status, string ErrorType, string Message, TimeSpan? RetryAfter, string? Endpoint)> failures = [];
    long nextId = 7_000_001;
    int creates;
    int modifies;

    public YandexAudienceFake()
    {
        Route("POST", "/segments/upload_csv_file$", Upload, UploadAsync);
        Route("POST", @"/segment/(\d+)/confirm$", Confirm, ConfirmAsync);
        Route("POST", @"/segment/(\d+)/modify_data$", Modify, ModifyAsync);
        Route("GET", "/segments$", List, ListAsync);
    }

    /// <summary>What <c>Audiences:Yandex:BaseUrl</c> should be: the fake's root, like <c>https://api-audience.yandex.ru/v1/management</c>.</summary>
    public string BaseUrl => server.Url + Root;

    /// <summary>When set, a token other than this one is answered 401 <c>unauthorized</c>.</summary>
    public string? ExpectedToken { get; set; }

    /// <summary>Rows a file needs when <c>check_size=true</c> (Yandex: 100).</summary>
    public int MinimumRows { get; set; } = 100;

    /// <summary>The status a segment reports once confirmed (Yandex starts matching it).</summary>
    public string StatusAfterConfirm { get; set; } = "is_processed";

    /// <summary>The status a segment reports after its data was modified.</summary>
    public string StatusAfterModify { get; set; } = "is_updated";

    /// <summary>The configuration a client of this fake needs for <paramref name="shopId"/>.</summary>
    public Dictionary<string, string?> Settings(string shopId, string token) => new()
    {
        [YandexAudience.BaseUrlKey] = BaseUrl,
        [YandexAudienceTokens.Key(shopId)] = token,
    };

    public IReadOnlyList<YandexFakeRequest> Requests { get { lock (gate) { return requests.ToList(); } } }
    public IReadOnlyList<YandexFakeUpload> Uploads { get { lock (gate) { return uploads.ToList(); } } }
    public IReadOnlyList<YandexFakeConfirm> Confirms { get { lock (gate) { return confirms.ToList(); } } }
    /// <summary>Segments created: uploaded and then saved by a confirm.</summary>
    public int Creates { get { lock (gate) { return creates; } } }
    /// <summary>Accepted <c>modify_data</c> calls.</summary>
    public int Modifies { get { lock (gate) { return modifies; } } }
    public IReadOnlyList<YandexFakeSegment> Segments { get { lock (gate) { return segments.Values.Select(s => s.Snapshot()).ToList(); } } }
    public long LastSegmentId { get { lock (gate) { return segments.Count > 0 ? segments.Keys.Max() : throw new InvalidOperationException("No segment was uploaded yet."); } } }

    public YandexFakeSegment Segment(long id) { lock (gate) { return Find(id).Snapshot(); } }

    /// <summary>The segment reports <paramref name="status"/> from now on (and <paramref name="matched"/> IDs, when given).</summary>
    public void SetStatus(long id, string status, long? matched = null)
    {
        lock (gate)
        {
            var segment = Find(id);
            segment.NextStatuses.Clear();
            segment.Status = status;
            segment.Matched = matched ?? segment.Matched;
        }
    }

    /// <summary>Each <c>GET segments</c> reports the next of <paramref name="statuses"/>; the last one stays.</summary>
    public void SetStatuses(long id, params string[] statuses)
    {
        lock (gate)
        {
            var segment = Find(id);
            segment.NextStatuses.Clear();
            foreach (var status in statuses)
            {
                segment.NextStatuses.Enqueue(status);
            }
        }
    }

    /// <summary>Yandex no longer has the segment (deleted in the UI).</summary>
    public void Delete(long id) { lock (gate) { segments.Remove(id); } }

    /// <summary>
    /// The next <paramref name="times"/> requests (to <paramref name="endpoint"/> only, when given) are answered
    /// <paramref name="status"/> with Yandex's error body, and a Retry-After header when <paramref name="retryAfter"/> is given.
    /// </summary>
    public void FailNext(int status, string errorType, string message, int times = 1, TimeSpan? retryAfter = null, string? endpoint = null)
    {
        lock (gate)
        {
            for (var i = 0; i < times; i++)
            {
                failures.Add((status, errorType, message, retryAfter, endpoint));
            }
        }
    }

    /// <summary>The next requests are refused as over quota: 429, <c>error_type: quota</c>.</summary>
    public void QuotaNext(int times = 1, TimeSpan? retryAfter = null, string? endpoint = null) =>
        FailNext(429, "quota", QuotaMessage, times, retryAfter, endpoint);

    public void Dispose()
    {
        server.Stop();
        server.Dispose();
    }

    delegate Task<ResponseMessage> Handler(IRequestMessage request, long? id, IReadOnlyDictionary<string, string> query, string? authorization);

    void Route(string method, string pathPattern, string endpoint, Handler handle) =>
        server.Given(Request.Create().WithPath(new RegexMatcher("^" + Root + pathPattern)).UsingMethod(method))
            .RespondWith(Response.Create().WithCallback(async request =>
            {
                var match = System.Text.RegularExpressions.Regex.Match(request.Path, pathPattern);
                long? id = match.Groups.Count > 1 ? long.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : null;
                var query = (request.Query ?? new Dictionary<string, WireMock.Types.WireMockList<string>>())
                    .ToDictionary(q => q.Key, q => string.Join(",", q.Value), StringComparer.Ordinal);
                var authorization = Header(request, "Authorization");
                var reply = Refusal(endpoint, authorization) ?? await handle(request, id, query, authorization);
                lock (gate)
                {
                    requests.Add(new YandexFakeRequest(method, endpoint, id, query, authorization,
                        endpoint == Confirm ? request.Body : null, (int)reply.StatusCode!));
                }
                return (IResponseMessage)reply;
            }));

    /// <summary>An injected failure, else a missing or wrong token.</summary>
    ResponseMessage? Refusal(string endpoint, string? authorization)
    {
        lock (gate)
        {
            var index = failures.FindIndex(f => f.Endpoint is null || f.Endpoint == endpoint);
            if (index >= 0)
            {
                var failure = failures[index];
                failures.RemoveAt(index);
                return YandexFakeReplies.Error(failure.Status, failure.ErrorType, failure.Message, retryAfter: failure.RetryAfter);
            }
        }
        const string scheme = "OAuth ";
        if (authorization is null || !authorization.StartsWith(scheme, StringComparison.Ordinal) || authorization.Length == scheme.Length
            || (ExpectedToken is { } expected && authorization[scheme.Length..] != expected))
        {
            return YandexFakeReplies.Error(401, "unauthorized", "Invalid OAuth token");
        }
        return null;
    }

    FakeSegment Find(long id) =>
        segments.TryGetValue(id, out var segment) ? segment : throw new KeyNotFoundException($"The fake has no segment {id}.");

    /// <summary><c>check_size</c> defaults to true (ad-systems.md §1.2).</summary>
    static bool CheckSize(IReadOnlyDictionary<string, string> query) =>
        !query.TryGetValue("check_size", out var value) || !value.Equals("false", StringComparison.OrdinalIgnoreCase);

    static string? Header(IRequestMessage request, string name) =>
        request.Headers?.FirstOrDefault(h => h.Key.Equals(name, StringComparison.OrdinalIgnoreCase)).Value?.FirstOrDefault();

    static string? Text(JsonObject? body, string name) =>
        body?[name] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    static bool? Bool(JsonObject? body, string name) =>
        body?[name] is JsonValue value && value.TryGetValue<bool>(out var flag) ? flag : null;
}
