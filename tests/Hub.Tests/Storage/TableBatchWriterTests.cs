using Azure.Data.Tables;
using Hub.Storage;

namespace Hub.Tests.Storage;

public sealed class TableBatchWriterTests(AzuriteFixture storage)
{
    const string Table = "BatchWriterTests";

    async Task<TableClient> TableAsync()
    {
        var table = storage.Clients.Tables.GetTableClient(Table);
        await table.CreateIfNotExistsAsync();
        return table;
    }

    static TableTransactionAction Upsert(string pk, string rk, string? payload = null) =>
        new(TableTransactionActionType.UpsertReplace, new TableEntity(pk, rk) { ["Payload"] = payload ?? rk });

    static async Task<List<TableEntity>> ReadAsync(TableClient table, string pk)
    {
        var rows = new List<TableEntity>();
        await foreach (var row in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {pk}")))
        {
            rows.Add(row);
        }
        return rows;
    }

    [Fact]
    public async Task Writes_many_partitions_in_chunks_of_at_most_a_hundred()
    {
        var table = await TableAsync();
        var prefix = AzuriteFixture.NewShopId("bw");
        var actions = Enumerable.Range(0, 1234).Select(i => Upsert($"{prefix}|{i % 3}", $"r{i:D5}")).ToList();

        var written = await new TableBatchWriter(storage.Clients).WriteAsync(Table, actions);

        Assert.Equal(1234, written);
        Assert.Equal(412, (await ReadAsync(table, $"{prefix}|0")).Count);
        Assert.Equal(411, (await ReadAsync(table, $"{prefix}|2")).Count);
    }

    [Fact]
    public async Task Splits_transactions_to_stay_under_four_mebibytes()
    {
        var table = await TableAsync();
        var pk = AzuriteFixture.NewShopId("bw");
        // 100 entities of ~60 KB each: one transaction would be ~6 MB, which Azure (and Azurite) refuse.
        var big = new string('ж', 30_000);
        var actions = Enumerable.Range(0, 100).Select(i => Upsert(pk, $"r{i:D3}", big)).ToList();

        await new TableBatchWriter(storage.Clients).WriteAsync(Table, actions);

        var rows = await ReadAsync(table, pk);
        Assert.Equal(100, rows.Count);
        Assert.All(rows, r => Assert.Equal(30_000, r.GetString("Payload").Length));
    }

    [Fact]
    public async Task A_row_repeated_in_one_write_ends_with_its_last_value()
    {
        var table = await TableAsync();
        var pk = AzuriteFixture.NewShopId("bw");

        await new TableBatchWriter(storage.Clients).WriteAsync(Table, [Upsert(pk, "a", "first"), Upsert(pk, "b"), Upsert(pk, "a", "last")]);

        var rows = await ReadAsync(table, pk);
        Assert.Equal("last", rows.Single(r => r.RowKey == "a").GetString("Payload"));
    }

    [Fact]
    public async Task Refuses_a_transaction_that_mixes_partitions_which_Azurite_would_accept()
    {
        var table = await TableAsync();
        var pk = AzuriteFixture.NewShopId("bw");

        var error = await Assert.ThrowsAsync<ArgumentException>(() =>
            TableBatchWriter.SubmitAsync(table, [Upsert(pk + "|a", "1"), Upsert(pk + "|b", "2")]));

        Assert.Contains("mixes", error.Message);
        Assert.Contains(pk + "|b", error.Message);
        Assert.Empty(await ReadAsync(table, pk + "|a"));
    }

    [Fact]
    public async Task Refuses_more_than_a_hundred_actions_in_one_transaction()
    {
        var table = await TableAsync();
        var pk = AzuriteFixture.NewShopId("bw");

        var error = await Assert.ThrowsAsync<ArgumentException>(() =>
            TableBatchWriter.SubmitAsync(table, Enumerable.Range(0, 101).Select(i => Upsert(pk, $"r{i}")).ToList()));

        Assert.Contains("at most 100", error.Message);
    }

    [Fact]
    public async Task Refuses_a_string_Azure_would_reject_naming_the_property()
    {
        var pk = AzuriteFixture.NewShopId("bw");
        var entity = new TableEntity(pk, "r") { ["Notes"] = new string('x', 32_001) };

        var error = await Assert.ThrowsAsync<TableLimitException>(() =>
            new TableBatchWriter(storage.Clients).WriteAsync(Table, [new TableTransactionAction(TableTransactionActionType.UpsertReplace, entity)]));

        Assert.Contains("'Notes'", error.Message);
        Assert.Contains("32,001", error.Message);
    }

    [Fact]
    public void Refuses_more_properties_than_Azure_allows()
    {
        var entity = new TableEntity("p", "r");
        for (var i = 0; i < 253; i++)
        {
            entity[$"P{i}"] = i;
        }

        var error = Assert.Throws<TableLimitException>(() => TableLimits.Check(entity));

        Assert.Contains("253 properties", error.Message);
    }
}
