using Azure.Storage.Queues.Models;
using Hub.Messaging;
using Hub.Messaging.Channels;
using Hub.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Hub.Functions;

/// <summary>
/// Messaging: the <c>dispatch</c> queue sends batches through the ledger; providers report deliveries, opens, clicks,
/// reads and opt-outs to <c>/api/providers/{provider}/events[/{token}]?shop={shopId}</c>, each verified its own way
/// (GET for WhatsApp's and similar verification handshakes).
/// </summary>
public sealed class MessagingFunctions(DispatchQueueHandler dispatch, ProviderEventProcessor events)
{
    [Function("Dispatch")]
    public Task Dispatch([QueueTrigger(QueueNames.Dispatch)] QueueMessage message, CancellationToken cancellationToken)
        => dispatch.HandleAsync(QueueEnvelope.Parse(message.MessageText), cancellationToken);

    [Function("ProviderEvents")]
    public async Task<IActionResult> ProviderEvents(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", Route = "providers/{provider}/events/{token?}")] HttpRequest request,
        string provider,
        string? token,
        CancellationToken cancellationToken)
    {
        using var body = new MemoryStream();
        await request.Body.CopyToAsync(body, cancellationToken);
        var incoming = new ProviderRequest(
            request.Method,
            body.ToArray(),
            request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
            request.Query.ToDictionary(q => q.Key, q => q.Value.ToString(), StringComparer.Ordinal),
            token);
        var result = await events.HandleAsync(provider, incoming, cancellationToken);
        return new ContentResult { StatusCode = result.Reply.Status, Content = result.Reply.Body, ContentType = "text/plain; charset=utf-8" };
    }
}
