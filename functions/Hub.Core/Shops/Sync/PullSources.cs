using Hub.Customers;

namespace Hub.Shops.Sync;

/// <summary>The registered <see cref="IPullSource"/>s by platform name.</summary>
public sealed class PullSources(IEnumerable<IPullSource> sources)
{
    readonly Dictionary<string, IPullSource> byPlatform = sources.ToDictionary(s => s.Platform, StringComparer.OrdinalIgnoreCase);

    public IReadOnlyCollection<string> Platforms => byPlatform.Keys;

    public IPullSource? Find(string platform) => byPlatform.GetValueOrDefault(platform);

    /// <summary>The platform's pull source; a platform without one (CSV) is a clear error.</summary>
    public IPullSource Require(string platform) => Find(platform)
        ?? throw new PlatformApiException(platform, null, $"platform '{platform}' has no pull API; pulls exist for: {string.Join(", ", byPlatform.Keys.Order())}", transient: false);

    /// <summary>
    /// Replaces every <see cref="ShopChange.Refetch"/> hint by what the platform says about the entity now; other
    /// changes pass through as they are.
    /// </summary>
    public async Task<IReadOnlyList<ShopChange>> ResolveAsync(Shop shop, IReadOnlyList<ShopChange> changes, CancellationToken cancellationToken = default)
    {
        if (!changes.Any(c => c is ShopChange.Refetch))
        {
            return changes;
        }
        var source = Require(shop.Platform);
        var resolved = new List<ShopChange>(changes.Count);
        foreach (var change in changes)
        {
            if (change is ShopChange.Refetch hint)
            {
                resolved.AddRange(await source.FetchAsync(shop, hint.Resource, hint.Id, cancellationToken));
            }
            else
            {
                resolved.Add(change);
            }
        }
        return resolved;
    }
}
