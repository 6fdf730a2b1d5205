using Hub.Customers;
using Hub.Storage;

namespace Hub.Shops.Csv;

/// <summary>
/// What an import did. <c>Read</c> counts data rows; every row is either imported or rejected (written to
/// the rejects file with its line number and reason). <c>Merged</c> counts rows that landed on a customer
/// who already existed (in the shop, or earlier in the same file).
/// </summary>
public sealed record ImportSummary(int Read, int Imported, int Merged, int Rejected)
{
    public string? RejectsPath { get; init; }
    public IReadOnlyList<string> IgnoredColumns { get; init; } = [];
    public int Orders { get; init; }
}

/// <summary>
/// `hub import customers|orders FILE`: the CSV readers turn the file into records and rejects; records go
/// through the same ingestion as webhooks (customers through the bulk path, orders one by one in parallel).
/// </summary>
public sealed class CsvImport(StorageClients clients, CustomerIngestion ingestion, TimeProvider time)
{
    const int OrderParallelism = 8;

    public async Task<ImportSummary> CustomersAsync(Shop shop, string path, IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        var file = CsvCustomerReader.Open(path);
        var reader = new CsvCustomerReader(CsvImportContext.For(shop, time));
        var read = 0;
        BulkImportResult result;
        string? rejectsPath;
        int rejected;
        await using (var rejects = new CsvRejectsWriter(file))
        {
            async IAsyncEnumerable<CustomerRecord> Records()
            {
                await foreach (var row in reader.ReadAsync(file, cancellationToken))
                {
                    read++;
                    if (row.Reject is { } reject)
                    {
                        await rejects.WriteAsync(reject, cancellationToken);
                    }
                    else
                    {
                        yield return row.Record!;
                    }
                }
            }
            result = await new CustomerBulkImport(clients, ingestion, time).ImportAsync(shop, Records(), progress, cancellationToken);
            rejected = rejects.Count;
            rejectsPath = rejects.Count > 0 ? rejects.Path : null;
        }
        return new ImportSummary(read, result.Read, result.Merged, rejected) { RejectsPath = rejectsPath, IgnoredColumns = file.IgnoredColumns };
    }

    public async Task<ImportSummary> OrdersAsync(Shop shop, string path, IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        var file = CsvOrderReader.Open(path);
        var reader = new CsvOrderReader(CsvImportContext.For(shop, time));
        int imported = 0, merged = 0, orders = 0, rejected;
        string? rejectsPath;
        await using (var rejects = new CsvRejectsWriter(file))
        {
            var pending = new List<OrderRecord>();
            await foreach (var row in reader.ReadAsync(file, cancellationToken))
            {
                if (row.Reject is { } reject)
                {
                    await rejects.WriteAsync(reject, cancellationToken);
                    continue;
                }
                pending.Add(row.Record!);
                if (pending.Count >= 256)
                {
                    await FlushAsync();
                }
            }
            await FlushAsync();
            rejected = rejects.Count;
            rejectsPath = rejects.Count > 0 ? rejects.Path : null;

            async Task FlushAsync()
            {
                await Parallel.ForEachAsync(pending, new ParallelOptions { MaxDegreeOfParallelism = OrderParallelism, CancellationToken = cancellationToken }, async (order, ct) =>
                {
                    var outcome = await ingestion.UpsertOrderAsync(shop, order, ct);
                    Interlocked.Add(ref imported, Math.Max(1, order.Items.Count));
                    Interlocked.Increment(ref orders);
                    if (outcome.Status != IngestStatus.Created)
                    {
                        Interlocked.Increment(ref merged);
                    }
                });
                progress?.Report(orders);
                pending.Clear();
            }
        }
        return new ImportSummary(imported + rejected, imported, merged, rejected) { RejectsPath = rejectsPath, IgnoredColumns = file.IgnoredColumns, Orders = orders };
    }
}
