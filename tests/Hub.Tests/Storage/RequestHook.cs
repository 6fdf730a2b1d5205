using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Hub.Storage;

namespace Hub.Tests.Storage;

/// <summary>Hears every table request before it is sent: to count requests, or to fail one as storage that went away.</summary>
sealed class RequestHook(Action<HttpMessage> hear) : HttpPipelinePolicy
{
    /// <summary>Clients on the test storage whose table requests (the SDK's and the row stream's) pass through <paramref name="hear"/>.</summary>
    public static StorageClients Clients(AzuriteFixture azurite, Action<HttpMessage> hear)
    {
        var options = new TableClientOptions();
        options.AddPolicy(new RequestHook(hear), HttpPipelinePosition.PerCall);
        return StorageClients.FromConnectionString(azurite.ConnectionString, options);
    }

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        hear(message);
        ProcessNext(message, pipeline);
    }

    public override ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        hear(message);
        return ProcessNextAsync(message, pipeline);
    }
}
