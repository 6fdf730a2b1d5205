namespace Hub.Shops.Shopify;

/// <summary>
/// Shopify's two spellings of one id: the REST number webhooks carry (<c>706405506930370084</c>, the hub's external id)
/// and GraphQL's GID (<c>gid://shopify/Customer/706405506930370084</c>).
/// </summary>
internal static class ShopifyIds
{
    const string GidPrefix = "gid://shopify/";

    /// <summary>The REST id: <c>legacyResourceId</c> when given, else the last segment of the GID (without any <c>?key=</c>).</summary>
    public static string? Rest(string? legacyResourceId, string? gid)
    {
        if (!string.IsNullOrWhiteSpace(legacyResourceId))
        {
            return legacyResourceId.Trim();
        }
        if (string.IsNullOrWhiteSpace(gid))
        {
            return null;
        }
        var value = gid.Trim();
        var query = value.IndexOf('?');
        if (query >= 0)
        {
            value = value[..query];
        }
        var last = value[(value.LastIndexOf('/') + 1)..];
        return last.Length == 0 ? null : last;
    }

    /// <summary>The GID of a <paramref name="type"/> (<c>Customer</c>, <c>Order</c>) from a REST id, or the GID itself.</summary>
    public static string Gid(string type, string id)
    {
        var value = id.Trim();
        return value.StartsWith(GidPrefix, StringComparison.Ordinal) ? value : $"{GidPrefix}{type}/{value}";
    }
}
