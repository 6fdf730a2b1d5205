using System.Text.Json.Serialization;
using Refit;

namespace Hub.Audiences.VkAds;

/// <summary>The token request's form fields [OFF].</summary>
internal sealed record VkTokenRequest(
    [property: AliasAs("grant_type")] string GrantType,
    [property: AliasAs("client_id")] string ClientId,
    [property: AliasAs("client_secret")] string ClientSecret);

/// <summary>The token answer [OFF]: <c>expires_in</c> is in seconds (86400 in the docs' example).</summary>
internal sealed record VkToken(string AccessToken, string? TokenType, long ExpiresIn, string? RefreshToken);

/// <summary>A remarketing users list as VK reports it; only the fields the sync reads.</summary>
internal sealed record VkUsersList(
    long Id,
    string? Name,
    string? Type,
    string? Status,
    [property: JsonPropertyName(VkAdsFacts.MatchedCountProperty)] long? UsersCount);

/// <summary>A new segment: <c>{"name":…,"pass_condition":1,"relations":[…]}</c> [3P].</summary>
internal sealed record VkSegmentRequest(string Name, int PassCondition, IReadOnlyList<VkRelation> Relations);

internal sealed record VkSegment(long Id, string? Name);

/// <summary>One relation of a segment: <c>{"object_type":"remarketing_users_list","params":{"source_id":…,"type":"positive"}}</c>; VK adds an <c>id</c>.</summary>
internal sealed record VkRelation(string ObjectType, VkRelationParams Params, long? Id = null)
{
    public static VkRelation IncludeList(long listId) =>
        new(VkAdsFacts.UsersListObjectType, new VkRelationParams(listId, VkAdsFacts.PositiveRelation));

    public bool IsUsersList => string.Equals(ObjectType, VkAdsFacts.UsersListObjectType, StringComparison.OrdinalIgnoreCase);
}

internal sealed record VkRelationParams(long SourceId, string Type);
