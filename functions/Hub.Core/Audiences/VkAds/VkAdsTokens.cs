using System.Collections.Concurrent;

namespace Hub.Audiences.VkAds;

/// <summary>
/// Access tokens per shop (and client id, so a rotated client gets its own), kept until <see cref="RenewBefore"/>
/// ahead of their <c>expires_in</c> on the injected clock. A token VK refuses (401) is dropped with <see cref="Forget"/>.
/// </summary>
internal sealed class VkAdsTokens(IVkAdsApi api, VkAdsCredentials credentials, TimeProvider time)
{
    /// <summary>How long before expiry a token is renewed, so a call never starts with a token about to lapse.</summary>
    public static readonly TimeSpan RenewBefore = TimeSpan.FromMinutes(5);

    readonly ConcurrentDictionary<(string ShopId, string ClientId), (string Token, DateTimeOffset RenewAt)> cache = new();
    readonly SemaphoreSlim issuing = new(1, 1);

    /// <summary>A usable token for the shop; asks VK for one only when none is cached or the cached one is due for renewal.</summary>
    public async Task<string> GetAsync(string shopId, CancellationToken cancellationToken)
    {
        var (clientId, clientSecret) = credentials.For(shopId);
        var key = (shopId, clientId);
        if (Cached(key) is { } token)
        {
            return token;
        }
        await issuing.WaitAsync(cancellationToken);
        try
        {
            if (Cached(key) is { } issuedMeanwhile)
            {
                return issuedMeanwhile;
            }
            var issued = await api.TokenAsync(new VkTokenRequest(VkAdsFacts.ClientCredentialsGrant, clientId, clientSecret), cancellationToken);
            if (string.IsNullOrEmpty(issued.AccessToken))
            {
                throw new AdSystemException(VkAdsClient.SystemId, 200, null, "the token answer carries no access_token");
            }
            cache[key] = (issued.AccessToken, time.GetUtcNow() + UsableFor(TimeSpan.FromSeconds(issued.ExpiresIn)));
            return issued.AccessToken;
        }
        finally
        {
            issuing.Release();
        }
    }

    /// <summary>Drops <paramref name="token"/> if it is still the shop's cached one (a newer token stays).</summary>
    public void Forget(string shopId, string token)
    {
        foreach (var entry in cache)
        {
            if (entry.Key.ShopId == shopId && entry.Value.Token == token)
            {
                cache.TryRemove(entry);
            }
        }
    }

    string? Cached((string, string) key) =>
        cache.TryGetValue(key, out var cached) && time.GetUtcNow() < cached.RenewAt ? cached.Token : null;

    static TimeSpan UsableFor(TimeSpan lifetime) =>
        lifetime <= TimeSpan.Zero ? TimeSpan.Zero : lifetime - (lifetime > 2 * RenewBefore ? RenewBefore : lifetime / 2);
}
