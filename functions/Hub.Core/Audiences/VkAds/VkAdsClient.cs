using System.Net;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Refit;

namespace Hub.Audiences.VkAds;

/// <summary>
/// VK Ads audiences. VK targets a segment, not a file: an audience here is a remarketing users list (the uploaded
/// file, type <see cref="VkAdsFacts.PhonesListType"/>) wrapped in a segment, and its remote id is
/// <c>"{segmentId}:{listId}"</c> (<see cref="VkAdsRemoteId"/>). VK has no documented way to replace a list's
/// contents, so a replace uploads a new list, points the segment at it and deletes the old list: the segment id —
/// what campaigns use — stays, the list id changes.
/// </summary>
internal sealed class VkAdsClient(IVkAdsApi api, VkAdsTokens tokens, TimeProvider time, ILogger<VkAdsClient>? logger = null) : IAdSystemClient
{
    public const string SystemId = "vk";
    /// <summary>How the uploaded file is labelled in the multipart <c>file</c> part (the platform takes txt or csv).</summary>
    public const string UploadFileName = "audience.txt";
    public const string UploadContentType = "text/plain";

    readonly ILogger log = logger ?? NullLogger<VkAdsClient>.Instance;

    public string System => SystemId;

    public async Task<RemoteAudience> CreateAsync(string shopId, string name, Stream file, CancellationToken cancellationToken = default)
    {
        var list = await UploadAsync(shopId, name, file, cancellationToken);
        VkSegment segment;
        try
        {
            var request = new VkSegmentRequest(name, VkAdsFacts.PassConditionAny, [VkRelation.IncludeList(list.Id)]);
            segment = await CallAsync(shopId, token => api.CreateSegmentAsync(token, request, cancellationToken), cancellationToken);
        }
        catch (AdSystemException)
        {
            await DeleteListAsync(shopId, list.Id, cancellationToken);
            throw;
        }
        return Audience(new VkAdsRemoteId(segment.Id, list.Id), list);
    }

    /// <summary>
    /// Uploads the new list, adds it to the segment, then removes every other users-list relation of the segment (so a
    /// replace that failed halfway is healed by the next one) and deletes the list named in <paramref name="remoteId"/>
    /// (see <see cref="DeleteListAsync"/>).
    /// </summary>
    public async Task<RemoteAudience> ReplaceAsync(string shopId, string remoteId, Stream file, CancellationToken cancellationToken = default)
    {
        var (segmentId, oldListId) = VkAdsRemoteId.Parse(remoteId);
        var old = await FindListAsync(shopId, oldListId, cancellationToken);
        var list = await UploadAsync(shopId, old?.Name ?? $"hub segment {segmentId}", file, cancellationToken);
        try
        {
            await CallAsync(shopId, token => api.AddSegmentRelationAsync(token, segmentId, VkRelation.IncludeList(list.Id), cancellationToken), cancellationToken);
        }
        catch (AdSystemException)
        {
            await DeleteListAsync(shopId, list.Id, cancellationToken);
            throw;
        }
        var relations = VkRelations.Read(await CallAsync(shopId, token => api.GetSegmentRelationsAsync(token, segmentId, cancellationToken), cancellationToken));
        foreach (var stale in relations.Where(relation => relation.IsUsersList && relation.Params?.SourceId != list.Id))
        {
            var relationId = stale.Id ?? throw new AdSystemException(SystemId, null, null,
                $"segment {segmentId} still includes list {stale.Params?.SourceId}, but VK gave that relation no id to delete it by");
            await CallAsync(shopId, token => api.DeleteSegmentRelationAsync(token, segmentId, relationId, cancellationToken), cancellationToken);
        }
        await DeleteListAsync(shopId, oldListId, cancellationToken);
        return Audience(new VkAdsRemoteId(segmentId, list.Id), list);
    }

    public async Task<RemoteAudience?> GetAsync(string shopId, string remoteId, CancellationToken cancellationToken = default)
    {
        var id = VkAdsRemoteId.Parse(remoteId);
        var list = await FindListAsync(shopId, id.ListId, cancellationToken);
        return list is null ? null : Audience(id, list);
    }

    static RemoteAudience Audience(VkAdsRemoteId id, VkUsersList list) =>
        new(id.ToString(), VkAdsFacts.MapListStatus(list.Status), list.Status ?? "", Matched: list.UsersCount);

    async Task<VkUsersList> UploadAsync(string shopId, string name, Stream file, CancellationToken cancellationToken)
    {
        // A 401 sends the file again, so it must be readable twice: a stream that cannot seek is copied to a temp file first.
        await using var copy = file.CanSeek ? null : await CopyToTempFileAsync(file, cancellationToken);
        var source = copy ?? file;
        var start = source.Position;
        return await CallAsync(shopId, token =>
        {
            source.Position = start;
            var part = new StreamPart(source, UploadFileName, UploadContentType);
            return api.UploadUsersListAsync(token, part, name, VkAdsFacts.PhonesListType, cancellationToken);
        }, cancellationToken);
    }

    async Task<VkUsersList?> FindListAsync(string shopId, long listId, CancellationToken cancellationToken)
    {
        try
        {
            return await CallAsync(shopId, token => api.GetUsersListAsync(token, listId, cancellationToken), cancellationToken);
        }
        catch (AdSystemException gone) when (gone.HttpStatus == (int)HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    /// <summary>
    /// Deletes a list no segment uses any more. This is clean-up: the audience is already right, and an unused list is
    /// removed by VK after 60 days anyway, so a failure is logged, never thrown (nor hides the failure that led here).
    /// </summary>
    async Task DeleteListAsync(string shopId, long listId, CancellationToken cancellationToken)
    {
        try
        {
            await CallAsync(shopId, token => api.DeleteUsersListAsync(token, listId, cancellationToken), cancellationToken);
        }
        catch (AdSystemException gone) when (gone.HttpStatus == (int)HttpStatusCode.NotFound)
        {
        }
        catch (AdSystemException failed)
        {
            log.LogWarning(failed, "VK Ads: could not delete list {ListId} of shop {ShopId}; VK removes unused lists after 60 days", listId, shopId);
        }
    }

    Task CallAsync(string shopId, Func<string, Task> call, CancellationToken cancellationToken) =>
        CallAsync(shopId, async token =>
        {
            await call(token);
            return true;
        }, cancellationToken);

    /// <summary>Runs one API call with the shop's token; on 401 drops the token and runs it once more with a fresh one.</summary>
    async Task<T> CallAsync<T>(string shopId, Func<string, Task<T>> call, CancellationToken cancellationToken)
    {
        try
        {
            var token = await tokens.GetAsync(shopId, cancellationToken);
            try
            {
                return await call(token);
            }
            catch (ApiException refused) when (refused.StatusCode == HttpStatusCode.Unauthorized)
            {
                tokens.Forget(shopId, token);
                return await call(await tokens.GetAsync(shopId, cancellationToken));
            }
        }
        catch (Exception failure) when (VkAdsErrors.From(failure, time, cancellationToken) is { } translated)
        {
            throw translated;
        }
    }

    static async Task<Stream> CopyToTempFileAsync(Stream file, CancellationToken cancellationToken)
    {
        var copy = new FileStream(Path.GetTempFileName(), FileMode.Create, FileAccess.ReadWrite, FileShare.None, 81920,
            FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        await file.CopyToAsync(copy, cancellationToken);
        copy.Position = 0;
        return copy;
    }
}
