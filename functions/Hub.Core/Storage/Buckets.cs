namespace Hub.Storage;

/// <summary>
/// Spreads a shop's big sets over <see cref="Count"/> partitions: <c>bucket = stable hash(customerId) % 64</c>.
/// DESIGN.md started with 16; 64 keeps a 100,000-customer shop's partitions near 1,500 rows, so its writes and
/// scans fan out to 64 workers in Azure (about 2,000 entities/s per partition) and Azurite's in-memory store,
/// whose writes cost time in proportion to the partition they land in, stays fast enough to test and measure.
/// The hash is FNV-1a over the UTF-16 code units: stable across processes and versions (unlike string.GetHashCode).
/// </summary>
public static class Buckets
{
    public const int Count = 64;

    public static int Of(string customerId) => (int)(Hash(customerId) % Count);

    /// <summary>FNV-1a of the id: its low bits pick the bucket; tables that split a bucket further use the bits above.</summary>
    public static uint Hash(string customerId)
    {
        var hash = 2166136261u;
        foreach (var c in customerId)
        {
            hash = (hash ^ c) * 16777619u;
        }
        return hash;
    }

    public static string Partition(string shopId, string customerId) => Partition(shopId, Of(customerId));

    public static string Partition(string shopId, int bucket) => $"{shopId}|{bucket:00}";
}
