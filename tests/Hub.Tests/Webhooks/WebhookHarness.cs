using System.Text;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using Hub.Functions;
using Hub.Shops;
using Hub.Storage;
using Hub.Webhooks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Hub.Tests.Webhooks;

/// <summary>
/// The Functions app below the host: the real service registration, HTTP triggers called with a
/// DefaultHttpContext request, queue triggers with the message the producer wrote to Azurite.
/// </summary>
sealed class WebhookHarness
{
    public const string Secret = "shpss_current_secret";
    public const string PreviousSecret = "shpss_previous_secret";

    public ServiceProvider Services { get; }
    public WebhookFunctions Functions { get; }
    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 20, 10, 0, 0, TimeSpan.Zero));
    /// <summary>The fixture's tables with this harness's own queues.</summary>
    public StorageClients Storage { get; }
    public OwnQueues Queues { get; }

    public WebhookHarness(AzuriteFixture azurite, params string[] shopIds)
        : this(azurite, new Dictionary<string, string?>(), shopIds)
    {
    }

    /// <summary>With more settings (a shop's API credentials, for platforms whose webhooks are re-read from their API).</summary>
    public WebhookHarness(AzuriteFixture azurite, IReadOnlyDictionary<string, string?> extraSettings, params string[] shopIds)
    {
        Queues = new OwnQueues(azurite);
        Storage = Queues.Clients;
        var settings = new Dictionary<string, string?>(extraSettings);
        foreach (var id in shopIds)
        {
            settings[ShopSecrets.WebhookSecretKey(id)] = Secret;
            settings[ShopSecrets.PreviousWebhookSecretKey(id)] = PreviousSecret;
        }
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection().AddLogging().AddHubCore(configuration, Storage);
        services.AddSingleton<TimeProvider>(Time);
        services.AddSingleton<WebhookFunctions>();
        Services = services.BuildServiceProvider();
        Functions = Services.GetRequiredService<WebhookFunctions>();
    }

    public T Get<T>() where T : notnull => Services.GetRequiredService<T>();

    public async Task<Shop> AddShopAsync(string id, string platform) =>
        await Get<ShopStore>().SaveAsync(new Shop { Id = id, Platform = platform });

    public async Task<(int Status, string Body)> PostAsync(string platform, string shopId, string body, IDictionary<string, string> headers, string? token = null)
    {
        var context = new DefaultHttpContext();
        var bytes = Encoding.UTF8.GetBytes(body);
        context.Request.Method = "POST";
        context.Request.Body = new MemoryStream(bytes);
        context.Request.ContentLength = bytes.Length;
        foreach (var (name, value) in headers)
        {
            context.Request.Headers[name] = value;
        }
        var result = (ContentResult)await Functions.Receive(context.Request, platform, shopId, token, CancellationToken.None);
        return (result.StatusCode ?? 200, result.Content ?? "");
    }

    public static string Sign(string body, string secret) => HmacSignature.Compute(Encoding.UTF8.GetBytes(body), secret);

    /// <summary>The queued messages for one shop, taken off the queue (others are left on it).</summary>
    public Task<List<QueueMessage>> TakeMessagesAsync(string shopId, string queue = QueueNames.ShopEvents) =>
        Queues.TakeAsync(queue, message => message.MessageText.Contains($"\"shopId\":\"{shopId}\"", StringComparison.Ordinal));

    /// <summary>The same message as the host would hand it over on its Nth delivery.</summary>
    public static QueueMessage Redelivered(QueueMessage message, int dequeueCount) => QueuesModelFactory.QueueMessage(
        message.MessageId, message.PopReceipt, message.Body, dequeueCount, message.NextVisibleOn, message.InsertedOn, message.ExpiresOn);
}
