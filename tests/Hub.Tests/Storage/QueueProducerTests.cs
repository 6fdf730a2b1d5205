using Azure.Storage.Queues;
using Hub.Storage;

namespace Hub.Tests.Storage;

public sealed class QueueProducerTests(AzuriteFixture storage)
{
    sealed record Payload(string Shop, string Text);

    async Task<QueueClient> QueueAsync(string name)
    {
        var queue = storage.Clients.Queues.GetQueueClient(name);
        await queue.CreateIfNotExistsAsync();
        await storage.Clients.Blobs.GetBlobContainerClient(BlobContainers.ClaimChecks).CreateIfNotExistsAsync();
        return queue;
    }

    [Fact]
    public async Task Messages_are_base64_json_envelopes_with_type_and_version()
    {
        var name = "qp-" + Guid.NewGuid().ToString("N")[..12];
        var queue = await QueueAsync(name);

        await new QueueProducer(storage.Clients).SendAsync(name, "test-event", 3, new Payload("s1", "привет"));

        // What the Functions host sees: the raw text, which it Base64-decodes by default.
        var raw = new QueueClient(storage.ConnectionString, name, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.None });
        var message = (await raw.ReceiveMessageAsync()).Value;
        var decoded = System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(message.MessageText));
        var envelope = QueueEnvelope.Parse(decoded);
        Assert.Equal("test-event", envelope.Type);
        Assert.Equal(3, envelope.Version);
        Assert.Equal("привет", (await envelope.ReadBodyAsync<Payload>(storage.Clients)).Text);
        await queue.DeleteAsync();
    }

    [Fact]
    public async Task Bodies_over_48_KiB_travel_by_claim_check_and_come_back_whole()
    {
        var name = "qp-" + Guid.NewGuid().ToString("N")[..12];
        var queue = await QueueAsync(name);
        var text = new string('я', 60_000);

        await new QueueProducer(storage.Clients).SendAsync(name, "big", 1, new Payload("s1", text));

        var message = (await queue.ReceiveMessageAsync()).Value;
        Assert.True(message.MessageText.Length < QueueEnvelope.MaxInlineBytes);
        var envelope = QueueEnvelope.Parse(message.MessageText);
        Assert.NotNull(envelope.ClaimCheck);
        Assert.Equal(text, (await envelope.ReadBodyAsync<Payload>(storage.Clients)).Text);
        await queue.DeleteAsync();
    }

    [Fact]
    public void A_message_still_in_base64_is_read_as_well()
    {
        var base64 = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes("{\"type\":\"shop-event\",\"version\":1,\"body\":{\"a\":1}}"));

        Assert.Equal("shop-event", QueueEnvelope.Parse(base64).Type);
    }

    [Fact]
    public void A_message_that_is_not_an_envelope_is_refused_with_the_reason()
    {
        var error = Assert.Throws<InvalidDataException>(() => QueueEnvelope.Parse("{\"hello\":1}"));

        Assert.Contains("'type'", error.Message);
    }
}
