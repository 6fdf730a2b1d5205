using Hub.Messaging.Channels;

namespace Hub.Tests.Messaging.Email;

/// <summary>What the hub does with each of SendGrid's answers, and with settings that are missing.</summary>
public sealed class SendGridAnswerTests : IDisposable
{
    readonly SendGridFake fake = new();

    [Fact]
    public async Task A_429_is_retried_after_X_RateLimit_Reset_and_no_request_goes_out_before_it()
    {
        using var host = new SendGridHost(fake.Settings(CampaignEmails.Shop));
        var reset = host.Time.GetUtcNow().AddSeconds(42);
        fake.RateLimitNext(reset);

        var first = await host.SendAsync(CampaignEmails.Batch(3));

        Assert.All(first, o => Assert.Equal(SendResult.Retry, o.Result));
        Assert.All(first, o => Assert.Equal(TimeSpan.FromSeconds(42), o.RetryAfter));
        host.Time.Advance(TimeSpan.FromSeconds(40));
        var early = await host.SendAsync(CampaignEmails.Batch(3));
        Assert.All(early, o => Assert.Equal(SendResult.Retry, o.Result));
        Assert.All(early, o => Assert.Equal(TimeSpan.FromSeconds(2), o.RetryAfter));
        Assert.Equal(1, fake.RequestCount);

        host.Time.Advance(TimeSpan.FromSeconds(2));
        var later = await host.SendAsync(CampaignEmails.Batch(3));
        Assert.All(later, o => Assert.Equal(SendResult.Sent, o.Result));
        Assert.Equal(2, fake.RequestCount);
    }

    [Fact]
    public async Task A_429_without_a_reset_header_waits_a_minute()
    {
        using var host = new SendGridHost(fake.Settings(CampaignEmails.Shop));
        fake.RateLimitNext(reset: null);

        var outcomes = await host.SendAsync(CampaignEmails.Batch(2));

        Assert.All(outcomes, o => Assert.Equal((SendResult.Retry, TimeSpan.FromMinutes(1)), (o.Result, o.RetryAfter)));
    }

    [Fact]
    public async Task An_accepted_request_that_used_up_the_rate_limit_holds_the_next_one_until_the_reset()
    {
        using var host = new SendGridHost(fake.Settings(CampaignEmails.Shop));
        fake.RemainingNext(0, host.Time.GetUtcNow().AddSeconds(10));

        var batch = CampaignEmails.Batch(3);
        var first = await host.SendAsync([batch[0], CampaignEmails.Email(9, address: batch[0].Address), batch[1]]);

        Assert.Equal([SendResult.Sent, SendResult.Retry, SendResult.Sent], first.Select(o => o.Result));
        Assert.Equal(TimeSpan.FromSeconds(10), first[1].RetryAfter);
        Assert.Equal(1, fake.RequestCount);
        host.Time.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(SendResult.Sent, (await host.SendAsync([batch[2]]))[0].Result);
    }

    [Fact]
    public async Task A_400_fails_the_request_with_SendGrids_message()
    {
        using var host = new SendGridHost(fake.Settings(CampaignEmails.Shop));
        fake.FailNext(400, ("The from email does not contain a valid address.", "from.email"));

        var outcomes = await host.SendAsync(CampaignEmails.Batch(2));

        Assert.All(outcomes, o => Assert.Equal(SendResult.Failed, o.Result));
        Assert.All(outcomes, o => Assert.Contains("from.email: The from email does not contain a valid address.", o.Error));
        Assert.Equal(1, fake.RequestCount);
    }

    [Fact]
    public async Task A_400_about_one_recipient_fails_that_recipient_and_sends_the_others()
    {
        using var host = new SendGridHost(fake.Settings(CampaignEmails.Shop));
        var batch = CampaignEmails.Batch(4);
        fake.RejectAddress(batch[2].Address, "Does not contain a valid address.");

        var outcomes = await host.SendAsync(batch);

        Assert.Equal([SendResult.Sent, SendResult.Sent, SendResult.Failed, SendResult.Sent], outcomes.Select(o => o.Result));
        Assert.Contains("Does not contain a valid address.", outcomes[2].Error);
        Assert.Equal([400, 202], fake.Sends.Select(s => s.Status));
        Assert.Equal([batch[0].Address, batch[1].Address, batch[3].Address], fake.Emails.Select(e => e.To));
    }

    [Fact]
    public async Task A_500_is_retried_with_a_wait_that_doubles_while_failures_last()
    {
        using var host = new SendGridHost(fake.Settings(CampaignEmails.Shop));
        fake.FailNext(500, ("internal error", null));
        fake.FailNext(503, ("service unavailable", null));

        var first = await host.SendAsync(CampaignEmails.Batch(2));
        var second = await host.SendAsync(CampaignEmails.Batch(2));
        var third = await host.SendAsync(CampaignEmails.Batch(2));

        Assert.All(first, o => Assert.Equal((SendResult.Retry, TimeSpan.FromSeconds(30)), (o.Result, o.RetryAfter)));
        Assert.All(second, o => Assert.Equal((SendResult.Retry, TimeSpan.FromSeconds(60)), (o.Result, o.RetryAfter)));
        Assert.Contains("internal error", first[0].Error);
        Assert.All(third, o => Assert.Equal(SendResult.Sent, o.Result));
        Assert.Equal(3, fake.RequestCount);
    }

