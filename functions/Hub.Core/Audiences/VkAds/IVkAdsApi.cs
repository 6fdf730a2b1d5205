using System.Text.Json;
using Refit;

namespace Hub.Audiences.VkAds;

/// <summary>
/// The VK Ads calls the audience sync makes (paths and shapes: <see cref="VkAdsFacts"/>). Every call but the token
/// request carries <c>Authorization: Bearer {token}</c>; <see cref="VkAdsClient"/> supplies the token and retries once on 401.
/// </summary>
internal interface IVkAdsApi
{
    [Post(VkAdsFacts.TokenPath)]
    Task<VkToken> TokenAsync([Body(BodySerializationMethod.UrlEncoded)] VkTokenRequest form, CancellationToken cancellationToken);

    [Multipart]
    [Post(VkAdsFacts.UsersListsPath)]
    Task<VkUsersList> UploadUsersListAsync(
        [Authorize("Bearer")] string token,
        [AliasAs("file")] StreamPart file,
        [AliasAs("name")] string name,
        [AliasAs("type")] string type,
        CancellationToken cancellationToken);

    [Get(VkAdsFacts.UsersListPath)]
    Task<VkUsersList> GetUsersListAsync([Authorize("Bearer")] string token, long id, CancellationToken cancellationToken);

    [Delete(VkAdsFacts.UsersListPath)]
    Task DeleteUsersListAsync([Authorize("Bearer")] string token, long id, CancellationToken cancellationToken);

    [Post(VkAdsFacts.SegmentsPath)]
    Task<VkSegment> CreateSegmentAsync([Authorize("Bearer")] string token, [Body] VkSegmentRequest segment, CancellationToken cancellationToken);

    /// <summary>The segment's relations, as VK sends them (shape: <see cref="VkAdsFacts.ItemsProperty"/>; read by <see cref="VkRelations"/>).</summary>
    [Get(VkAdsFacts.SegmentRelationsPath)]
    Task<JsonElement> GetSegmentRelationsAsync([Authorize("Bearer")] string token, long segmentId, CancellationToken cancellationToken);

    [Post(VkAdsFacts.SegmentRelationsPath)]
    Task<VkRelation> AddSegmentRelationAsync([Authorize("Bearer")] string token, long segmentId, [Body] VkRelation relation, CancellationToken cancellationToken);

    [Delete(VkAdsFacts.SegmentRelationPath)]
    Task DeleteSegmentRelationAsync([Authorize("Bearer")] string token, long segmentId, long relationId, CancellationToken cancellationToken);
}
