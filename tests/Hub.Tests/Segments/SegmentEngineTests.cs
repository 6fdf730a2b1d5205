using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Core;
using Azure.Data.Tables;
using Hub.Customers;
using Hub.Segments;
using Hub.Shops;
using Hub.Storage;
using Hub.Tests.Storage;
using Hub.Tests.Webhooks;
using Microsoft.Extensions.Logging.Abstractions;

namespace Hub.Tests.Segments;

public sealed class SegmentEngineTests(AzuriteFixture azurite)
{
    static OrderRecord Order(string email, string id, DateTimeOffset at, decimal total, string brand = "Alcon") => new()
    {
        Source = Platforms.Csv,
        ExternalId = id,
        Currency = "RUB",
        Total = total,
        CreatedAt = at,
        UpdatedAt = at,
        Customer = new CustomerRecord { Source = Platforms.Csv, Emails = [email] },
        Items = [new LineItem("p-" + brand, null, brand + " lens", brand, "Lenses", 1, total)],
    };

    static async Task<HashSet<string>> SegmentsOf(WebhookHarness harness, string shopId, string customerId)
    {
        var members = await harness.Get<SegmentEngine>().Members.ReadCustomerAsync(shopId, customerId, SegmentIds.BuiltIn);
        return members.Select(m => m.SegmentId).ToHashSet();
    }

    async Task<(WebhookHarness Harness, Shop Shop, Dictionary<string, string> Ids)> ShopWithCustomersAsync()
    {
        var shopId = AzuriteFixture.NewShopId("seg");
        var harness = new WebhookHarness(azurite, shopId);
        var shop = await harness.AddShopAsync(shopId, Platforms.Shopify);
        var ingestion = harness.Get<CustomerIngestion>();
        var now = harness.Time.GetUtcNow();
        var ids = new Dictionary<string, string>();
        ids["lead"] = (await ingestion.UpsertCustomerAsync(shop, new CustomerRecord { Source = Platforms.Csv, Emails = ["lead@example.ru"] }, ApplyMode.Profile)).CustomerId!;
        ids["anna"] = (await ingestion.UpsertOrderAsync(shop, Order("anna.smirnova@example.com", "a1", now.AddDays(-400), 3000m))).CustomerId!;
        ids["boris"] = (await ingestion.UpsertOrderAsync(shop, Order("boris@example.ru", "b1", now.AddDays(-10), 1500m))).CustomerId!;
        await ingestion.UpsertOrderAsync(shop, Order("vera@example.ru", "v1", now.AddDays(-90), 800m, "Bausch"));
        ids["vera"] = (await ingestion.UpsertOrderAsync(shop, Order("vera@example.ru", "v2", now.AddDays(-60), 900m, "Bausch"))).CustomerId!;
        return (harness, shop, ids);
    }

    [Fact]
    public async Task A_full_run_places_every_customer_and_a_second_run_changes_nothing()
    {
        var (harness, shop, ids) = await ShopWithCustomersAsync();
        var engine = harness.Get<SegmentEngine>();

        var first = await engine.ComputeAllAsync(shop.Id);

        Assert.Equal(4, first.Customers);
        Assert.Contains(SegmentIds.Leads, await SegmentsOf(harness, shop.Id, ids["lead"]));
        Assert.Contains(SegmentIds.Lapsed, await SegmentsOf(harness, shop.Id, ids["anna"]));
        Assert.Contains(SegmentIds.New, await SegmentsOf(harness, shop.Id, ids["boris"]));
        Assert.Contains(SegmentIds.Repeat, await SegmentsOf(harness, shop.Id, ids["vera"]));
        // RFM scores are kept with the customer's memberships (their rfm-* segment's detail).
        var boris = await harness.Get<SegmentMemberStore>().ScoreAsync(shop.Id, ids["boris"]);
        Assert.NotNull(boris);
        Assert.Contains(boris!.Segment.Id, await SegmentsOf(harness, shop.Id, ids["boris"]));
        Assert.Null(await harness.Get<SegmentMemberStore>().ScoreAsync(shop.Id, ids["lead"])); // no orders, no RFM
        var enteredBefore = (await engine.Members.ReadCustomerAsync(shop.Id, ids["anna"], [SegmentIds.Lapsed])).Single().EnteredAt;

        harness.Time.Advance(TimeSpan.FromMinutes(10));
        var second = await engine.ComputeAllAsync(shop.Id);

        Assert.Equal((0, 0, 0), (second.Entered, second.Left, second.Writes));
        Assert.Equal(enteredBefore, (await engine.Members.ReadCustomerAsync(shop.Id, ids["anna"], [SegmentIds.Lapsed])).Single().EnteredAt);
        var (summary, segments) = await harness.Get<SegmentOverview>().ListAsync(shop.Id);
        Assert.Equal(4, summary!.Customers);
        Assert.Equal(1, segments.Single(s => s.Id == SegmentIds.Leads).Members);
        Assert.Equal(1.0, segments.Where(s => SegmentIds.Lifecycle.Contains(s.Id)).Sum(s => s.RevenueShare), 3);
    }

