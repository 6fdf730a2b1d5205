using Azure.Data.Tables;
using Hub.Customers;
using Hub.Messaging;
using Hub.Messaging.Campaigns;
using Hub.Segments;
using Hub.Shops;
using Hub.Storage;
using Hub.Tests.Messaging.Dispatch;

namespace Hub.Tests.Messaging.Campaigns;

/// <summary>
/// A shop on Azurite for campaign tests: the hub's services on a fake clock (Wednesday 2026-11-25 09:00 UTC, 12:00 in
/// Moscow), email and SMS going to recording providers, segment members written as the segment engine writes them,
/// and the campaign-steps queue drained in-process the way the queue trigger would run it.
/// </summary>
sealed class CampaignHarness : IAsyncDisposable
{
    readonly DispatchHarness dispatch;
    readonly AzuriteFixture azurite;

    public CampaignHarness(AzuriteFixture azurite)
    {
        this.azurite = azurite;
        dispatch = new DispatchHarness(azurite);
    }

    public string ShopId => dispatch.ShopId;
    public Microsoft.Extensions.Time.Testing.FakeTimeProvider Time => dispatch.Time;
    public RecordingSender Email => dispatch.Email;
    public RecordingSender Sms => dispatch.Sms;
    public SendLedger Ledger => dispatch.Ledger;
    public T Get<T>() where T : notnull => dispatch.Get<T>();
    public CampaignStore Campaigns => Get<CampaignStore>();

    public async Task<CampaignHarness> WithShopAsync(CampaignSettings? settings = null)
    {
        await dispatch.WithShopAsync();
        await Campaigns.SaveSettingsAsync(ShopId, settings ?? new CampaignSettings { Caps = [], QuietHours = "none" });
        return this;
    }

    public Task<Shop> ShopAsync() => Get<ShopStore>().RequireAsync(ShopId);

    /// <summary>Customer i: Анна with email c{i}@mail.ru and phone +7999…, consent to both unless changed.</summary>
    public static Customer Person(string shopId, int i) => DispatchHarness.Person(shopId, i);

    public async Task<List<string>> AddCustomersAsync(int count, Func<int, Customer>? make = null) =>
        await dispatch.AddCustomersAsync(count, make);

    public Task PutAsync(Customer customer) => Get<CustomerStore>().PutAsync(customer);

    public async Task<Customer> CustomerAsync(string id) => (await Get<CustomerStore>().GetAsync(ShopId, id))!.Customer;

    /// <summary>
    /// Makes these customers members of a segment as a computation would: each row with the customer's reach as it is
    /// now, or (<paramref name="withReach"/> false) without it, as rows written before rows carried it.
    /// </summary>
    public async Task JoinAsync(string segmentId, IEnumerable<string> ids, Func<string, MemberDetail?>? detail = null, bool withReach = true)
    {
        var list = ids.ToList();
        var people = withReach ? await Get<CustomerStore>().GetManyAsync(ShopId, list) : [];
        var rows = list.Select(id => SegmentMemberStore.Join(ShopId,
            new SegmentMember(segmentId, id, Time.GetUtcNow(), 1000m, detail?.Invoke(id), people.GetValueOrDefault(id) is { } c ? MemberReach.Of(c) : null)));
        await Get<TableBatchWriter>().WriteAsync(TableNames.SegmentMembers, rows);
    }

    public async Task<Campaign> SaveAsync(Campaign campaign)
    {
        var saved = campaign with { ShopId = ShopId, CreatedAt = campaign.CreatedAt == default ? Time.GetUtcNow().AddDays(-1) : campaign.CreatedAt };
        await Campaigns.SaveAsync(saved);
        return saved;
    }

    public static Campaign Cascade(string id, string segment, params CampaignStep[] steps) => new()
    {
        Id = id, ShopId = "", Kind = CampaignKind.OneOff, SegmentId = segment, Steps = steps,
    };

    public static CampaignStep Step(Channel channel, TimeSpan? wait = null, string template = "win-back") => new([channel], template, wait);

    /// <summary>Starts a run and processes its first step (and whatever that queues) as the functions would.</summary>
    public async Task<CampaignRunStart> StartAsync(Campaign campaign, string runKey = "run-1", IReadOnlyCollection<string>? customers = null)
    {
        var start = await Get<CampaignRunner>().StartAsync(await ShopAsync(), campaign, runKey, customers);
        await DrainAsync();
        return start;
    }

    /// <summary>Runs the campaign-steps messages in-process until none is left (those they queue too); returns the step reports.</summary>
    public async Task<List<CascadeStepReport>> DrainAsync()
    {
        var reports = new List<CascadeStepReport>();
        for (var round = 0; round < 200 && await dispatch.Queues.TakeAsync(QueueNames.CampaignSteps) is { Count: > 0 } batch; round++)
        {
            foreach (var message in batch)
            {
                var job = await QueueEnvelope.Parse(message.MessageText).ReadBodyAsync<CampaignStepJob>(azurite.Clients);
                reports.Add(await Get<CascadeStepProcessor>().HandleAsync(job));
            }
        }
        return reports;
    }

    /// <summary>The timer's look for this shop, with released batches run in-process.</summary>
    public async Task<CampaignTick> TickAsync()
    {
        var processor = Get<CascadeStepProcessor>();
        var tick = await Get<CampaignScheduler>().TickAsync(await ShopAsync(), async (job, ct) => await processor.HandleAsync(job, ct));
        await DrainAsync();
        return tick;
    }

    /// <summary>Who got what: (customer, channel) in send order.</summary>
    public List<(string Customer, Channel Channel)> Sent() =>
        Email.Sent.Select(m => (m.CustomerId, m.Channel)).Concat(Sms.Sent.Select(m => (m.CustomerId, m.Channel))).ToList();

    public async Task<LedgerEntry?> EntryAsync(Campaign campaign, string runKey, string customerId, int step, int channel = 0) =>
        await Ledger.GetAsync(ShopId, campaign.SourceOf(runKey), customerId, Campaign.LedgerStep(step, channel));

    public ValueTask DisposeAsync() => dispatch.DisposeAsync();
}
