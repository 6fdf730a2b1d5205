using System.Text.Json.Nodes;
using WireMock;

namespace Hub.Tests.Audiences.Yandex;

/// <summary>The fake's four endpoints: what each accepts, refuses and answers.</summary>
public sealed partial class YandexAudienceFake
{
    async Task<ResponseMessage> UploadAsync(IRequestMessage request, long? _, IReadOnlyDictionary<string, string> query, string? authorization)
    {
        var file = await YandexFakeFilePart.ReadAsync(Header(request, "Content-Type"), request.BodyAsBytes);
        if (file is null)
        {
            return YandexFakeReplies.Error(400, "missing_parameter", "File is missing: send it as the multipart part 'file'", "file");
        }
        lock (gate)
        {
            var segment = new FakeSegment(nextId++, file.FileName, DateTimeOffset.UtcNow);
            segment.Count(file.Bytes);
            segments[segment.Id] = segment;
            uploads.Add(new YandexFakeUpload(segment.Id, Upload, null, file.Name, file.FileName, file.MediaType, file.Bytes, query, authorization));
            return YandexFakeReplies.Segment(segment);
        }
    }

    Task<ResponseMessage> ConfirmAsync(IRequestMessage request, long? id, IReadOnlyDictionary<string, string> query, string? authorization)
    {
        JsonObject? body = null;
        try
        {
            body = JsonNode.Parse(request.Body ?? "")?["segment"] as JsonObject;
        }
        catch (System.Text.Json.JsonException)
        {
        }
        lock (gate)
        {
            if (!segments.TryGetValue(id!.Value, out var segment))
            {
                return Task.FromResult(YandexFakeReplies.Error(404, "not_found", $"Segment {id} not found"));
            }
            var confirm = new YandexFakeConfirm(id.Value, request.Body ?? "", Text(body, "name"), Text(body, "content_type"),
                Bool(body, "hashed"), Text(body, "hashing_alg"), query, authorization);
            var problem = ConfirmProblem(body, confirm, segment, CheckSize(query));
            if (problem is not null)
            {
                return Task.FromResult(problem);
            }
            confirms.Add(confirm);
            creates += segment.Saved ? 0 : 1;
            segment.Saved = true;
            segment.Name = confirm.Name;
            segment.ContentType = confirm.ContentType;
            segment.Hashed = confirm.Hashed;
            segment.HashingAlg = confirm.HashingAlg;
            segment.Status = StatusAfterConfirm;
            return Task.FromResult(YandexFakeReplies.Segment(segment));
        }
    }

    ResponseMessage? ConfirmProblem(JsonObject? body, YandexFakeConfirm confirm, FakeSegment segment, bool checkSize)
    {
        if (body is null)
        {
            return YandexFakeReplies.Error(400, "missing_parameter", "Body must be {\"segment\": {...}}", "segment");
        }
        if (body["id"] is not JsonValue idValue || !idValue.TryGetValue<long>(out var bodyId) || bodyId != segment.Id)
        {
            return YandexFakeReplies.Error(400, "invalid_parameter", $"segment.id must be {segment.Id}", "segment.id");
        }
        if (string.IsNullOrWhiteSpace(confirm.Name))
        {
            return YandexFakeReplies.Error(400, "missing_parameter", "Segment name is required", "segment.name");
        }
        if (confirm.ContentType != "crm")
        {
            return YandexFakeReplies.Error(400, "invalid_parameter", $"Invalid content_type '{confirm.ContentType}' for a CSV file segment: expected crm", "segment.content_type");
        }
        if (confirm.Hashed != true)
        {
            return YandexFakeReplies.Error(400, "invalid_parameter", "The hub uploads hashed data: hashed must be true", "segment.hashed");
        }
        if (confirm.HashingAlg != "SHA256")
        {
            return YandexFakeReplies.Error(400, "invalid_parameter", $"Invalid hashing_alg '{confirm.HashingAlg}': use SHA256", "segment.hashing_alg");
        }
        return checkSize && segment.Rows < MinimumRows
            ? YandexFakeReplies.Error(400, "invalid_parameter", TooFewRowsMessage, "check_size")
            : null;
    }

    async Task<ResponseMessage> ModifyAsync(IRequestMessage request, long? id, IReadOnlyDictionary<string, string> query, string? authorization)
    {
        var file = await YandexFakeFilePart.ReadAsync(Header(request, "Content-Type"), request.BodyAsBytes);
        query.TryGetValue("modification_type", out var type);
        lock (gate)
        {
            if (!segments.TryGetValue(id!.Value, out var segment))
            {
                return YandexFakeReplies.Error(404, "not_found", $"Segment {id} not found");
            }
            if (type is null)
            {
                return YandexFakeReplies.Error(400, "missing_parameter", "modification_type is required", "modification_type");
            }
            if (type is not ("addition" or "subtraction" or "replace"))
            {
                return YandexFakeReplies.Error(400, "invalid_parameter", $"Invalid modification_type '{type}'", "modification_type");
            }
            if (file is null)
            {
                return YandexFakeReplies.Error(400, "missing_parameter", "File is missing: send it as the multipart part 'file'", "file");
            }
            var counted = new FakeSegment(segment.Id, null, segment.Created);
            counted.Count(file.Bytes);
            var (rows, unique) = type switch
            {
                "replace" => (counted.Rows, counted.UniqueRows),
                "addition" => (segment.Rows + counted.Rows, segment.UniqueRows + counted.UniqueRows),
                _ => (Math.Max(0, segment.Rows - counted.Rows), Math.Max(0, segment.UniqueRows - counted.UniqueRows)),
            };
            if (CheckSize(query) && rows < MinimumRows)
            {
                return YandexFakeReplies.Error(400, "invalid_parameter", TooFewRowsMessage, "check_size");
            }
            (segment.Rows, segment.UniqueRows, segment.Matched) = (rows, unique, null);
            segment.Status = StatusAfterModify;
            segment.NextStatuses.Clear();
            modifies++;
            uploads.Add(new YandexFakeUpload(segment.Id, Modify, type, file.Name, file.FileName, file.MediaType, file.Bytes, query, authorization));
            return YandexFakeReplies.Segment(segment);
        }
    }

    Task<ResponseMessage> ListAsync(IRequestMessage request, long? _, IReadOnlyDictionary<string, string> query, string? authorization)
    {
        lock (gate)
        {
            foreach (var segment in segments.Values.Where(s => s.NextStatuses.Count > 0))
            {
                segment.Status = segment.NextStatuses.Dequeue();
            }
            return Task.FromResult(YandexFakeReplies.Segments(segments.Values));
        }
    }
}