    [Fact]
    public async Task A_bucket_job_that_dies_halfway_loses_no_entered_event_and_its_retry_sends_none_twice()
    {
        var shopId = AzuriteFixture.NewShopId("segf");
        var harness = new WebhookHarness(azurite, shopId);
        var shop = await harness.AddShopAsync(shopId, Platforms.Csv);
        var bucket = Buckets.Of("c00000");
        var leads = Enumerable.Range(0, 10_000).Select(i => $"c{i:00000}").Where(id => Buckets.Of(id) == bucket).Take(3).ToArray();
        foreach (var (id, i) in leads.Select((id, i) => (id, i)))
        {
            await harness.Get<CustomerStore>().PutAsync(CustomerFolding.New(shopId, id, harness.Time.GetUtcNow().AddDays(-30)) with
            {
                Emails = [new ContactPoint($"lead{i}@example.ru", true)],
            });
        }
        var engine = harness.Get<SegmentEngine>();
        var stats = await engine.LearnAsync(shopId);
        // The same engine writing one row at a time on storage that fails every member write after the first.
        var memberWrites = 0;
        var clients = RequestHook.Clients(azurite, message =>
        {
            var path = message.Request.Uri.Path;
            var memberWrite = message.Request.Method != RequestMethod.Get && (path.Contains("/SegmentMembers", StringComparison.Ordinal) || path.EndsWith("$batch", StringComparison.Ordinal));
            if (memberWrite && Interlocked.Increment(ref memberWrites) > 1)
            {
                throw new IOException("Injected: the storage account went away during a member write.");
            }
        }).WithQueues(harness.Queues);
        var dying = new SegmentEngine(clients, harness.Get<ShopStore>(), harness.Get<SegmentDefinitionStore>(), harness.Get<SegmentStatsStore>(),
            new QueueProducer(clients), new TableLease(clients, harness.Time), harness.Time, NullLogger<SegmentEngine>.Instance) { FlushEvery = 1 };

        var error = await Assert.ThrowsAnyAsync<Exception>(() => dying.ComputeBucketAsync(shopId, stats.RunId, bucket));
        var written = await engine.Members.ReadBucketAsync(shopId, bucket);
        var heardFirst = await EnteredLeadsAsync();
        var retry = await engine.ComputeBucketAsync(shopId, stats.RunId, bucket);
        var heardAfter = await EnteredLeadsAsync();

        Assert.Contains("member write", error.Message);
        Assert.Single(written); // the row written before it died
        Assert.Equal((SegmentJobStatus.Done, 2), (retry.Status, retry.Entered));
        // Campaigns on "leads" heard of each of the three exactly once, the first one's entry included.
        Assert.Equal(leads.Order(StringComparer.Ordinal), heardFirst.Concat(heardAfter).Order(StringComparer.Ordinal));
        // The next run announces nothing again.
        harness.Time.Advance(TimeSpan.FromMinutes(10));
        await engine.ComputeAllAsync(shopId);
        Assert.Empty(await EnteredLeadsAsync());

        async Task<string[]> EnteredLeadsAsync() => (await harness.TakeMessagesAsync(shopId, QueueNames.SegmentChanges))
            .Select(m => QueueEnvelope.Parse(m.MessageText).Body!.Value.Deserialize<SegmentChanges>(HubJson.Options)!)
            .Where(e => e is { Change: "entered", SegmentId: SegmentIds.Leads })
            .SelectMany(e => e.CustomerIds)
            .ToArray();
    }

