using Azure.Storage.Queues.Models;
using Hub.Storage;
using Hub.Webhooks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Hub.Functions;

/// <summary>Shop webhooks: receive (verify, record, queue, answer at once) and process from the queue.</summary>
public sealed class WebhookFunctions(WebhookReceiver receiver, ShopEventProcessor processor, StorageClients storage)
{
    /// <summary>Larger bodies are refused before they are read: no platform sends customer or order webhooks this big.</summary>
    public const int MaxBodyBytes = 4 * 1024 * 1024;

    [Function("ReceiveWebhook")]
    public async Task<IActionResult> Receive(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "webhooks/{platform}/{shopId}/{token?}")] HttpRequest request,
        string platform,
        string shopId,
        string? token,
        CancellationToken cancellationToken)
    {
        if (request.ContentLength > MaxBodyBytes)
        {
            return Text(413, $"Body of {request.ContentLength} bytes is over the {MaxBodyBytes} limit.");
        }
        using var body = new MemoryStream();
        await request.Body.CopyToAsync(body, cancellationToken);
        var headers = request.Headers.Select(h => KeyValuePair.Create(h.Key, h.Value.ToString()));
        var result = await receiver.ReceiveAsync(platform, shopId, WebhookRequest.Create(headers, body.ToArray()) with { PathToken = token }, cancellationToken);
        return Text(result.StatusCode, result.Message);
    }

    [Function("ProcessShopEvent")]
    public async Task Process([QueueTrigger(QueueNames.ShopEvents)] QueueMessage message, CancellationToken cancellationToken)
    {
        var envelope = QueueEnvelope.Parse(message.MessageText);
        if (envelope.Type != ShopEvent.Type)
        {
            throw new InvalidDataException($"Queue {QueueNames.ShopEvents} got a message of type '{envelope.Type}', expected '{ShopEvent.Type}'.");
        }
        var evt = await envelope.ReadBodyAsync<ShopEvent>(storage, cancellationToken);
        await processor.ProcessAsync(evt, (int)message.DequeueCount, cancellationToken);
    }

    [Function("Health")]
    public static IActionResult Health([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "healthz")] HttpRequest request)
        => Text(200, "ok");

    static ContentResult Text(int status, string message) => new()
    {
        StatusCode = status,
        Content = message,
        ContentType = "text/plain; charset=utf-8",
    };
}
