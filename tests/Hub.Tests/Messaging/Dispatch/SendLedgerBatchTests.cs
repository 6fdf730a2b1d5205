using Hub.Customers;
using Hub.Messaging;
using Hub.Messaging.Channels;

namespace Hub.Tests.Messaging.Dispatch;

/// <summary>The ledger's batched claims, skips and outcomes on Azurite: the same answers as one at a time.</summary>
public sealed class SendLedgerBatchTests(AzuriteFixture azurite)
{
    static LedgerEntry Entry(string shop, string source, string customer) => new()
    {
        ShopId = shop, Source = source, CustomerId = customer, Step = 0, Channel = Channel.Email,
        MessageId = SendLedger.MessageIdOf(shop, source, customer, 0), Provider = "sendgrid", Address = $"{customer}@example.ru",
    };

    [Fact]
    public async Task A_batch_that_meets_existing_rows_claims_the_rest_and_reports_each_as_one_claim_would()
    {
        await using var h = await new DispatchHarness(azurite).WithShopAsync();
        var entries = Enumerable.Range(0, 250).Select(i => Entry(h.ShopId, "spring", $"c{i:000}")).ToArray();
        var sent = (await h.Ledger.ClaimAsync(entries[10])).Entry;
        await h.Ledger.RecordAsync(sent, new SendOutcome(sent.MessageId, SendResult.Sent));
        await h.Ledger.ClaimAsync(entries[120]); // being sent by another worker right now
        var retry = (await h.Ledger.ClaimAsync(entries[200])).Entry;
        await h.Ledger.RecordAsync(retry, new SendOutcome(retry.MessageId, SendResult.Retry, RetryAfter: TimeSpan.FromMinutes(5)));
        h.Time.Advance(TimeSpan.FromMinutes(6));

        var results = await h.Ledger.ClaimManyAsync(entries);

        Assert.Equal(ClaimResult.Duplicate, results[10].Result);
        Assert.Equal(ClaimResult.Duplicate, results[120].Result);
        Assert.Equal(ClaimResult.Reclaimed, results[200].Result);
        Assert.Equal(247, results.Count(r => r.Result == ClaimResult.Claimed));
        Assert.Equal(2, (await h.Ledger.GetAsync(h.ShopId, "spring", "c200", 0))!.Attempts);
        // A second pass finds every message taken.
        Assert.All(await h.Ledger.ClaimManyAsync(entries), r => Assert.Equal(ClaimResult.Duplicate, r.Result));
    }

    [Fact]
    public async Task Batch_claimed_messages_are_found_by_our_id_and_by_ids_that_name_one_message_only()
    {
        await using var h = await new DispatchHarness(azurite).WithShopAsync();
        var entries = Enumerable.Range(0, 120).Select(i => Entry(h.ShopId, "autumn", $"c{i:000}")).ToArray();
        var claims = await h.Ledger.ClaimManyAsync(entries);

        // One request for the first hundred (SendGrid gives the request one id), a provider id per message for the rest.
        var outcomes = claims.Select((c, i) => (c.Entry, new SendOutcome(c.Entry.MessageId, SendResult.Sent, i < 100 ? "batch-1" : $"msg-{i}"))).ToArray();
        var recorded = await h.Ledger.RecordManyAsync(outcomes);

        Assert.All(recorded, r => Assert.Equal(SendStatus.Sent, r.Status));
        Assert.Equal("c007", (await h.Ledger.FindAsync(entries[7].MessageId, null, null))!.CustomerId);
        Assert.Equal("c110", (await h.Ledger.FindAsync(null, "sendgrid", "msg-110"))!.CustomerId);
        Assert.Null(await h.Ledger.FindAsync(null, "sendgrid", "batch-1"));
    }

