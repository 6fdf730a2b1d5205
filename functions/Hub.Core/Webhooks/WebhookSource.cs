using Hub.Customers;

namespace Hub.Webhooks;

/// <summary>A delivery as it reached us: headers (case-insensitive) and the raw body bytes, before any parsing.</summary>
public sealed record WebhookRequest(IReadOnlyDictionary<string, string> Headers, ReadOnlyMemory<byte> Body)
{
    public static WebhookRequest Create(IEnumerable<KeyValuePair<string, string>> headers, ReadOnlyMemory<byte> body)
    {
        var map = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in headers)
        {
            map[name] = value;
        }
        return new WebhookRequest(map, body);
    }

    /// <summary>
    /// The secret token in the delivery URL (<c>/api/webhooks/{platform}/{shopId}/{token}</c>), for platforms that sign
    /// nothing (RetailCRM, InSales): the token is the shop's webhook secret, compared in constant time.
    /// </summary>
    public string? PathToken { get; init; }

    public string? Header(string name) => Headers.TryGetValue(name, out var value) && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;
}

public enum SignatureCheck { Valid, Missing, Invalid }

/// <summary>What identifies a delivery: the id we dedupe on, the topic, and when the event happened on the platform.</summary>
public sealed record DeliveryInfo(string DeliveryId, string Topic, DateTimeOffset? OccurredAt);

/// <summary>
/// One shop platform's webhooks: how a delivery is signed, identified and mapped to changes of the
/// customer base. Implementations live in Shops/{Platform}/ and hold no state.
/// </summary>
public interface IWebhookSource
{
    /// <summary>The platform name as in the URL <c>/api/webhooks/{platform}/{shopId}</c>.</summary>
    string Platform { get; }

    /// <summary>The header that carries the signature, for error messages.</summary>
    string SignatureHeader { get; }

    /// <summary>An unsigned liveness probe the platform sends when a webhook is created (WooCommerce); answered 200 and nothing else.</summary>
    bool IsPing(WebhookRequest request);

    /// <summary>Checks the signature over the raw body against every secret valid now, in constant time.</summary>
    SignatureCheck Verify(WebhookRequest request, IReadOnlyList<string> secrets);

    /// <summary>The delivery's id and topic. Throws <see cref="WebhookFormatException"/> naming the missing header.</summary>
    DeliveryInfo Describe(WebhookRequest request);

    /// <summary>Maps a verified delivery to changes. Throws <see cref="WebhookFormatException"/> naming the field at fault.</summary>
    IReadOnlyList<ShopChange> Map(string topic, ReadOnlyMemory<byte> body);
}

/// <summary>A delivery that is signed but cannot be understood: the message names the header or field at fault.</summary>
public sealed class WebhookFormatException(string message, Exception? inner = null) : Exception(message, inner);
