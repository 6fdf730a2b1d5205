using Microsoft.Extensions.Configuration;

namespace Hub.Messaging.Channels.Vk;

/// <summary>
/// A shop's VK community: <c>Shops:{shop}:VkCommunityToken</c> (a community access token with messages rights),
/// <c>Shops:{shop}:VkGroupId</c> (the community's id), and for the Callback API <c>Shops:{shop}:VkCallbackSecret</c>
/// (the secret key set in the community's API settings) and <c>Shops:{shop}:VkConfirmation</c> (the string VK expects
/// back when it confirms the server). Read on every use, so new values need no restart.
/// </summary>
internal sealed class VkMessagingSettings(IConfiguration configuration)
{
    public static string CommunityTokenKey(string shopId) => $"Shops:{shopId}:VkCommunityToken";
    public static string GroupIdKey(string shopId) => $"Shops:{shopId}:VkGroupId";
    public static string CallbackSecretKey(string shopId) => $"Shops:{shopId}:VkCallbackSecret";
    public static string ConfirmationKey(string shopId) => $"Shops:{shopId}:VkConfirmation";

    public string? CommunityToken(string shopId) => Read(CommunityTokenKey(shopId));
    public string? GroupId(string shopId) => Read(GroupIdKey(shopId));
    public string? CallbackSecret(string shopId) => Read(CallbackSecretKey(shopId));
    public string? Confirmation(string shopId) => Read(ConfirmationKey(shopId));

    string? Read(string key) => configuration[key] is { } value && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;
}
