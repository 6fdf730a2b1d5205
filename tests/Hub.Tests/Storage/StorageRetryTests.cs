using Azure.Data.Tables;
using Hub.Storage;
using WireMock.Matchers;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace Hub.Tests.Storage;

/// <summary>Throttling answers (503 Server Busy, 500 Operation Timeout) are retried with backoff by the clients we build.</summary>
public sealed class StorageRetryTests : IDisposable
{
    readonly WireMockServer table = WireMockServer.Start();

    public void Dispose() => table.Stop();

    StorageClients Clients() => StorageClients.FromConnectionString(
        "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;" +
        $"TableEndpoint={table.Url}/devstoreaccount1;QueueEndpoint={table.Url}/devstoreaccount1;BlobEndpoint={table.Url}/devstoreaccount1;");

    [Theory]
    [InlineData(503, "ServerBusy")]
    [InlineData(500, "OperationTimedOut")]
    public async Task A_throttled_write_is_retried_until_the_partition_accepts_it(int status, string code)
    {
        table.Given(Request.Create().WithPath(new WildcardMatcher("/devstoreaccount1/Throttled*")).UsingAnyMethod())
            .InScenario("throttle").WillSetStateTo("busy-again")
            .RespondWith(Response.Create().WithStatusCode(status).WithHeader("x-ms-error-code", code).WithBody($"{{\"odata.error\":{{\"code\":\"{code}\"}}}}"));
        table.Given(Request.Create().WithPath(new WildcardMatcher("/devstoreaccount1/Throttled*")).UsingAnyMethod())
            .InScenario("throttle").WhenStateIs("busy-again").WillSetStateTo("ok")
            .RespondWith(Response.Create().WithStatusCode(status).WithHeader("x-ms-error-code", code));
        table.Given(Request.Create().WithPath(new WildcardMatcher("/devstoreaccount1/Throttled*")).UsingAnyMethod())
            .InScenario("throttle").WhenStateIs("ok")
            .RespondWith(Response.Create().WithStatusCode(204).WithHeader("ETag", "W/\"datetime'2026-11-25T10%3A00%3A00.0000000Z'\""));

        var written = await new TableBatchWriter(Clients()).WriteAsync("Throttled",
            [new TableTransactionAction(TableTransactionActionType.UpsertReplace, new TableEntity("shop|00", "c1") { ["FirstName"] = "Анна" })]);

        Assert.Equal(1, written);
        Assert.Equal(3, table.LogEntries.Count());
    }

    [Fact]
    public async Task A_write_that_fails_for_another_reason_is_not_retried_and_names_the_error()
    {
        table.Given(Request.Create().WithPath(new WildcardMatcher("/devstoreaccount1/Refused*")).UsingAnyMethod())
            .RespondWith(Response.Create().WithStatusCode(400).WithHeader("x-ms-error-code", "PropertyValueTooLarge")
                .WithHeader("Content-Type", "application/json").WithBody("{\"odata.error\":{\"code\":\"PropertyValueTooLarge\",\"message\":{\"lang\":\"en-US\",\"value\":\"The property value exceeds the maximum allowed size (64KB).\"}}}"));

        var error = await Assert.ThrowsAsync<Azure.RequestFailedException>(() => new TableBatchWriter(Clients()).WriteAsync("Refused",
            [new TableTransactionAction(TableTransactionActionType.UpsertReplace, new TableEntity("shop|00", "c1"))]));

        Assert.Equal("PropertyValueTooLarge", error.ErrorCode);
        Assert.Single(table.LogEntries);
    }
}
