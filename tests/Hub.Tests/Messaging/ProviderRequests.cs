using System.Text;
using Hub.Messaging.Channels;

namespace Hub.Tests.Messaging;

/// <summary>Webhook requests as the HTTP function hands them over: <c>?shop=</c> in the query, raw body bytes.</summary>
static class ProviderRequests
{
    public static ProviderRequest Post(string? shopId, string body, params (string Name, string Value)[] headers) =>
        new("POST", Encoding.UTF8.GetBytes(body), headers.ToDictionary(h => h.Name, h => h.Value), Query(shopId));

    public static ProviderRequest Get(string? shopId, params (string Name, string Value)[] query) =>
        new("GET", [], new Dictionary<string, string>(), Query(shopId).Concat(query.Select(q => KeyValuePair.Create(q.Name, q.Value))).ToDictionary());

    static Dictionary<string, string> Query(string? shopId) => shopId is null ? [] : new() { ["shop"] = shopId };
}
