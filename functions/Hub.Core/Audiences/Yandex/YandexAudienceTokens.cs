using Microsoft.Extensions.Configuration;

namespace Hub.Audiences.Yandex;

/// <summary>
/// A shop's Yandex Audience OAuth token, read from configuration: <c>Shops__{id}__YandexAudienceToken</c>
/// (in Azure an app setting that is a Key Vault reference). Read on every call, so a new token needs no restart.
/// </summary>
internal sealed class YandexAudienceTokens(IConfiguration configuration)
{
    public static string Key(string shopId) => Shops.ShopSecrets.YandexAudienceTokenKey(shopId);

    public string Require(string shopId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(shopId);
        var token = configuration[Key(shopId)];
        return string.IsNullOrWhiteSpace(token)
            ? throw new InvalidOperationException(
                $"Yandex Audience is not connected for shop '{shopId}': set its OAuth token in the setting '{Key(shopId)}' " +
                $"(app setting Shops__{shopId}__YandexAudienceToken).")
            : token.Trim();
    }
}