    [Fact]
    public async Task A_retry_takes_the_claim_over_and_the_earlier_attempts_outcome_no_longer_shows()
    {
        await using var h = await new DispatchHarness(azurite).WithShopAsync();
        var entry = Entry(h.ShopId, "spring", "c001");
        var first = (await h.Ledger.ClaimAsync(entry)).Entry;
        await h.Ledger.RecordAsync(first, new SendOutcome(first.MessageId, SendResult.Retry, Error: "429 too many requests", RetryAfter: TimeSpan.FromMinutes(2)));
        Assert.Equal((SendStatus.Retry, "429 too many requests"), ((await h.Ledger.GetAsync(h.ShopId, "spring", "c001", 0))!.Status, (await h.Ledger.GetAsync(h.ShopId, "spring", "c001", 0))!.Error));

        h.Time.Advance(TimeSpan.FromMinutes(3));
        var (result, second) = await h.Ledger.ClaimAsync(entry);

        Assert.Equal(ClaimResult.Reclaimed, result);
        var claimed = (await h.Ledger.GetAsync(h.ShopId, "spring", "c001", 0))!;
        Assert.Equal((SendStatus.Claimed, 2, (string?)null, (DateTimeOffset?)null), (claimed.Status, claimed.Attempts, claimed.Error, claimed.RetryAt));
        // The provider's delivery event arrives before our outcome write; the outcome must not lose it.
        await h.Ledger.MarkAsync(second, ProviderEventKind.Delivered, h.Time.GetUtcNow(), null);
        await h.Ledger.RecordAsync(second, new SendOutcome(second.MessageId, SendResult.Sent, "p-2"));
        var sent = (await h.Ledger.GetAsync(h.ShopId, "spring", "c001", 0))!;
        Assert.Equal((SendStatus.Sent, 2, "p-2"), (sent.Status, sent.Attempts, sent.ProviderMessageId));
        Assert.Equal(h.Time.GetUtcNow(), sent.DeliveredAt);
        Assert.Null(sent.Error);
        Assert.Single(await h.Ledger.OfCustomerAsync(h.ShopId, "c001"));
    }

    [Fact]
    public async Task Skips_in_a_batch_keep_rows_that_already_exist()
    {
        await using var h = await new DispatchHarness(azurite).WithShopAsync();
        var entries = Enumerable.Range(0, 150).Select(i => Entry(h.ShopId, "winter", $"c{i:000}")).ToArray();
        var sent = (await h.Ledger.ClaimAsync(entries[3])).Entry;
        await h.Ledger.RecordAsync(sent, new SendOutcome(sent.MessageId, SendResult.Sent));

        await h.Ledger.SkipManyAsync(entries.Select(e => (e, SkipReasons.NoConsent)).ToArray());

        Assert.Equal(SendStatus.Sent, (await h.Ledger.GetAsync(h.ShopId, "winter", "c003", 0))!.Status);
        var skipped = (await h.Ledger.GetAsync(h.ShopId, "winter", "c149", 0))!;
        Assert.Equal((SendStatus.Skipped, SkipReasons.NoConsent), (skipped.Status, skipped.Error));
    }

    [Fact]
    public void Message_ids_of_one_dispatch_batch_share_their_ref_partition_prefix()
    {
        var sameBucket = Enumerable.Range(2, 1000).Select(i => $"c{i}").First(id => Hub.Storage.Buckets.Of(id) == Hub.Storage.Buckets.Of("c1"));
        var otherBucket = Enumerable.Range(2, 1000).Select(i => $"c{i}").First(id => Hub.Storage.Buckets.Of(id) != Hub.Storage.Buckets.Of("c1"));
        var a = SendLedger.MessageIdOf("shop", "spring", "c1", 0);
        var b = SendLedger.MessageIdOf("shop", "spring", sameBucket, 0);
        var c = SendLedger.MessageIdOf("shop", "spring", otherBucket, 0);
        var other = SendLedger.MessageIdOf("shop", "autumn", "c1", 0);

        Assert.Equal(24, a.Length);
        Assert.Equal(a[..SendLedger.RefPrefixLength], b[..SendLedger.RefPrefixLength]);
        Assert.NotEqual(a, b);
        Assert.NotEqual(a[..SendLedger.RefPrefixLength], c[..SendLedger.RefPrefixLength]);
        Assert.NotEqual(a[..SendLedger.RefPrefixLength], other[..SendLedger.RefPrefixLength]);
        Assert.Equal(a, SendLedger.MessageIdOf("shop", "spring", "c1", 0));
    }
}
