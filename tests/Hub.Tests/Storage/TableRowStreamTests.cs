using Azure;
using Azure.Data.Tables;
using Azure.Data.Tables.Sas;
using Hub.Storage;
using Request = WireMock.RequestBuilders.Request;
using Response = WireMock.ResponseBuilders.Response;
using WireMock.Server;

namespace Hub.Tests.Storage;

/// <summary>The streaming row reader returns what the SDK's query returns, page after page, and names what went wrong.</summary>
public sealed class TableRowStreamTests(AzuriteFixture storage)
{
    const string Table = "RowStreamTests";

    async Task<TableClient> TableAsync()
    {
        var table = storage.Clients.Tables.GetTableClient(Table);
        await table.CreateIfNotExistsAsync();
        return table;
    }

    static async Task<List<TableEntity>> ReadAsync(TableRowStream rows, string table, string filter, IEnumerable<string>? select = null, int pageSize = TableRowStream.PageSize)
    {
        var list = new List<TableEntity>();
        await foreach (var row in rows.QueryAsync(table, filter, select, pageSize))
        {
            list.Add(row);
        }
        return list;
    }

    static string Filter(string pk) => TableClient.CreateQueryFilter($"PartitionKey eq {pk}");

    [Fact]
    public async Task Every_property_type_comes_out_as_the_SDK_reads_it()
    {
        var table = await TableAsync();
        var pk = AzuriteFixture.NewShopId("rs");
        var entities = new[]
        {
            new TableEntity(pk, "a")
            {
                ["Name"] = "Анна \"Мария\" \\ ёж 🙂\n", ["Count"] = 42, ["Negative"] = -7, ["Big"] = 9_000_000_000L, ["Small"] = 3L,
                ["Price"] = 1234.5, ["Round"] = 5.0, ["Yes"] = true, ["No"] = false,
                ["At"] = new DateTimeOffset(2026, 2, 28, 23, 59, 59, 123, TimeSpan.Zero), ["Id"] = Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e"),
                ["Blob"] = new byte[] { 0, 1, 2, 250, 255 },
                // Longer than the 32 KB read buffer: one string token spans many reads.
                ["Long"] = string.Concat(Enumerable.Repeat("ж\u0001", 15_000)),
            },
            new TableEntity(pk, "b") { ["Name"] = "", ["Count"] = int.MaxValue },
        };
        foreach (var entity in entities)
        {
            await table.UpsertEntityAsync(entity, TableUpdateMode.Replace);
        }
        var expected = new List<TableEntity>();
        await foreach (var row in table.QueryAsync<TableEntity>(Filter(pk)))
        {
            expected.Add(row);
        }

        var actual = await ReadAsync(storage.Clients.Rows, Table, Filter(pk));

        Assert.Equal(2, expected.Count);
        Assert.Equal(expected.Count, actual.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            Assert.Equal(expected[i].Keys.Order(StringComparer.Ordinal), actual[i].Keys.Order(StringComparer.Ordinal));
            foreach (var (name, value) in expected[i])
            {
                Assert.Equal((name, value.GetType()), (name, actual[i][name].GetType()));
                Assert.Equal(value, actual[i][name]);
            }
            Assert.Equal(expected[i].ETag, actual[i].ETag);
            Assert.Equal(expected[i].Timestamp, actual[i].Timestamp);
        }
        Assert.Equal(9_000_000_000L, actual[0].GetInt64("Big"));
        Assert.Equal(5.0, actual[0].GetDouble("Round"));
        Assert.Equal(entities[0]["Long"], actual[0].GetString("Long"));
    }

    [Fact]
    public async Task A_scan_follows_continuations_page_after_page_in_key_order()
    {
        var table = await TableAsync();
        var pk = AzuriteFixture.NewShopId("rs");
        foreach (var i in Enumerable.Range(0, 25))
        {
            await table.UpsertEntityAsync(new TableEntity(pk, $"r{i:D2}") { ["N"] = i });
        }
        var requests = 0;
        var rows = await ReadAsync(RequestHook.Clients(storage, _ => Interlocked.Increment(ref requests)).Rows, Table, Filter(pk), pageSize: 10);

        Assert.Equal(Enumerable.Range(0, 25).Select(i => $"r{i:D2}"), rows.Select(r => r.RowKey));
        Assert.Equal(3, requests);
    }