    [Fact]
    public async Task A_customer_row_holds_all_their_memberships_and_removing_a_segment_keeps_the_others()
    {
        var (harness, shop, ids) = await ShopWithCustomersAsync();
        var engine = harness.Get<SegmentEngine>();
        var parsed = SegmentDefinitionParser.Parse("""{ "id": "bausch", "name": "Bausch buyers", "rule": { "bought": { "brand": "Bausch" } } }""", new HashSet<string>());
        await harness.Get<SegmentDefinitionStore>().SaveAsync(shop.Id, parsed.Definitions);
        await engine.ComputeAllAsync(shop.Id);
        var store = engine.Members;

        // Vera: repeat buyer of Bausch, in one RFM cell; one row, so listing each segment finds her.
        var vera = (await store.ReadCustomerAsync(shop.Id, ids["vera"])).Select(m => m.SegmentId).ToList();
        Assert.Equal(["bausch", "repeat"], vera.Intersect(["bausch", "repeat", "lapsed"]).Order());
        Assert.Single(vera, id => id.StartsWith("rfm-"));
        var bucket = Buckets.Of(ids["vera"]);
        Assert.Equal([ids["vera"]], await store.MemberIdsOfBucketAsync(shop.Id, "bausch", bucket));
        Assert.DoesNotContain(ids["vera"], await store.MemberIdsOfBucketAsync(shop.Id, SegmentIds.Lapsed, bucket));
        Assert.Equal(1700m, (await store.MembersOfBucketAsync(shop.Id, "bausch", bucket)).Single().Spent);

        Assert.Equal(1, await store.RemoveSegmentAsync(shop.Id, "bausch"));
        Assert.Empty(await store.MembersAsync(shop.Id, "bausch").ToListAsync());
        Assert.Contains(SegmentIds.Repeat, await SegmentsOf(harness, shop.Id, ids["vera"]));
        Assert.NotNull(await store.ScoreAsync(shop.Id, ids["vera"]));

        // A customer whose last membership goes has no row left.
        Assert.True(await store.RemoveAsync(shop.Id, SegmentIds.Leads, ids["lead"]));
        Assert.Empty(await store.ReadCustomerAsync(shop.Id, ids["lead"]));
        Assert.False(await store.RemoveAsync(shop.Id, SegmentIds.Leads, ids["lead"]));
        var row = await harness.Get<StorageClients>().Tables.GetTableClient(TableNames.SegmentMembers)
            .GetEntityIfExistsAsync<TableEntity>(SegmentMemberStore.Partition(shop.Id, ids["lead"]), ids["lead"]);
        Assert.False(row.HasValue);
    }

