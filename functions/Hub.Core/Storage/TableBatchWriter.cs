using Azure;
using Azure.Data.Tables;

namespace Hub.Storage;

/// <summary>
/// The one batch writer. Groups actions per partition into transactions of at most 100 actions and
/// under 4 MiB, submits partitions in parallel (chunks of one partition in order), and streams: memory
/// holds at most one open chunk per partition plus the chunks in flight. Throttling (503, 500 timeout)
/// is retried with exponential backoff by the client pipeline configured in <see cref="StorageClients"/>.
/// </summary>
public sealed class TableBatchWriter(StorageClients clients, int maxParallelTransactions = 16)
{
    public Task<int> WriteAsync(string table, IEnumerable<TableTransactionAction> actions, CancellationToken cancellationToken = default)
        => WriteAsync(table, ToAsync(actions), cancellationToken);

    public async Task<int> WriteAsync(string table, IAsyncEnumerable<TableTransactionAction> actions, CancellationToken cancellationToken = default)
    {
        var client = clients.Tables.GetTableClient(table);
        var partitions = new Dictionary<string, PartitionQueue>(StringComparer.Ordinal);
        using var gate = new SemaphoreSlim(maxParallelTransactions);
        var written = 0;

        await foreach (var action in actions.WithCancellation(cancellationToken))
        {
            TableLimits.Check(action.Entity);
            var bytes = TableLimits.EstimateRequestBytes(action.Entity);
            var pk = action.Entity.PartitionKey;
            if (!partitions.TryGetValue(pk, out var partition))
            {
                partitions[pk] = partition = new PartitionQueue();
            }
            if (partition.Open.Count == TableLimits.MaxBatchActions
                || partition.OpenBytes + bytes > TableLimits.MaxBatchBytes
                || partition.OpenRows.Contains(action.Entity.RowKey))
            {
                // An entity may appear only once per transaction: a repeated row starts the next chunk,
                // which runs after this one, so the last write wins as the caller wrote them.
                await FlushAsync(client, partition, gate, cancellationToken);
            }
            partition.Open.Add(action);
            partition.OpenRows.Add(action.Entity.RowKey);
            partition.OpenBytes += bytes;
            written++;
        }

        foreach (var partition in partitions.Values)
        {
            await FlushAsync(client, partition, gate, cancellationToken);
        }
        await Task.WhenAll(partitions.Values.Select(p => p.Tail));
        return written;
    }

    async Task FlushAsync(TableClient client, PartitionQueue partition, SemaphoreSlim gate, CancellationToken cancellationToken)
    {
        if (partition.Open.Count == 0)
        {
            return;
        }
        var chunk = partition.Open.ToArray();
        partition.Open.Clear();
        partition.OpenRows.Clear();
        partition.OpenBytes = 0;
        // Wait for a slot before queuing more work: this is what bounds memory while streaming.
        await gate.WaitAsync(cancellationToken);
        var previous = partition.Tail;
        partition.Tail = RunAsync();

        async Task RunAsync()
        {
            try
            {
                await previous;
                await SubmitAsync(client, chunk, cancellationToken);
            }
            finally
            {
                gate.Release();
            }
        }
    }

    /// <summary>
    /// Submits one transaction. Refuses a batch that mixes partitions (Azure rejects it, Azurite would
    /// not) or breaks the size limits; a single action goes as a plain request.
    /// </summary>
    public static async Task SubmitAsync(TableClient client, IReadOnlyList<TableTransactionAction> batch, CancellationToken cancellationToken = default)
    {
        if (batch.Count == 0)
        {
            return;
        }
        if (batch.Count > TableLimits.MaxBatchActions)
        {
            throw new ArgumentException($"A transaction holds at most {TableLimits.MaxBatchActions} actions; this one has {batch.Count}.", nameof(batch));
        }
        var pk = batch[0].Entity.PartitionKey;
        var bytes = 0;
        var rows = new HashSet<string>(StringComparer.Ordinal);
        foreach (var action in batch)
        {
            if (!string.Equals(action.Entity.PartitionKey, pk, StringComparison.Ordinal))
            {
                throw new ArgumentException(
                    $"A transaction must stay in one partition; this one mixes '{pk}' and '{action.Entity.PartitionKey}'. Azure rejects it (Azurite does not).",
                    nameof(batch));
            }
            if (!rows.Add(action.Entity.RowKey))
            {
                throw new ArgumentException($"Row '{action.Entity.RowKey}' appears twice in one transaction.", nameof(batch));
            }
            bytes += TableLimits.EstimateRequestBytes(action.Entity);
        }
        if (bytes > TableLimits.MaxBatchBytes)
        {
            throw new ArgumentException($"A transaction must stay under 4 MiB; this one is about {bytes:N0} bytes.", nameof(batch));
        }

        if (batch.Count == 1)
        {
            await SubmitOneAsync(client, batch[0], cancellationToken);
            return;
        }
        await client.SubmitTransactionAsync(batch, cancellationToken);
    }

    static async Task SubmitOneAsync(TableClient client, TableTransactionAction action, CancellationToken cancellationToken)
    {
        var entity = action.Entity;
        switch (action.ActionType)
        {
            case TableTransactionActionType.Add:
                await client.AddEntityAsync(entity, cancellationToken);
                break;
            case TableTransactionActionType.UpsertMerge:
                await client.UpsertEntityAsync(entity, TableUpdateMode.Merge, cancellationToken);
                break;
            case TableTransactionActionType.UpsertReplace:
                await client.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken);
                break;
            case TableTransactionActionType.UpdateMerge:
                await client.UpdateEntityAsync(entity, action.ETag == default ? ETag.All : action.ETag, TableUpdateMode.Merge, cancellationToken);
                break;
            case TableTransactionActionType.UpdateReplace:
                await client.UpdateEntityAsync(entity, action.ETag == default ? ETag.All : action.ETag, TableUpdateMode.Replace, cancellationToken);
                break;
            case TableTransactionActionType.Delete:
                // Batch deletes of a missing row fail the batch; a lone delete of a missing row is already done.
                try
                {
                    await client.DeleteEntityAsync(entity.PartitionKey, entity.RowKey, action.ETag == default ? ETag.All : action.ETag, cancellationToken);
                }
                catch (RequestFailedException e) when (e.Status == 404)
                {
                }
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(action), action.ActionType, "Unknown table action.");
        }
    }

    static async IAsyncEnumerable<T> ToAsync<T>(IEnumerable<T> items)
    {
        foreach (var item in items)
        {
            yield return item;
        }
        await Task.CompletedTask;
    }

    sealed class PartitionQueue
    {
        public readonly List<TableTransactionAction> Open = new(TableLimits.MaxBatchActions);
        public readonly HashSet<string> OpenRows = new(StringComparer.Ordinal);
        public int OpenBytes;
        public Task Tail = Task.CompletedTask;
    }
}
