using Refit;

namespace Hub.Audiences.Yandex;

/// <summary>
/// The Yandex Audience management API calls for CRM file segments (ad-systems.md §1.2). Every call carries the
/// shop's token as <c>Authorization: OAuth &lt;token&gt;</c>. Registered by <see cref="YandexAudienceRegistration"/>.
/// </summary>
internal interface IYandexAudienceApi
{
    /// <summary>Uploads a CSV file as a new, not yet saved segment (status <c>uploaded</c>).</summary>
    [Multipart]
    [Post("/segments/upload_csv_file")]
    Task<YandexSegmentReply> UploadCsvFileAsync([Authorize("OAuth")] string token, [AliasAs("file")] StreamPart file, CancellationToken cancellationToken);

    /// <summary>Saves an uploaded segment; <c>check_size=true</c> refuses files under 100 rows.</summary>
    [Post("/segment/{id}/confirm?check_size=true")]
    Task<YandexSegmentReply> ConfirmAsync([Authorize("OAuth")] string token, long id, [Body(buffered: true)] YandexConfirmRequest body, CancellationToken cancellationToken);

    /// <summary>Overwrites a saved segment's data with a file of the same columns and hashing.</summary>
    [Multipart]
    [Post("/segment/{id}/modify_data?modification_type=replace&check_size=true")]
    Task<YandexSegmentReply> ReplaceDataAsync([Authorize("OAuth")] string token, long id, [AliasAs("file")] StreamPart file, CancellationToken cancellationToken);

    /// <summary>All the account's segments (there is no get-one call).</summary>
    [Get("/segments")]
    Task<YandexSegmentList> ListSegmentsAsync([Authorize("OAuth")] string token, CancellationToken cancellationToken);
}
