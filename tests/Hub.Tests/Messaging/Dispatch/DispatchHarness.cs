using System.Collections.Concurrent;
using Azure.Data.Tables;
using Hub.Customers;
using Hub.Messaging;
using Hub.Messaging.Channels;
using Hub.Shops;
using Hub.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Hub.Tests.Messaging.Dispatch;

/// <summary>
/// A provider that records every message it is given and answers as the test says: the "provider" side of dispatch
/// tests (each real provider's answers are tested against its WireMock peer in its own folder).
/// </summary>
sealed class RecordingSender(Channel channel, int maxBatch) : IChannelSender
{
    public const string ProviderId = "recording";
    public readonly ConcurrentQueue<OutboundMessage> Sent = new();
    public Func<OutboundMessage, SendOutcome>? Answer { get; set; }
    public int Calls;

    public Channel Channel { get; } = channel;
    public string Provider => ProviderId;
    public int MaxBatch { get; } = maxBatch;

    public async Task<IReadOnlyList<SendOutcome>> SendAsync(string shopId, IReadOnlyList<OutboundMessage> messages, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref Calls);
        await Task.Yield();
        foreach (var m in messages)
        {
            Sent.Enqueue(m);
        }
        return messages.Select(m => Answer?.Invoke(m) ?? new SendOutcome(m.MessageId, SendResult.Sent, "p-" + m.MessageId, 0.40m, "RUB")).ToList();
    }
}

/// <summary>A shop on Azurite whose email and SMS go to <see cref="RecordingSender"/>s, with the hub's services and a fake clock.</summary>
sealed class DispatchHarness : IAsyncDisposable
{
    public readonly string ShopId = AzuriteFixture.NewShopId("disp");
    public readonly FakeTimeProvider Time = new(new DateTimeOffset(2026, 11, 25, 9, 0, 0, TimeSpan.Zero));
    public readonly RecordingSender Email = new(Channel.Email, 1000);
    public readonly RecordingSender Sms = new(Channel.Sms, 1);
    readonly ServiceProvider services;
    readonly StorageClients clients;

    /// <summary>This harness's own queues (the fixture's tables).</summary>
    public OwnQueues Queues { get; }

    /// <param name="settings">Extra settings (a real provider for a channel, webhook secrets); they win over the recording senders.</param>
    public DispatchHarness(AzuriteFixture azurite, Func<string, IDictionary<string, string?>>? settings = null)
    {
        Queues = new OwnQueues(azurite);
        clients = Queues.Clients;
        var values = new Dictionary<string, string?>
        {
            [ChannelRouter.Key(ShopId, Channel.Email)] = RecordingSender.ProviderId,
            [ChannelRouter.Key(ShopId, Channel.Sms)] = RecordingSender.ProviderId,
        };
        foreach (var (key, value) in settings?.Invoke(ShopId) ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var collection = new ServiceCollection()
            .AddLogging(l => l.SetMinimumLevel(LogLevel.Warning))
            .AddHubCore(configuration, clients)
            .AddSingleton<TimeProvider>(Time);
        collection.AddSingleton<IChannelSender>(Email);
        collection.AddSingleton<IChannelSender>(Sms);
        services = collection.BuildServiceProvider();
    }

    public T Get<T>() where T : notnull => services.GetRequiredService<T>();
    public MessageDispatcher Dispatcher => Get<MessageDispatcher>();
    public SendLedger Ledger => Get<SendLedger>();

    public async Task<DispatchHarness> WithShopAsync()
    {
        await Get<ShopStore>().SaveAsync(new Shop { Id = ShopId, Platform = Platforms.Csv, Name = "Линзы у дома" });
        return this;
    }

    public static Customer Person(string shopId, int i, bool emailConsent = true) =>
        CustomerFolding.New(shopId, $"c{i:00000}", DateTimeOffset.UnixEpoch) with
        {
            FirstName = "Анна",
            Emails = [new ContactPoint($"c{i}@mail.ru", true)],
            Phones = [new ContactPoint($"+7999{i:0000000}", true)],
            Consents = new Dictionary<Channel, Consent>
            {
                [Channel.Email] = new(emailConsent ? ConsentState.Granted : ConsentState.Denied, "csv", DateTimeOffset.UnixEpoch),
                [Channel.Sms] = new(ConsentState.Granted, "csv", DateTimeOffset.UnixEpoch),
            },
        };

    /// <summary>Writes customers in batches (as the bulk import does) and returns their ids.</summary>
    public async Task<List<string>> AddCustomersAsync(int count, Func<int, Customer>? make = null)
    {
        var people = Enumerable.Range(0, count).Select(i => make?.Invoke(i) ?? Person(ShopId, i)).ToList();
        await Get<TableBatchWriter>().WriteAsync(TableNames.Customers, people.Select(p => new TableTransactionAction(TableTransactionActionType.UpsertReplace, CustomerEntities.ToEntity(p))));
        return people.Select(p => p.Id).ToList();
    }

    public DispatchJob Job(IReadOnlyList<string> ids, Channel channel = Channel.Email, MessageKind kind = MessageKind.Marketing, string source = "campaign-1", int step = 0) =>
        new(ShopId, source, step, channel, "win-back", kind, ids);

    public async ValueTask DisposeAsync() => await services.DisposeAsync();
}
