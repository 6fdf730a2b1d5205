using Azure.Data.Tables;

namespace Hub.Storage;

/// <summary>
/// Azure Table Storage limits written down as code. Azurite accepts some of what Azure rejects
/// (mixed-partition batches, over-long strings, too many properties), so we check them ourselves.
/// </summary>
public static class TableLimits
{
    public const int MaxBatchActions = 100;
    /// <summary>A transaction's payload must stay under 4 MiB; we keep a margin for the multipart envelope.</summary>
    public const int MaxBatchBytes = 4 * 1024 * 1024 - 256 * 1024;
    public const int MaxEntityBytes = 1024 * 1024;
    /// <summary>255 including PartitionKey, RowKey and Timestamp.</summary>
    public const int MaxCustomProperties = 252;
    /// <summary>Strings are UTF-16 and limited to 64 KiB; Azure rejects 65,536 bytes that Azurite accepts, so stay under 64,000 bytes.</summary>
    public const int MaxStringChars = 32_000;
    public const int MaxBinaryBytes = 64_000;
    public const int MaxKeyChars = 1024;

    /// <summary>Throws <see cref="TableLimitException"/> naming the entity and property at fault.</summary>
    public static void Check(ITableEntity entity)
    {
        if (entity is not TableEntity dictionary)
        {
            CheckKeys(entity.PartitionKey, entity.RowKey);
            return;
        }
        CheckKeys(dictionary.PartitionKey, dictionary.RowKey);
        var custom = 0;
        foreach (var (name, value) in dictionary)
        {
            if (name is "PartitionKey" or "RowKey" or "Timestamp" or "odata.etag")
            {
                continue;
            }
            custom++;
            switch (value)
            {
                case string s when s.Length > MaxStringChars:
                    throw new TableLimitException(entity, $"property '{name}' holds {s.Length:N0} characters; the limit is {MaxStringChars:N0}");
                case byte[] b when b.Length > MaxBinaryBytes:
                    throw new TableLimitException(entity, $"property '{name}' holds {b.Length:N0} bytes; the limit is {MaxBinaryBytes:N0}");
            }
        }
        if (custom > MaxCustomProperties)
        {
            throw new TableLimitException(entity, $"{custom} properties; the limit is {MaxCustomProperties}");
        }
        var size = EstimateSize(dictionary);
        if (size > MaxEntityBytes)
        {
            throw new TableLimitException(entity, $"about {size:N0} bytes; the limit is {MaxEntityBytes:N0}");
        }
    }

    static void CheckKeys(string partitionKey, string rowKey)
    {
        if (partitionKey is null || rowKey is null)
        {
            throw new ArgumentException("An entity needs both a PartitionKey and a RowKey.");
        }
        if (partitionKey.Length > MaxKeyChars || rowKey.Length > MaxKeyChars)
        {
            throw new ArgumentException($"Key longer than {MaxKeyChars} characters in partition '{Truncate(partitionKey)}'.");
        }
    }

    /// <summary>
    /// The stored size of an entity by the documented formula: 4 bytes + keys (2 bytes a character)
    /// + for each property 8 bytes + 2 bytes a character of its name + the value's size.
    /// </summary>
    public static int EstimateSize(ITableEntity entity)
    {
        var size = 4 + 2 * (entity.PartitionKey.Length + entity.RowKey.Length);
        if (entity is not TableEntity dictionary)
        {
            return size + 512;
        }
        foreach (var (name, value) in dictionary)
        {
            if (name is "PartitionKey" or "RowKey" or "Timestamp" or "odata.etag")
            {
                continue;
            }
            size += 8 + 2 * name.Length + value switch
            {
                string s => 4 + 2 * s.Length,
                byte[] b => 4 + b.Length,
                BinaryData bd => 4 + bd.ToMemory().Length,
                bool => 1,
                int => 4,
                Guid => 16,
                _ => 8,
            };
        }
        return size;
    }

    /// <summary>
    /// What an entity adds to a transaction's request body, an upper bound: the SDK writes JSON in which
    /// every non-ASCII character is escaped as <c>\uXXXX</c> (6 bytes), and each property carries its
    /// name and an <c>@odata.type</c> annotation.
    /// </summary>
    public static int EstimateRequestBytes(ITableEntity entity)
    {
        const int envelope = 600;
        var size = envelope + 6 * (entity.PartitionKey.Length + entity.RowKey.Length);
        if (entity is not TableEntity dictionary)
        {
            return size + 4096;
        }
        foreach (var (name, value) in dictionary)
        {
            size += 2 * name.Length + 40 + value switch
            {
                string s => JsonStringBytes(s),
                byte[] b => (b.Length + 2) / 3 * 4,
                BinaryData bd => (bd.ToMemory().Length + 2) / 3 * 4,
                _ => 40,
            };
        }
        return size;
    }

    static int JsonStringBytes(string value)
    {
        // Upper bound: plain ASCII is one byte; anything the default encoder escapes is up to six.
        var bytes = 2;
        foreach (var c in value)
        {
            bytes += c is >= ' ' and <= '~' and not ('"' or '\\' or '<' or '>' or '&' or '\'' or '+' or '`') ? 1 : 6;
        }
        return bytes;
    }

    internal static string Truncate(string value) => value.Length <= 60 ? value : value[..60] + "…";
}

public sealed class TableLimitException(ITableEntity entity, string problem)
    : InvalidOperationException($"Entity '{TableLimits.Truncate(entity.PartitionKey)}'/'{TableLimits.Truncate(entity.RowKey)}' exceeds a Table Storage limit: {problem}.");
