using Microsoft.Extensions.Configuration;

namespace Hub.Audiences.VkAds;

/// <summary>
/// A shop's VK Ads API client id and secret, read from configuration: <c>Shops__{id}__VkAdsClientId</c> and
/// <c>Shops__{id}__VkAdsClientSecret</c> (in Azure, Key Vault references). Created in the VK Ads cabinet, API access section.
/// </summary>
internal sealed class VkAdsCredentials(IConfiguration configuration)
{
    public static string ClientIdKey(string shopId) => Shops.ShopSecrets.VkAdsClientIdKey(shopId);
    public static string ClientSecretKey(string shopId) => Shops.ShopSecrets.VkAdsClientSecretKey(shopId);

    /// <summary>The shop's credentials; a clear error naming the missing settings when either is not set.</summary>
    public (string ClientId, string ClientSecret) For(string shopId)
    {
        var clientId = configuration[ClientIdKey(shopId)];
        var clientSecret = configuration[ClientSecretKey(shopId)];
        if (!string.IsNullOrWhiteSpace(clientId) && !string.IsNullOrWhiteSpace(clientSecret))
        {
            return (clientId.Trim(), clientSecret.Trim());
        }
        var missing = new[] { (Key: ClientIdKey(shopId), Value: clientId), (Key: ClientSecretKey(shopId), Value: clientSecret) }
            .Where(setting => string.IsNullOrWhiteSpace(setting.Value))
            .Select(setting => setting.Key)
            .ToArray();
        throw new InvalidOperationException(
            $"VK Ads credentials of shop '{shopId}' are not configured: set {string.Join(" and ", missing)} " +
            $"(app settings {string.Join(", ", missing.Select(key => key.Replace(":", "__", StringComparison.Ordinal)))}).");
    }
}