    [Fact]
    public async Task An_order_webhook_moves_a_lapsed_customer_out_of_lapsed_without_a_full_run()
    {
        var (harness, shop, ids) = await ShopWithCustomersAsync();
        await harness.Get<SegmentEngine>().ComputeAllAsync(shop.Id);
        Assert.Contains(SegmentIds.Lapsed, await SegmentsOf(harness, shop.Id, ids["anna"]));

        var order = JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "fixtures", "shopify", "orders-create.json")))!;
        order["created_at"] = harness.Time.GetUtcNow().ToString("O");
        order["updated_at"] = harness.Time.GetUtcNow().ToString("O");
        var body = order.ToJsonString();
        var (status, _) = await harness.PostAsync("shopify", shop.Id, body, new Dictionary<string, string>
        {
            ["X-Shopify-Topic"] = "orders/create",
            ["X-Shopify-Hmac-Sha256"] = WebhookHarness.Sign(body, WebhookHarness.Secret),
            ["X-Shopify-Webhook-Id"] = Guid.NewGuid().ToString(),
            ["X-Shopify-Shop-Domain"] = "demo.myshopify.com",
        });
        Assert.Equal(200, status);
        await harness.Functions.Process(Assert.Single(await harness.TakeMessagesAsync(shop.Id)), CancellationToken.None);

        var changed = Assert.Single(await harness.TakeMessagesAsync(shop.Id, QueueNames.CustomerChanges));
        var result = await harness.Get<SegmentQueueHandler>().HandleAsync(QueueEnvelope.Parse(changed.MessageText));

        Assert.Equal(SegmentJobStatus.Done, result.Status);
        var now = await SegmentsOf(harness, shop.Id, ids["anna"]);
        Assert.DoesNotContain(SegmentIds.Lapsed, now);
        Assert.Contains(SegmentIds.Repeat, now);
        // Campaigns hear of it: Anna left "lapsed" and entered "repeat".
        var events = (await harness.TakeMessagesAsync(shop.Id, QueueNames.SegmentChanges))
            .Select(m => QueueEnvelope.Parse(m.MessageText).Body!.Value.Deserialize<SegmentChanges>(HubJson.Options)!)
            .Where(e => e.CustomerIds.Contains(ids["anna"]))
            .Select(e => $"{e.Change} {e.SegmentId}")
            .ToArray();
        Assert.Contains($"left {SegmentIds.Lapsed}", events);
        Assert.Contains($"entered {SegmentIds.Repeat}", events);
        var (_, segments) = await harness.Get<SegmentOverview>().ListAsync(shop.Id);
        Assert.Equal(0, segments.Single(s => s.Id == SegmentIds.Lapsed).Members);
    }

    [Fact]
    public async Task An_erased_customer_leaves_every_segment()
    {
        var (harness, shop, ids) = await ShopWithCustomersAsync();
        var engine = harness.Get<SegmentEngine>();
        await engine.ComputeAllAsync(shop.Id);

        await harness.Get<CustomerIngestion>().ApplyAsync(shop, new ShopChange.EraseCustomer(new CustomerRecord { Source = Platforms.Csv, Emails = ["boris@example.ru"] }));
        await engine.RecomputeCustomerAsync(shop.Id, ids["boris"]);

        Assert.Empty(await SegmentsOf(harness, shop.Id, ids["boris"]));
    }

    [Fact]
    public async Task A_bucket_held_by_another_run_is_not_computed_twice_at_once()
    {
        var (harness, shop, ids) = await ShopWithCustomersAsync();
        var engine = harness.Get<SegmentEngine>();
        var stats = await engine.LearnAsync(shop.Id);
        var bucket = Buckets.Of(ids["anna"]);
        await using var held = await harness.Get<TableLease>().TryAcquireAsync($"{shop.Id}|segments", bucket.ToString("00"), TimeSpan.FromMinutes(5));
        Assert.NotNull(held);

        Assert.Equal(SegmentJobStatus.Busy, (await engine.ComputeBucketAsync(shop.Id, stats.RunId, bucket)).Status);
        Assert.Equal(SegmentJobStatus.Busy, (await engine.RecomputeCustomerAsync(shop.Id, ids["anna"])).Status);

        // An expired lease is taken over: a crashed worker blocks a bucket only until its lease runs out.
        harness.Time.Advance(SegmentEngine.BucketLease + TimeSpan.FromSeconds(1));
        Assert.Equal(SegmentJobStatus.Done, (await engine.ComputeBucketAsync(shop.Id, stats.RunId, bucket)).Status);
        // A bucket job of an older run than the one in force does nothing.
        harness.Time.Advance(TimeSpan.FromSeconds(1));
        await engine.LearnAsync(shop.Id);
        Assert.Equal(SegmentJobStatus.Superseded, (await engine.ComputeBucketAsync(shop.Id, stats.RunId, bucket)).Status);
    }
}
