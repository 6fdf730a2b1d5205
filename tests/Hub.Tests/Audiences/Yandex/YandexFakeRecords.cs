using System.Text;

namespace Hub.Tests.Audiences.Yandex;

/// <summary>One request the fake received, whatever it answered. <see cref="Body"/> is the JSON body (confirm), null for files.</summary>
public sealed record YandexFakeRequest(
    string Method,
    string Endpoint,
    long? SegmentId,
    IReadOnlyDictionary<string, string> Query,
    string? Authorization,
    string? Body,
    int Status);

/// <summary>A file the fake accepted: a new segment (<c>upload_csv_file</c>) or new data for one (<c>modify_data</c>).</summary>
public sealed record YandexFakeUpload(
    long SegmentId,
    string Endpoint,
    string? ModificationType,
    string PartName,
    string? FileName,
    string? MediaType,
    byte[] Bytes,
    IReadOnlyDictionary<string, string> Query,
    string? Authorization)
{
    public bool IsCreate => Endpoint == YandexAudienceFake.Upload;
    public string Text => Encoding.UTF8.GetString(Bytes);
}

/// <summary>A confirm the fake accepted, with its body as sent and the fields it read from it.</summary>
public sealed record YandexFakeConfirm(
    long SegmentId,
    string Body,
    string? Name,
    string? ContentType,
    bool? Hashed,
    string? HashingAlg,
    IReadOnlyDictionary<string, string> Query,
    string? Authorization);

/// <summary>A segment as the fake holds it now.</summary>
public sealed record YandexFakeSegment(
    long Id,
    string? Name,
    string Status,
    bool Saved,
    long Rows,
    long UniqueRows,
    long? Matched,
    string? ContentType,
    bool? Hashed,
    string? HashingAlg);
