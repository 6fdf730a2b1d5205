using System.Globalization;
using Microsoft.Extensions.Logging;
using Refit;

namespace Hub.Audiences.Yandex;

/// <summary>
/// Yandex Audience as an <see cref="IAdSystemClient"/>: a CRM file becomes a segment by upload + confirm
/// (hashed SHA-256, <c>crm</c>), a refresh replaces the same segment's data, and the state is read from the segment list.
/// The remote id is Yandex's segment id. Tokens and file contents are never logged.
/// </summary>
internal sealed class YandexAudienceClient(
    IYandexAudienceApi api,
    YandexAudienceTokens tokens,
    YandexAudienceFailures failures,
    ILogger<YandexAudienceClient> logger) : IAdSystemClient
{
    public string System => YandexAudience.SystemId;

    public async Task<RemoteAudience> CreateAsync(string shopId, string name, Stream file, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(file);
        var token = tokens.Require(shopId);
        var uploaded = Segment(await failures.Translate(() => api.UploadCsvFileAsync(token, Part(file), cancellationToken), cancellationToken));
        var confirmed = Segment(await failures.Translate(
            () => api.ConfirmAsync(token, uploaded.Id, YandexConfirmRequest.HashedCrm(uploaded.Id, name.Trim()), cancellationToken),
            cancellationToken,
            $"segment {uploaded.Id} was uploaded but not saved"));
        var audience = ToRemote(confirmed);
        logger.LogInformation("Yandex Audience segment {SegmentId} created for shop {ShopId}: {Status}, {Rows} rows",
            audience.RemoteId, shopId, audience.RawStatus, audience.Rows);
        return audience;
    }

    public async Task<RemoteAudience> ReplaceAsync(string shopId, string remoteId, Stream file, CancellationToken cancellationToken = default)
    {
        var id = SegmentId(remoteId);
        ArgumentNullException.ThrowIfNull(file);
        var token = tokens.Require(shopId);
        var replaced = Segment(await failures.Translate(() => api.ReplaceDataAsync(token, id, Part(file), cancellationToken), cancellationToken));
        var audience = ToRemote(replaced);
        logger.LogInformation("Yandex Audience segment {SegmentId} of shop {ShopId} replaced: {Status}, {Rows} rows",
            audience.RemoteId, shopId, audience.RawStatus, audience.Rows);
        return audience;
    }

    public async Task<RemoteAudience?> GetAsync(string shopId, string remoteId, CancellationToken cancellationToken = default)
    {
        var id = SegmentId(remoteId);
        var token = tokens.Require(shopId);
        var list = await failures.Translate(() => api.ListSegmentsAsync(token, cancellationToken), cancellationToken);
        var segment = list?.Segments?.FirstOrDefault(s => s.Id == id);
        return segment is null ? null : ToRemote(segment);
    }

    static StreamPart Part(Stream file) => new(file, YandexAudience.UploadFileName, YandexAudience.UploadMediaType);

    static long SegmentId(string remoteId) =>
        long.TryParse(remoteId, NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id > 0
            ? id
            : throw new ArgumentException($"'{remoteId}' is not a Yandex Audience segment id (a positive number).", nameof(remoteId));

    static YandexSegment Segment(YandexSegmentReply? reply) =>
        reply?.Segment is { Id: > 0 } segment
            ? segment
            : throw new AdSystemException(YandexAudience.SystemId, 200, null, "Yandex Audience answered without a segment.");

    static RemoteAudience ToRemote(YandexSegment segment) => new(
        segment.Id.ToString(CultureInfo.InvariantCulture),
        YandexSegmentStatuses.ToRemote(segment.Status),
        segment.Status ?? "",
        segment.ItemQuantity ?? segment.ValidUniqueQuantity,
        segment.MatchedQuantity);
}