    [Fact]
    public async Task A_filter_and_a_column_list_limit_what_comes_back()
    {
        var table = await TableAsync();
        var pk = AzuriteFixture.NewShopId("rs");
        foreach (var i in Enumerable.Range(0, 6))
        {
            await table.UpsertEntityAsync(new TableEntity(pk, $"r{i}") { ["N"] = i, ["City"] = i % 2 == 0 ? "Казань" : "Омск", ["Note"] = "x" });
        }

        var rows = await ReadAsync(storage.Clients.Rows, Table, TableClient.CreateQueryFilter($"PartitionKey eq {pk} and City eq {"Казань"}"), ["RowKey", "N"]);

        Assert.Equal(["r0", "r2", "r4"], rows.Select(r => r.RowKey));
        Assert.Equal([0, 2, 4], rows.Select(r => r.GetInt32("N")));
        Assert.All(rows, r => Assert.False(r.ContainsKey("Note") || r.ContainsKey("City")));
    }

    [Fact]
    public async Task A_connection_string_with_a_shared_access_signature_reads_too()
    {
        var table = await TableAsync();
        var pk = AzuriteFixture.NewShopId("rs");
        await table.UpsertEntityAsync(new TableEntity(pk, "only") { ["N"] = 1 });
        var sas = storage.Clients.Tables.GenerateSasUri(TableAccountSasPermissions.Read, TableAccountSasResourceTypes.All, DateTimeOffset.UtcNow.AddHours(1));

        var clients = StorageClients.FromConnectionString(
            $"TableEndpoint={storage.Clients.Tables.Uri};QueueEndpoint={storage.Clients.Queues.Uri};BlobEndpoint={storage.Clients.Blobs.Uri};SharedAccessSignature={sas.Query.TrimStart('?')}");

        Assert.Equal(["only"], (await ReadAsync(clients.Rows, Table, Filter(pk))).Select(r => r.RowKey));
    }

    [Fact]
    public async Task A_missing_table_is_named_in_the_error()
    {
        var error = await Assert.ThrowsAsync<RequestFailedException>(() => ReadAsync(storage.Clients.Rows, "NoSuchTable" + Guid.NewGuid().ToString("N")[..6], Filter("x")));

        Assert.Equal(404, error.Status);
        Assert.Contains("NoSuchTable", error.Message);
        Assert.Equal("TableNotFound", error.ErrorCode);
    }

    [Fact]
    public async Task A_throttled_query_is_retried_and_a_broken_body_is_named_not_half_read()
    {
        using var server = WireMockServer.Start();
        server.Given(Request.Create().WithPath("/devstoreaccount1/Busy()").UsingGet()).InScenario("busy").WillSetStateTo("ok")
            .RespondWith(Response.Create().WithStatusCode(503).WithHeader("x-ms-error-code", "ServerBusy"));
        server.Given(Request.Create().WithPath("/devstoreaccount1/Busy()").UsingGet()).InScenario("busy").WhenStateIs("ok")
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json;odata=minimalmetadata")
                .WithBody("{\"odata.metadata\":\"x\",\"value\":[{\"PartitionKey\":\"p\",\"RowKey\":\"r1\",\"N\":1}]}"));
        server.Given(Request.Create().WithPath("/devstoreaccount1/Broken()").UsingGet())
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody("{\"value\":[{\"PartitionKey\":\"p\",\"RowKey\":\"r1\"},{\"Par"));
        var rows = StorageClients.FromConnectionString(
            $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={StorageClients.DevelopmentKey};TableEndpoint={server.Url}/devstoreaccount1;" +
            $"QueueEndpoint={server.Url}/devstoreaccount1;BlobEndpoint={server.Url}/devstoreaccount1;").Rows;

        Assert.Equal(["r1"], (await ReadAsync(rows, "Busy", Filter("p"))).Select(r => r.RowKey));
        Assert.Equal(2, server.LogEntries.Count());
        Assert.StartsWith("SharedKeyLite devstoreaccount1:", server.LogEntries.Last().RequestMessage.Headers!["Authorization"].Single());

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => ReadAsync(rows, "Broken", Filter("p")));
        Assert.Contains("table Broken", error.Message);
    }
}
