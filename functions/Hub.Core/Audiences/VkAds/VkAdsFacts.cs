namespace Hub.Audiences.VkAds;

/// <summary>
/// Every detail of the VK Ads API that the client builds on and that official documentation does not confirm, in one
/// place (see ../shared/specs/ad-systems.md §2). [OFF] = official page, [3P] = third-party clients or indexes,
/// [GUESS] = nothing better than a reasonable guess. When VK answers differently, change it here; the tests use these
/// constants too, so they follow.
/// </summary>
internal static class VkAdsFacts
{
    /// <summary>[OFF] ads.vk.com is the VK Ads API host (successor of target.my.com). Overridden by <c>Audiences:VkAds:BaseUrl</c>.</summary>
    public const string DefaultBaseUrl = "https://ads.vk.com";

    /// <summary>[OFF] OAuth2 client-credentials token endpoint, form-urlencoded; answers access_token, token_type, expires_in, refresh_token.</summary>
    public const string TokenPath = "/api/v2/oauth2/token.json";

    /// <summary>[OFF] The grant for a direct advertiser (agency clients would use <c>agency_client_credentials</c>, not supported here).</summary>
    public const string ClientCredentialsGrant = "client_credentials";

    /// <summary>[3P] Upload a users list: multipart POST with parts <c>file</c>, <c>name</c>, <c>type</c>. Official pages were not readable.</summary>
    public const string UsersListsPath = "/api/v3/remarketing/users_lists.json";

    /// <summary>[3P] Read (GET) or delete (DELETE) one users list.</summary>
    public const string UsersListPath = "/api/v3/remarketing/users_lists/{id}.json";

    /// <summary>[3P] Create a segment (JSON POST) that wraps lists so campaigns can target them.</summary>
    public const string SegmentsPath = "/api/v2/remarketing/segments.json";

    /// <summary>[3P path, GUESS verbs] A segment's relations: GET lists them, POST adds one (body: one relation object).</summary>
    public const string SegmentRelationsPath = "/api/v2/remarketing/segments/{segmentId}/relations.json";

    /// <summary>[GUESS] Delete one relation of a segment; the id is the relation's own <c>id</c>, not the list's.</summary>
    public const string SegmentRelationPath = "/api/v2/remarketing/segments/{segmentId}/relations/{relationId}.json";

    /// <summary>[GUESS] A list of relations comes as <c>{"items":[…]}</c> (the v2 list convention) — a bare array is accepted too.</summary>
    public const string ItemsProperty = "items";

    /// <summary>[3P] The list type for phones (digits with country code, plain or MD5-hashed).</summary>
    public const string PhonesListType = "phones";

    /// <summary>[UNCONFIRMED] The list type for e-mails: seen only in legacy myTarget v1 docs; VK Ads may differ. Not used yet.</summary>
    public const string EmailsListType = "emails";

    /// <summary>[3P] The relation object type that points a segment at a users list.</summary>
    public const string UsersListObjectType = "remarketing_users_list";

    /// <summary>[3P] A relation that includes (rather than excludes) the list's people.</summary>
    public const string PositiveRelation = "positive";

    /// <summary>[3P] <c>pass_condition</c> 1: a person is in the segment when any one relation matches.</summary>
    public const int PassConditionAny = 1;

    /// <summary>[3P, legacy myTarget v1 docs] A list's matched audience ("охват") is reported as <c>users_count</c>.</summary>
    public const string MatchedCountProperty = "users_count";

    /// <summary>[3P test mocks: <c>receiving</c>; GUESS: <c>processing</c>] List statuses while VK is still taking the file in or matching it.</summary>
    public static readonly IReadOnlySet<string> ProcessingStatuses = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "receiving", "processing" };

    /// <summary>[3P test mocks] The list is matched and usable.</summary>
    public static readonly IReadOnlySet<string> ReadyStatuses = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "ready" };

    /// <summary>[3P test mocks] Too few people matched (the myTarget-era minimum was 2,000 unique items).</summary>
    public static readonly IReadOnlySet<string> FewDataStatuses = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "not_enough_ids" };

    /// <summary>
    /// A list's status word as the sync understands it. [UNCONFIRMED mapping] No status (e.g. in an upload answer) is
    /// Processing; a word not listed above is taken as an error VK reports instead of a status, so Failed — its raw
    /// word travels with it in <see cref="RemoteAudience.RawStatus"/>.
    /// </summary>
    public static RemoteStatus MapListStatus(string? status) => status switch
    {
        null or "" => RemoteStatus.Processing,
        _ when ProcessingStatuses.Contains(status) => RemoteStatus.Processing,
        _ when ReadyStatuses.Contains(status) => RemoteStatus.Ready,
        _ when FewDataStatuses.Contains(status) => RemoteStatus.FewData,
        _ => RemoteStatus.Failed,
    };

    /// <summary>[UNCONFIRMED] Error bodies look like <c>{"error":{"code":"…","message":"…","fields":{…}}}</c>; parsed leniently.</summary>
    public const string ErrorProperty = "error";
    /// <summary>[UNCONFIRMED] See <see cref="ErrorProperty"/>.</summary>
    public const string ErrorCodeProperty = "code";
    /// <summary>[UNCONFIRMED] See <see cref="ErrorProperty"/>.</summary>
    public const string ErrorMessageProperty = "message";
    /// <summary>[UNCONFIRMED] Per-field validation details inside the error object.</summary>
    public const string ErrorFieldsProperty = "fields";
    /// <summary>[GUESS, RFC 6749 §5.2] The token endpoint may answer OAuth-style <c>{"error":"invalid_client","error_description":"…"}</c>.</summary>
    public const string OAuthErrorDescriptionProperty = "error_description";
}
