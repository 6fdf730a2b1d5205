using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using WireMock;
using WireMock.Types;
using WireMock.Util;

namespace Hub.Tests.Audiences.Yandex;

/// <summary>The fake's answers, in the shapes ad-systems.md §1 documents. Written by hand, not with the client's DTOs.</summary>
static class YandexFakeReplies
{
    public static ResponseMessage Segment(FakeSegment segment) => Json(200, new JsonObject { ["segment"] = Describe(segment) });

    public static ResponseMessage Segments(IEnumerable<FakeSegment> segments) =>
        Json(200, new JsonObject { ["segments"] = new JsonArray(segments.Select(s => (JsonNode)Describe(s)).ToArray()) });

    /// <summary><c>{"errors":[{"error_type","message","location"}],"code":…,"message":…}</c>.</summary>
    public static ResponseMessage Error(int status, string errorType, string message, string? location = null, TimeSpan? retryAfter = null)
    {
        var error = new JsonObject { ["error_type"] = errorType, ["message"] = message };
        if (location is not null)
        {
            error["location"] = location;
        }
        var reply = Json(status, new JsonObject { ["errors"] = new JsonArray(error), ["code"] = status, ["message"] = message });
        if (retryAfter is { } after)
        {
            reply.AddHeader("Retry-After", ((long)after.TotalSeconds).ToString(CultureInfo.InvariantCulture));
        }
        return reply;
    }

    static JsonObject Describe(FakeSegment s)
    {
        var json = new JsonObject
        {
            ["type"] = "uploading",
            ["id"] = s.Id,
            ["name"] = s.Name,
            ["status"] = s.Status,
            ["create_time"] = s.Created.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            ["owner"] = "hub-test",
            ["has_guests"] = false,
            ["guest_quantity"] = 0,
            ["can_create_dependent"] = false,
            ["has_derivatives"] = false,
            ["item_quantity"] = s.Rows,
            ["valid_unique_quantity"] = s.UniqueRows,
            ["valid_unique_percentage"] = s.Rows == 0 ? 0 : Math.Round(100.0 * s.UniqueRows / s.Rows, 2),
        };
        if (s.Saved)
        {
            json["content_type"] = s.ContentType;
            json["hashed"] = s.Hashed;
            json["used_hashing_alg"] = s.HashingAlg;
        }
        if (s.Matched is { } matched)
        {
            json["matched_quantity"] = matched;
            json["matched_percentage"] = s.UniqueRows == 0 ? 0 : Math.Round(100.0 * matched / s.UniqueRows, 2);
            json["cookies_matched_quantity"] = matched;
        }
        return json;
    }

    static ResponseMessage Json(int status, JsonNode body)
    {
        var reply = new ResponseMessage
        {
            StatusCode = status,
            BodyData = new BodyData { BodyAsString = body.ToJsonString(), DetectedBodyType = BodyType.String, Encoding = Encoding.UTF8 },
        };
        reply.AddHeader("Content-Type", "application/json; charset=utf-8");
        return reply;
    }
}

/// <summary>A segment's state inside the fake.</summary>
sealed class FakeSegment(long id, string? name, DateTimeOffset created)
{
    public long Id { get; } = id;
    public string? Name { get; set; } = name;
    public string Status { get; set; } = "uploaded";
    public Queue<string> NextStatuses { get; } = new();
    public bool Saved { get; set; }
    public long Rows { get; set; }
    public long UniqueRows { get; set; }
    public long? Matched { get; set; }
    public string? ContentType { get; set; }
    public bool? Hashed { get; set; }
    public string? HashingAlg { get; set; }
    public DateTimeOffset Created { get; } = created;

    /// <summary>Rows and unique rows of a CSV file: the lines after the header that are not blank.</summary>
    public void Count(byte[] file)
    {
        var lines = Encoding.UTF8.GetString(file).Split('\n').Skip(1).Select(l => l.TrimEnd('\r')).Where(l => l.Trim().Length > 0).ToList();
        Rows = lines.Count;
        UniqueRows = lines.Distinct(StringComparer.Ordinal).Count();
    }

    public YandexFakeSegment Snapshot() => new(Id, Name, Status, Saved, Rows, UniqueRows, Matched, ContentType, Hashed, HashingAlg);
}
