using System.Security.Cryptography;
using System.Text;
using Hub.Audiences;
using Hub.Customers;
using Hub.Storage;
using Hub.Tests.Audiences.Yandex;

namespace Hub.Tests.Audiences;

/// <summary>
/// Audience syncs end to end: members and customers on Azurite, the Yandex Audience API faked on loopback with its
/// documented shapes, time on a fake clock.
/// </summary>
public sealed class AudienceSyncTests(AzuriteFixture azurite)
{
    static string Sha256(string value) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)));

    async Task<AudienceHarness> ShopWithMembersAsync(int members, bool withToken = true)
    {
        var harness = await new AudienceHarness(azurite, withToken).WithShopAsync();
        await harness.AddMembersAsync("repeat", Enumerable.Range(0, members).Select(i => AudienceHarness.Person(harness.ShopId, $"c{i:000}", phone: $"+7999{i:0000000}")));
        await harness.AddAudienceAsync("seed", "repeat");
        return harness;
    }

    [Fact]
    public async Task The_first_sync_creates_a_hashed_crm_segment_and_polling_follows_it_to_processed()
    {
        await using var h = await ShopWithMembersAsync(120);

        var sync = await h.Publisher.SyncAsync(h.ShopId, "seed");

        Assert.Equal(AudienceSyncStatus.Processing, sync!.Status);
        Assert.Equal(120, sync.UniqueContacts);
        var upload = Assert.Single(h.Yandex.Uploads);
        Assert.True(upload.IsCreate);
        var lines = upload.Text.TrimEnd('\n').Split('\n');
        Assert.Equal("email,phone", lines[0]);
        Assert.Contains($"{Sha256("c007@mail.ru")},{Sha256("79990000007")}", lines);
        Assert.DoesNotContain("@", upload.Text);
        var confirm = Assert.Single(h.Yandex.Confirms);
        Assert.Contains("\"content_type\":\"crm\"", confirm.Body);
        Assert.Contains("\"hashing_alg\":\"SHA256\"", confirm.Body);
        var audience = await h.AudienceAsync("seed");
        Assert.Equal(h.Yandex.LastSegmentId.ToString(), audience.RemoteId);

        Assert.Equal(0, await h.Scheduler.PollDueAsync(h.ShopId));
        h.Yandex.SetStatus(h.Yandex.LastSegmentId, "processed", matched: 97);
        h.Time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(1, await h.Scheduler.PollDueAsync(h.ShopId));

        var latest = (await h.Store.HistoryAsync(h.ShopId, "seed", 5)).First();
        Assert.Equal(AudienceSyncStatus.Ready, latest.Status);
        Assert.Equal(97, latest.Matched);
        Assert.Contains("97 of 120 contacts matched", latest.Message);
        Assert.Null((await h.AudienceAsync("seed")).PendingSyncId);
    }

    [Fact]
    public async Task Polling_backs_off_while_yandex_is_still_processing()
    {
        await using var h = await ShopWithMembersAsync(100);
        await h.Publisher.SyncAsync(h.ShopId, "seed");

        var asked = new List<TimeSpan>();
        var start = h.Time.GetUtcNow();
        for (var minute = 0; minute < 16; minute++)
        {
            h.Time.Advance(TimeSpan.FromMinutes(1));
            if (await h.Scheduler.PollDueAsync(h.ShopId) > 0)
            {
                asked.Add(h.Time.GetUtcNow() - start);
            }
        }

        Assert.Equal([1, 3, 7, 15], asked.Select(t => (int)t.TotalMinutes));
        Assert.Equal(AudienceSyncStatus.Processing, (await h.Store.HistoryAsync(h.ShopId, "seed", 1))[0].Status);
    }

    [Fact]
    public async Task Few_data_is_recorded_apart_from_too_small()
    {
        await using var h = await ShopWithMembersAsync(100);
        await h.Publisher.SyncAsync(h.ShopId, "seed");
        h.Yandex.SetStatus(h.Yandex.LastSegmentId, "few_data", matched: 41);

        var polled = await h.Publisher.PollAsync(h.ShopId, "seed");

        Assert.Equal(AudienceSyncStatus.FewData, polled!.Status);
        Assert.Equal("few_data", polled.RemoteStatus);
        Assert.Contains("41 of 100", polled.Message);
    }

    [Fact]
    public async Task Under_one_hundred_unique_contacts_nothing_is_sent_and_the_sync_says_why()
    {
        await using var h = await ShopWithMembersAsync(99);

        var sync = await h.Publisher.SyncAsync(h.ShopId, "seed");

        Assert.Equal(AudienceSyncStatus.TooSmall, sync!.Status);
        Assert.StartsWith("99 unique contacts; Yandex Audience needs at least 100", sync.Message);
        Assert.Empty(h.Yandex.Requests);
        Assert.Null((await h.AudienceAsync("seed")).RemoteId);
    }

    [Fact]
    public async Task An_unchanged_file_is_not_uploaded_again()
    {
        await using var h = await ShopWithMembersAsync(100);
        await h.Publisher.SyncAsync(h.ShopId, "seed");
        h.Time.Advance(TimeSpan.FromHours(25));

        var again = await h.Publisher.SyncAsync(h.ShopId, "seed");

        Assert.Equal(AudienceSyncStatus.Unchanged, again!.Status);
        Assert.Single(h.Yandex.Uploads);
    }

    [Fact]
    public async Task A_refresh_replaces_the_same_segment_and_people_who_opted_out_leave_it()
    {
        await using var h = await ShopWithMembersAsync(110);
        await h.Publisher.SyncAsync(h.ShopId, "seed");
        var segmentId = h.Yandex.LastSegmentId;
        h.Yandex.SetStatus(segmentId, "processed", matched: 100);
        await h.Publisher.PollAsync(h.ShopId, "seed");
        var optedOut = AudienceHarness.Person(h.ShopId, "c005", phone: "+79990000005") with
        {
            Consents = new Dictionary<Channel, Consent> { [Channel.Ads] = new(ConsentState.Denied, "shopify", h.Time.GetUtcNow()) },
        };
        await new CustomerStore(azurite.Clients).PutAsync(optedOut);
        h.Time.Advance(TimeSpan.FromHours(24));

        var refresh = await h.Publisher.SyncAsync(h.ShopId, "seed");

        Assert.True(refresh!.Replaced);
        Assert.Equal((1, 1), (h.Yandex.Creates, h.Yandex.Modifies));
        var replace = h.Yandex.Uploads[^1];
        Assert.Equal((segmentId, "replace"), (replace.SegmentId, replace.ModificationType));
        Assert.DoesNotContain(Sha256("c005@mail.ru"), replace.Text);
        Assert.Contains(Sha256("c005@mail.ru"), h.Yandex.Uploads[0].Text);
        Assert.Equal(109, refresh.UniqueContacts);
        Assert.Equal(1, refresh.Excluded[AudienceExclusion.NoAdsConsent]);
        Assert.Equal(segmentId.ToString(), (await h.AudienceAsync("seed")).RemoteId);
    }

    [Fact]
    public async Task A_failed_processing_makes_the_next_sync_upload_the_same_file_again()
    {
        await using var h = await ShopWithMembersAsync(100);
        await h.Publisher.SyncAsync(h.ShopId, "seed");
        h.Yandex.SetStatus(h.Yandex.LastSegmentId, "processing_failed");
        Assert.Equal(AudienceSyncStatus.Failed, (await h.Publisher.PollAsync(h.ShopId, "seed"))!.Status);

        var retry = await h.Publisher.SyncAsync(h.ShopId, "seed");

        Assert.Equal(AudienceSyncStatus.Processing, retry!.Status);
        Assert.Equal(2, h.Yandex.Uploads.Count);
    }

    [Fact]
    public async Task A_quota_answer_defers_the_sync_with_backoff_and_the_timer_retries_it_when_due()
    {
        await using var h = await ShopWithMembersAsync(100);
        h.Yandex.QuotaNext(1, endpoint: YandexAudienceFake.Upload);

        var deferred = await h.Publisher.SyncAsync(h.ShopId, "seed");

        Assert.Equal(AudienceSyncStatus.Deferred, deferred!.Status);
        Assert.Contains(YandexAudienceFake.QuotaMessage, deferred.Message);
        Assert.Equal(h.Time.GetUtcNow().AddMinutes(5), deferred.RetryAt);
        Assert.Equal(0, await h.Scheduler.EnqueueDueSyncsAsync(h.ShopId));
        h.Time.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(1, await h.Scheduler.EnqueueDueSyncsAsync(h.ShopId));

        h.Yandex.QuotaNext(1, endpoint: YandexAudienceFake.Upload);
        var second = await h.Publisher.SyncAsync(h.ShopId, "seed");
        Assert.Equal(h.Time.GetUtcNow().AddMinutes(10), second!.RetryAt);

        h.Time.Advance(TimeSpan.FromMinutes(10));
        Assert.Equal(AudienceSyncStatus.Processing, (await h.Publisher.SyncAsync(h.ShopId, "seed"))!.Status);
        Assert.Equal(0, (await h.AudienceAsync("seed")).Deferrals);
    }

    [Fact]
    public async Task When_the_shared_quota_is_spent_yandex_is_not_called_at_all()
    {
        await using var h = await ShopWithMembersAsync(100);
        var ledger = h.Get<AdQuotaLedger>();
        for (var i = 0; i < 10; i++)
        {
            await ledger.TryTakeAsync("yandex", h.ShopId, AdQuota.Yandex, 1);
        }

        var sync = await h.Publisher.SyncAsync(h.ShopId, "seed");

        Assert.Equal(AudienceSyncStatus.Deferred, sync!.Status);
        Assert.Equal(new DateTimeOffset(2026, 11, 25, 9, 1, 0, TimeSpan.Zero), sync.RetryAt);
        Assert.Empty(h.Yandex.Requests);
    }

    [Fact]
    public async Task Without_a_token_the_sync_records_which_setting_is_missing()
    {
        await using var h = await ShopWithMembersAsync(100, withToken: false);

        var sync = await h.Publisher.SyncAsync(h.ShopId, "seed");

        Assert.Equal(AudienceSyncStatus.Error, sync!.Status);
        Assert.Contains($"Shops__{h.ShopId}__YandexAudienceToken", sync.Message);
        Assert.Empty(h.Yandex.Requests);
    }

    [Fact]
    public async Task Members_of_the_exclusion_segment_stay_out_and_are_counted()
    {
        await using var h = await ShopWithMembersAsync(110);
        await h.AddMembersAsync("new", Enumerable.Range(0, 7).Select(i => AudienceHarness.Person(h.ShopId, $"c{i:000}", phone: $"+7999{i:0000000}")));
        await h.AddAudienceAsync("seed", "repeat", exclude: "new");

        using var file = new MemoryStream();
        var built = await h.Publisher.BuildAsync(await h.AudienceAsync("seed"), file);

        Assert.Equal(103, built.UniqueContacts);
        Assert.Equal(7, built.Excluded[AudienceExclusion.ExcludedSegment]);
        Assert.DoesNotContain(Sha256("c003@mail.ru"), Encoding.UTF8.GetString(file.ToArray()));
    }

    [Fact]
    public async Task Members_who_unsubscribed_everywhere_stay_out_but_one_open_channel_keeps_them_in()
    {
        await using var h = await ShopWithMembersAsync(100);
        var suppressions = h.Get<Hub.Messaging.Suppressions>();
        var at = h.Time.GetUtcNow();
        await suppressions.AddAsync(h.ShopId, new(Channel.Email, "c001@mail.ru", Hub.Messaging.SuppressionScope.Marketing, "unsubscribe", "sendgrid", at));
        await suppressions.AddAsync(h.ShopId, new(Channel.Sms, "+79990000001", Hub.Messaging.SuppressionScope.Marketing, "stop", "smsaero", at));
        await suppressions.AddAsync(h.ShopId, new(Channel.Email, "c002@mail.ru", Hub.Messaging.SuppressionScope.Marketing, "unsubscribe", "sendgrid", at));

        using var file = new MemoryStream();
        var built = await h.Publisher.BuildAsync(await h.AudienceAsync("seed"), file);

        Assert.Equal(1, built.Excluded[AudienceExclusion.Unsubscribed]);
        Assert.DoesNotContain(Sha256("c001@mail.ru"), Encoding.UTF8.GetString(file.ToArray()));
        Assert.Contains(Sha256("c002@mail.ru"), Encoding.UTF8.GetString(file.ToArray()));
    }

    [Fact]
    public async Task A_queued_job_for_an_audience_synced_meanwhile_does_nothing()
    {
        await using var h = await ShopWithMembersAsync(100);
        Assert.Equal(1, await h.Scheduler.EnqueueDueSyncsAsync(h.ShopId));
        await h.Publisher.SyncAsync(h.ShopId, "seed");

        var result = await h.Scheduler.HandleAsync(QueueEnvelope.Parse(System.Text.Json.JsonSerializer.Serialize(
            new QueueEnvelope(AudienceJob.Type, 1, System.Text.Json.JsonSerializer.SerializeToElement(new AudienceJob(h.ShopId, "seed"), HubJson.Options)), HubJson.Options)));

        Assert.Null(result);
        Assert.Single(h.Yandex.Uploads);
    }
}
