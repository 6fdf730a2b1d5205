namespace Hub.Audiences.Yandex;

/// <summary>
/// Yandex's <c>UploadingSegment</c> (ad-systems.md §1.2), as far as the hub reads it. Names are snake_case on the wire
/// (<see cref="Hub.Http.HttpApis.SnakeCase"/>). <c>create_time</c> stays a string: its format is not documented.
/// </summary>
internal sealed record YandexSegment(
    long Id,
    string? Name = null,
    string? Status = null,
    string? Type = null,
    string? ContentType = null,
    bool? Hashed = null,
    string? UsedHashingAlg = null,
    long? ItemQuantity = null,
    long? ValidUniqueQuantity = null,
    double? ValidUniquePercentage = null,
    long? MatchedQuantity = null,
    double? MatchedPercentage = null,
    long? CookiesMatchedQuantity = null,
    string? CreateTime = null);

/// <summary>The reply to upload, confirm and modify_data: <c>{"segment": {...}}</c>.</summary>
internal sealed record YandexSegmentReply(YandexSegment? Segment);

/// <summary>The reply to <c>GET segments</c>: <c>{"segments": [...]}</c>.</summary>
internal sealed record YandexSegmentList(IReadOnlyList<YandexSegment>? Segments);

/// <summary>The confirm body: <c>{"segment":{"id":…,"name":…,"hashed":true,"hashing_alg":"SHA256","content_type":"crm"}}</c>.</summary>
internal sealed record YandexConfirmRequest(YandexConfirmSegment Segment)
{
    public static YandexConfirmRequest HashedCrm(long id, string name) =>
        new(new YandexConfirmSegment(id, name, Hashed: true, YandexAudience.HashingAlgorithm, YandexAudience.ContentType));
}

internal sealed record YandexConfirmSegment(long Id, string Name, bool Hashed, string HashingAlg, string ContentType);
