namespace Hub.Storage;

/// <summary>
/// Spreads a shop's big sets over <see cref="Count"/> partitions: <c>bucket = stable hash(customerId) % 16</c>.
/// The hash is FNV-1a over the UTF-16 code units: stable across processes and versions (unlike string.GetHashCode).
/// </summary>
public static class Buckets
{
    public const int Count = 16;

    public static int Of(string customerId)
    {
        var hash = 2166136261u;
        foreach (var c in customerId)
        {
            hash = (hash ^ c) * 16777619u;
        }
        return (int)(hash % Count);
    }

    public static string Partition(string shopId, string customerId) => Partition(shopId, Of(customerId));

    public static string Partition(string shopId, int bucket) => $"{shopId}|{bucket:00}";
}
