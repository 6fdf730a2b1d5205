using System.Text.Json;
using Hub.Http;

namespace Hub.Audiences.VkAds;

/// <summary>Reads a segment's relations leniently: <c>{"items":[…]}</c> or a bare array (<see cref="VkAdsFacts.ItemsProperty"/>).</summary>
internal static class VkRelations
{
    public static IReadOnlyList<VkRelation> Read(JsonElement answer)
    {
        var items = answer.ValueKind == JsonValueKind.Object && answer.TryGetProperty(VkAdsFacts.ItemsProperty, out var inner) ? inner : answer;
        if (items.ValueKind != JsonValueKind.Array)
        {
            throw new AdSystemException(VkAdsClient.SystemId, null, null,
                $"segment relations came in an unexpected shape: {VkAdsErrors.Excerpt(answer.GetRawText())}");
        }
        try
        {
            return items.Deserialize<List<VkRelation>>(HttpApis.SnakeCase) ?? [];
        }
        catch (JsonException unreadable)
        {
            throw new AdSystemException(VkAdsClient.SystemId, null, null,
                $"segment relations could not be read ({unreadable.Message}): {VkAdsErrors.Excerpt(items.GetRawText())}", inner: unreadable);
        }
    }
}