    [Fact]
    public async Task A_500_leaves_the_rest_of_the_batch_unsent_for_a_retry()
    {
        using var host = new SendGridHost(fake.Settings(CampaignEmails.Shop));
        fake.FailNext(500, ("internal error", null));

        var outcomes = await host.SendAsync(CampaignEmails.Batch(1001));

        Assert.All(outcomes, o => Assert.Equal(SendResult.Retry, o.Result));
        Assert.Equal(1, fake.RequestCount);
    }

    [Fact]
    public async Task No_answer_at_all_is_retried()
    {
        var settings = fake.Settings(CampaignEmails.Shop);
        settings["Channels:SendGrid:BaseUrl"] = "http://127.0.0.1:9";
        using var host = new SendGridHost(settings);

        var outcomes = await host.SendAsync(CampaignEmails.Batch(2));

        Assert.All(outcomes, o => Assert.Equal((SendResult.Retry, TimeSpan.FromSeconds(30)), (o.Result, o.RetryAfter)));
        Assert.Contains("SendGrid did not answer", outcomes[0].Error);
    }

    [Fact]
    public async Task A_refused_api_key_fails_every_message_naming_the_setting()
    {
        using var host = new SendGridHost(fake.Settings(CampaignEmails.Shop));
        fake.ApiKey = "SG.another-key";

        var outcomes = await host.SendAsync(CampaignEmails.Batch(1001));

        Assert.All(outcomes, o => Assert.Equal(SendResult.Failed, o.Result));
        Assert.All(outcomes, o => Assert.Contains("Shops:shop-1:SendGridApiKey", o.Error));
        Assert.Contains("(401)", outcomes[0].Error);
        Assert.Equal(1, fake.RequestCount);
    }

    [Fact]
    public async Task A_413_fails_the_request()
    {
        using var host = new SendGridHost(fake.Settings(CampaignEmails.Shop));
        fake.FailNext(413, ("content too large", null));

        var outcomes = await host.SendAsync(CampaignEmails.Batch(2));

        Assert.All(outcomes, o => Assert.Equal(SendResult.Failed, o.Result));
        Assert.Contains("too large (413)", outcomes[0].Error);
    }

    [Theory]
    [InlineData("Shops:shop-1:SendGridApiKey")]
    [InlineData("Shops:shop-1:SendGridFrom")]
    public async Task A_missing_setting_fails_every_message_naming_it_and_sends_nothing(string key)
    {
        var settings = fake.Settings(CampaignEmails.Shop);
        settings[key] = null;
        using var host = new SendGridHost(settings);

        var outcomes = await host.SendAsync(CampaignEmails.Batch(3));

        Assert.All(outcomes, o => Assert.Equal(SendResult.Failed, o.Result));
        Assert.All(outcomes, o => Assert.Contains($"'{key}'", o.Error));
        Assert.Equal(0, fake.RequestCount);
    }

    [Theory]
    [InlineData("Shops:shop-1:SendGridFrom", "not an address")]
    [InlineData("Shops:shop-1:SendGridUnsubscribeGroupId", "marketing")]
    public async Task A_malformed_setting_fails_every_message_naming_it(string key, string value)
    {
        var settings = fake.Settings(CampaignEmails.Shop);
        settings[key] = value;
        using var host = new SendGridHost(settings);

        var outcomes = await host.SendAsync(CampaignEmails.Batch(2));

        Assert.All(outcomes, o => Assert.Contains($"'{key}'", o.Error));
        Assert.Equal(0, fake.RequestCount);
    }

    [Fact]
    public async Task The_sender_name_and_address_come_from_the_setting()
    {
        using var host = new SendGridHost(fake.Settings(CampaignEmails.Shop));

        await host.SendAsync(CampaignEmails.Batch(1));

        Assert.Equal("team@shop.example", (string?)fake.Sends[0].Body["from"]!["email"]);
        Assert.Equal("Shop Team", (string?)fake.Sends[0].Body["from"]!["name"]);
    }

    [Fact]
    public async Task Messages_SendGrid_would_refuse_fail_alone_and_the_others_go()
    {
        using var host = new SendGridHost(fake.Settings(CampaignEmails.Shop));
        var batch = new[]
        {
            CampaignEmails.Email(1, address: "not-an-address"),
            CampaignEmails.Email(2) with { Content = CampaignEmails.Email(2).Content with { Subject = " " } },
            CampaignEmails.Email(3),
        };

        var outcomes = await host.SendAsync(batch);

        Assert.Equal([SendResult.Failed, SendResult.Failed, SendResult.Sent], outcomes.Select(o => o.Result));
        Assert.Contains("not a valid email address", outcomes[0].Error);
        Assert.Contains("subject", outcomes[1].Error);
        Assert.Equal([batch[2].Address], fake.Emails.Select(e => e.To));
    }

    public void Dispose() => fake.Dispose();
}
