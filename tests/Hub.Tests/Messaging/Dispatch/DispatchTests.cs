using Hub.Customers;
using Hub.Messaging;
using Hub.Messaging.Channels;

namespace Hub.Tests.Messaging.Dispatch;

/// <summary>Dispatch through the send ledger on Azurite: exactly once, consent and suppressions, retries, opt-outs.</summary>
public sealed class DispatchTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task A_duplicate_queue_delivery_sends_nothing_twice()
    {
        await using var h = await new DispatchHarness(azurite).WithShopAsync();
        var ids = await h.AddCustomersAsync(30);

        var first = await h.Dispatcher.DispatchAsync(h.Job(ids));
        var again = await h.Dispatcher.DispatchAsync(h.Job(ids));

        Assert.Equal((30, 0), (first.Sent, first.Duplicates));
        Assert.Equal((0, 30), (again.Sent, again.Duplicates));
        Assert.Equal(30, h.Email.Sent.Count);
        Assert.Equal(30, h.Email.Sent.Select(m => m.MessageId).Distinct().Count());
        Assert.Equal(1, h.Email.Calls);
    }

    [Fact]
    public async Task Two_workers_on_the_same_batch_send_each_message_once()
    {
        await using var h = await new DispatchHarness(azurite).WithShopAsync();
        var ids = await h.AddCustomersAsync(60);

        var reports = await Task.WhenAll(Task.Run(() => h.Dispatcher.DispatchAsync(h.Job(ids))), Task.Run(() => h.Dispatcher.DispatchAsync(h.Job(ids))));

        Assert.Equal(60, reports.Sum(r => r.Sent));
        Assert.Equal(60, reports.Sum(r => r.Duplicates));
        Assert.Equal(60, h.Email.Sent.Count);
        Assert.Equal(60, h.Email.Sent.Select(m => m.Address).Distinct().Count());
    }

    [Fact]
    public async Task A_claim_left_by_a_crash_is_retried_once_after_the_timeout_and_marked_ambiguous()
    {
        await using var h = await new DispatchHarness(azurite).WithShopAsync();
        var ids = await h.AddCustomersAsync(1);
        var messageId = SendLedger.MessageIdOf(h.ShopId, "campaign-1", ids[0], 0);
        await h.Ledger.ClaimAsync(new LedgerEntry { ShopId = h.ShopId, Source = "campaign-1", CustomerId = ids[0], Step = 0, MessageId = messageId, Channel = Channel.Email });

        var soon = await h.Dispatcher.DispatchAsync(h.Job(ids));
        h.Time.Advance(SendLedger.ClaimTimeout);
        var later = await h.Dispatcher.DispatchAsync(h.Job(ids));
        h.Time.Advance(SendLedger.ClaimTimeout);
        var after = await h.Dispatcher.DispatchAsync(h.Job(ids));

        Assert.Equal((0, 1), (soon.Sent, soon.Duplicates));
        Assert.Equal(1, later.Sent);
        Assert.Equal((0, 1), (after.Sent, after.Duplicates));
        var entry = await h.Ledger.GetAsync(h.ShopId, "campaign-1", ids[0], 0);
        Assert.True(entry!.Ambiguous);
        Assert.Equal((SendStatus.Sent, 2), (entry.Status, entry.Attempts));
        Assert.Single(h.Email.Sent);
    }

    [Fact]
    public async Task Of_ten_thousand_recipients_the_five_percent_suppressed_get_no_marketing_message()
    {
        await using var h = await new DispatchHarness(azurite).WithShopAsync();
        var ids = await h.AddCustomersAsync(10_000);
        var suppressions = h.Get<Suppressions>();
        var suppressed = Enumerable.Range(0, 10_000).Where(i => i % 20 == 7).Select(i => $"c{i}@mail.ru").ToHashSet();
        await Parallel.ForEachAsync(suppressed, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (address, ct) =>
            await suppressions.AddAsync(h.ShopId, new Suppression(Channel.Email, address, SuppressionScope.Marketing, "unsubscribe", "sendgrid", h.Time.GetUtcNow()), ct));

        var report = await h.Dispatcher.DispatchAsync(h.Job(ids));

        Assert.Equal(9_500, report.Sent);
        Assert.Equal(500, report.Skipped[SkipReasons.Suppressed]);
        Assert.DoesNotContain(h.Email.Sent, m => suppressed.Contains(m.Address));
        Assert.Equal(10, h.Email.Calls);
    }

    [Fact]
    public async Task Transactional_messages_skip_consent_but_not_bounces()
    {
        await using var h = await new DispatchHarness(azurite).WithShopAsync();
        var ids = await h.AddCustomersAsync(3, i => DispatchHarness.Person(h.ShopId, i, emailConsent: false));
        var suppressions = h.Get<Suppressions>();
        await suppressions.AddAsync(h.ShopId, new Suppression(Channel.Email, "c1@mail.ru", SuppressionScope.Marketing, "unsubscribe", "sendgrid", h.Time.GetUtcNow()));
        await suppressions.AddAsync(h.ShopId, new Suppression(Channel.Email, "c2@mail.ru", SuppressionScope.All, "bounce", "sendgrid", h.Time.GetUtcNow()));

        var marketing = await h.Dispatcher.DispatchAsync(h.Job(ids));
        var transactional = await h.Dispatcher.DispatchAsync(h.Job(ids, kind: MessageKind.Transactional, source: "order-status:1"));

        Assert.Equal(0, marketing.Sent);
        Assert.Equal(3, marketing.Skipped[SkipReasons.NoConsent]);
        Assert.Equal(2, transactional.Sent);
        Assert.Equal(1, transactional.Skipped[SkipReasons.Suppressed]);
        Assert.DoesNotContain(h.Email.Sent, m => m.Address == "c2@mail.ru");
    }

    [Fact]
    public async Task A_temporary_failure_comes_back_when_its_retry_time_has_come()
    {
        await using var h = await new DispatchHarness(azurite).WithShopAsync();
        var ids = await h.AddCustomersAsync(2);
        h.Email.Answer = m => new SendOutcome(m.MessageId, SendResult.Retry, Error: "429 too many requests", RetryAfter: TimeSpan.FromMinutes(3));

        var first = await h.Dispatcher.DispatchAsync(h.Job(ids));
        h.Email.Answer = null;
        var early = await h.Dispatcher.DispatchAsync(h.Job(ids));
        h.Time.Advance(TimeSpan.FromMinutes(3));
        var due = await h.Dispatcher.DispatchAsync(h.Job(ids));

        Assert.Equal((0, 2), (first.Sent, first.RetryCustomerIds.Count));
        Assert.Equal(h.Time.GetUtcNow(), first.RetryAt);
        Assert.Equal((0, 2), (early.Sent, early.RetryCustomerIds.Count));
        Assert.Equal(2, due.Sent);
        Assert.Equal(4, h.Email.Sent.Count);
    }

    [Fact]
    public async Task An_opt_out_answer_suppresses_the_address_for_the_next_campaign()
    {
        await using var h = await new DispatchHarness(azurite).WithShopAsync();
        var ids = await h.AddCustomersAsync(2);
        h.Sms.Answer = m => m.Address == "+79990000001"
            ? new SendOutcome(m.MessageId, SendResult.OptOut, Error: "blacklisted")
            : new SendOutcome(m.MessageId, SendResult.Sent, "p1", 2.20m, "RUB");

        var first = await h.Dispatcher.DispatchAsync(h.Job(ids, Channel.Sms));
        var next = await h.Dispatcher.DispatchAsync(h.Job(ids, Channel.Sms, source: "campaign-2"));

        Assert.Equal((1, 1, 2.20m), (first.Sent, first.OptedOut, first.Cost));
        Assert.Equal(1, next.Skipped[SkipReasons.Suppressed]);
        Assert.Equal(3, h.Sms.Sent.Count);
    }

    [Fact]
    public async Task The_message_is_rendered_from_the_shops_template_for_the_person()
    {
        await using var h = await new DispatchHarness(azurite).WithShopAsync();
        var ids = await h.AddCustomersAsync(1);

        await h.Dispatcher.DispatchAsync(h.Job(ids));

        var message = Assert.Single(h.Email.Sent);
        Assert.Contains("Анна", message.Content.Text);
        Assert.False(string.IsNullOrWhiteSpace(message.Content.Subject));
        Assert.Equal(SendLedger.MessageIdOf(h.ShopId, "campaign-1", ids[0], 0), message.MessageId);
    }
}
