namespace Hub.Storage;

/// <summary>Creates the tables, queues (with their poison queues) and containers the hub needs; safe to call repeatedly.</summary>
public static class StorageBootstrap
{
    public static async Task EnsureCreatedAsync(this StorageClients clients, CancellationToken cancellationToken = default)
    {
        var work = new List<Task>();
        work.AddRange(TableNames.All.Select(t => clients.Tables.CreateTableIfNotExistsAsync(t, cancellationToken)));
        foreach (var queue in QueueNames.All)
        {
            work.Add(clients.Queues.GetQueueClient(queue).CreateIfNotExistsAsync(cancellationToken: cancellationToken));
            work.Add(clients.Queues.GetQueueClient(queue + "-poison").CreateIfNotExistsAsync(cancellationToken: cancellationToken));
        }
        work.Add(clients.Blobs.GetBlobContainerClient(BlobContainers.ClaimChecks).CreateIfNotExistsAsync(cancellationToken: cancellationToken));
        await Task.WhenAll(work);
    }
}
