using System.Text;
using System.Text.Json;
using Azure.Storage.Queues;

namespace Hub.Storage;

/// <summary>
/// The JSON every queue message carries: a <c>type</c>, a <c>version</c>, and either the <c>body</c> or,
/// when the body would push the message over <see cref="MaxInlineBytes"/>, a <c>claimCheck</c> naming the
/// blob that holds it.
/// </summary>
public sealed record QueueEnvelope(string Type, int Version, JsonElement? Body = null, string? ClaimCheck = null)
{
    /// <summary>Queue messages are limited to 64 KiB and Base64 costs a third: 48 KiB of JSON is what fits.</summary>
    public const int MaxInlineBytes = 48 * 1024;

    public static QueueEnvelope Parse(string text)
    {
        // The host decodes Base64 before handing a message over; a message read without decoding
        // (a plain QueueClient, a host set to messageEncoding none) still carries it.
        if (!text.TrimStart().StartsWith('{') && TryBase64(text) is { } decoded)
        {
            text = decoded;
        }
        QueueEnvelope? envelope;
        try
        {
            envelope = JsonSerializer.Deserialize<QueueEnvelope>(text, HubJson.Options);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"Queue message is not a JSON envelope: {e.Message}", e);
        }
        if (envelope is null || string.IsNullOrEmpty(envelope.Type) || (envelope.Body is null && envelope.ClaimCheck is null))
        {
            throw new InvalidDataException("Queue message lacks 'type' and a 'body' or 'claimCheck'.");
        }
        return envelope;
    }

    static string? TryBase64(string text)
    {
        var buffer = new byte[text.Length];
        return Convert.TryFromBase64String(text.Trim(), buffer, out var length) ? Encoding.UTF8.GetString(buffer, 0, length) : null;
    }

    /// <summary>The body, fetched from its claim-check blob when it was too large to travel inline.</summary>
    public async Task<T> ReadBodyAsync<T>(StorageClients clients, CancellationToken cancellationToken = default)
    {
        JsonElement body;
        if (Body is { } inline)
        {
            body = inline;
        }
        else
        {
            var blob = clients.Blobs.GetBlobContainerClient(BlobContainers.ClaimChecks).GetBlobClient(ClaimCheck);
            var content = await blob.DownloadContentAsync(cancellationToken);
            body = JsonSerializer.Deserialize<JsonElement>(content.Value.Content.ToMemory().Span, HubJson.Options);
        }
        return body.Deserialize<T>(HubJson.Options)
            ?? throw new InvalidDataException($"Queue message of type '{Type}' has an empty body.");
    }
}

/// <summary>
/// The one queue producer: JSON envelopes with type and version, Base64-encoded (what the Functions
/// queue trigger expects), with a claim check in blob storage for bodies over 48 KiB.
/// </summary>
public sealed class QueueProducer(StorageClients clients)
{
    public async Task SendAsync<T>(string queue, string type, int version, T body, TimeSpan? delay = null, CancellationToken cancellationToken = default)
    {
        var bodyJson = JsonSerializer.SerializeToElement(body, HubJson.Options);
        var text = JsonSerializer.Serialize(new QueueEnvelope(type, version, bodyJson), HubJson.Options);
        if (Encoding.UTF8.GetByteCount(text) > QueueEnvelope.MaxInlineBytes)
        {
            var name = $"{queue}/{DateTime.UtcNow:yyyyMMdd}/{Guid.NewGuid():N}.json";
            var container = clients.Blobs.GetBlobContainerClient(BlobContainers.ClaimChecks);
            await container.GetBlobClient(name).UploadAsync(BinaryData.FromObjectAsJson(bodyJson, HubJson.Options), cancellationToken);
            text = JsonSerializer.Serialize(new QueueEnvelope(type, version, null, name), HubJson.Options);
        }
        var client = clients.Queues.GetQueueClient(queue);
        await client.SendMessageAsync(text, visibilityTimeout: delay, cancellationToken: cancellationToken);
    }
}
