using System.Text;
using Hub.Messaging.Channels;

namespace Hub.Tests.Messaging.Email;

/// <summary>How a batch goes out: how many requests, and what each recipient gets.</summary>
public sealed class SendGridBatchingTests : IDisposable
{
    readonly SendGridFake fake = new();

    [Fact]
    public async Task A_thousand_personalised_recipients_go_in_one_request_and_each_gets_their_own_email()
    {
        using var host = new SendGridHost(fake.Settings(CampaignEmails.Shop));
        var batch = CampaignEmails.Batch(1000);

        var outcomes = await host.SendAsync(batch);

        Assert.All(outcomes, o => Assert.Equal(SendResult.Sent, o.Result));
        var send = Assert.Single(fake.Sends);
        Assert.Equal(1000, send.Personalizations.Count);
        var emails = send.Emails;
        for (var i = 0; i < batch.Count; i++)
        {
            Assert.Equal(batch[i].Address, emails[i].To);
            Assert.Equal(batch[i].Content.Subject, emails[i].Subject);
            Assert.Equal(batch[i].Content.Text, emails[i].Text);
            Assert.Equal(batch[i].Content.Html, emails[i].Html);
        }
        // The layout travels once: the shared HTML holds tags where people differ, and each person carries only their parts.
        var sharedHtml = send.Content("text/html")!;
        Assert.Contains("[hub:", sharedHtml);
        Assert.Contains("Our autumn sale lasts until Sunday", sharedHtml);
        Assert.All(emails, e => Assert.DoesNotContain("autumn sale", string.Concat(e.Substitutions.Values)));
        Assert.Equal(2, send.Raw.Split("autumn sale").Length - 1);
        Assert.All(emails, e => Assert.True(Encoding.UTF8.GetByteCount(string.Concat(e.Substitutions.Values)) < 200, string.Join(" | ", e.Substitutions)));
    }

    [Fact]
    public async Task A_thousand_and_one_recipients_go_in_two_requests()
    {
        using var host = new SendGridHost(fake.Settings(CampaignEmails.Shop));
        var batch = CampaignEmails.Batch(1001);

        var outcomes = await host.SendAsync(batch);

        Assert.All(outcomes, o => Assert.Equal(SendResult.Sent, o.Result));
        Assert.Equal([1000, 1], fake.Sends.Select(s => s.Personalizations.Count));
        Assert.Equal(batch.Select(m => m.Address), fake.Emails.Select(e => e.To));
        Assert.Equal(batch.Select(m => m.Content.Html), fake.Emails.Select(e => e.Html));
    }

    [Fact]
    public async Task Custom_args_carry_our_message_id_and_shop_and_the_outcome_records_the_x_message_id()
    {
        using var host = new SendGridHost(fake.Settings(CampaignEmails.Shop));
        var batch = CampaignEmails.Batch(3);

        var outcomes = await host.SendAsync(batch);

        var emails = fake.Emails;
        for (var i = 0; i < batch.Count; i++)
        {
            Assert.Equal(batch[i].MessageId, emails[i].CustomArgs["hub_message_id"]);
            Assert.Equal(CampaignEmails.Shop, emails[i].CustomArgs["hub_shop"]);
            Assert.Equal(batch[i].MessageId, outcomes[i].MessageId);
            Assert.Equal(fake.Sends[0].MessageId, outcomes[i].ProviderMessageId);
        }
        Assert.NotNull(fake.Sends[0].MessageId);
        Assert.Equal("Bearer " + SendGridFake.DefaultApiKey, fake.Sends[0].Authorization);
    }

    [Fact]
    public async Task Marketing_mail_has_one_click_unsubscribe_headers_and_the_shops_group_and_transactional_mail_has_neither()
    {
        var settings = fake.Settings(CampaignEmails.Shop, unsubscribeGroup: 4242);
        settings["Shops:shop-1:SendGridUnsubscribeMailto"] = "unsubscribe@shop.example";
        using var host = new SendGridHost(settings);
        var marketing = CampaignEmails.Email(1);
        var transactional = CampaignEmails.Email(2, Hub.Messaging.Channels.MessageKind.Transactional);

        await host.SendAsync([marketing, transactional]);

        Assert.Equal(2, fake.RequestCount);
        var promo = fake.Emails.Single(e => e.To == marketing.Address);
        Assert.Equal($"<mailto:unsubscribe@shop.example?subject=unsubscribe>, <{marketing.Content.UnsubscribeUrl}>", promo.Headers["List-Unsubscribe"]);
        Assert.Equal("List-Unsubscribe=One-Click", promo.Headers["List-Unsubscribe-Post"]);
        Assert.Equal(4242, promo.UnsubscribeGroup);
        var order = fake.Emails.Single(e => e.To == transactional.Address);
        Assert.Empty(order.Headers);
        Assert.Null(order.UnsubscribeGroup);
        Assert.Null(fake.Sends.Single(s => s.Emails[0].To == transactional.Address).Body["asm"]);
    }

    [Fact]
    public async Task Without_a_mailbox_list_unsubscribe_offers_the_one_click_url_alone()
    {
        using var host = new SendGridHost(fake.Settings(CampaignEmails.Shop));
        var message = CampaignEmails.Email(1);

        await host.SendAsync([message]);

        Assert.Equal($"<{message.Content.UnsubscribeUrl}>", fake.Emails[0].Headers["List-Unsubscribe"]);
        Assert.Null(fake.Emails[0].UnsubscribeGroup);
    }

    [Fact]
    public async Task The_same_address_twice_in_a_batch_never_appears_twice_in_one_request()
    {
        using var host = new SendGridHost(fake.Settings(CampaignEmails.Shop));
        var batch = new[]
        {
            CampaignEmails.Email(1, address: "anna@example.com"),
            CampaignEmails.Email(2),
            CampaignEmails.Email(3, address: "ANNA@example.com "),
            CampaignEmails.Email(4),
        };

        var outcomes = await host.SendAsync(batch);

        Assert.All(outcomes, o => Assert.Equal(SendResult.Sent, o.Result));
        Assert.All(fake.Sends, s => Assert.Equal(202, s.Status));
        Assert.Equal([3, 1], fake.Sends.Select(s => s.Personalizations.Count));
        Assert.Equal(batch[2].Content.Text, fake.Sends[1].Emails[0].Text);
    }

    [Fact]
    public async Task Emails_with_nothing_in_common_still_reach_each_person_intact()
    {
        using var host = new SendGridHost(fake.Settings(CampaignEmails.Shop));
        var random = new Random(7);
        var batch = Enumerable.Range(1, 40).Select(n => CampaignEmails.Email(n) with
        {
            Content = new MessageContent
            {
                Subject = $"Order {n} update",
                Text = RandomText(random, 200 + n * 40),
                Html = $"<p>{RandomText(random, 3000 + n * 50)}</p>",
            },
        }).ToList();

        var outcomes = await host.SendAsync(batch);

        Assert.All(outcomes, o => Assert.Equal(SendResult.Sent, o.Result));
        Assert.All(fake.Sends, s => Assert.Equal(202, s.Status));
        var byAddress = fake.Emails.ToDictionary(e => e.To);
        Assert.Equal(batch.Count, byAddress.Count);
        Assert.All(batch, m => Assert.Equal(m.Content.Text, byAddress[m.Address].Text));
        Assert.All(batch, m => Assert.Equal(m.Content.Html, byAddress[m.Address].Html));
    }

    [Fact]
    public async Task Personal_parts_bigger_than_SendGrid_allows_per_recipient_go_in_requests_of_their_own()
    {
        using var host = new SendGridHost(fake.Settings(CampaignEmails.Shop));
        var big = CampaignEmails.Email(5) with
        {
            Content = CampaignEmails.Email(5).Content with { Html = CampaignEmails.Email(5).Content.Html!.Replace("</body>", "<p>" + new string('я', 6000) + "</p></body>") },
        };
        var batch = new[] { CampaignEmails.Email(1), CampaignEmails.Email(2), big, CampaignEmails.Email(3) };

        var outcomes = await host.SendAsync(batch);

        Assert.All(outcomes, o => Assert.Equal(SendResult.Sent, o.Result));
        Assert.Equal([3, 1], fake.Sends.Select(s => s.Personalizations.Count));
        Assert.Equal(big.Content.Html, fake.Sends[1].Emails[0].Html);
        Assert.Equal(batch.Select(m => m.Content.Html).ToHashSet(), fake.Emails.Select(e => e.Html).ToHashSet());
    }

    [Fact]
    public async Task Content_that_already_holds_the_tag_text_gets_other_tags()
    {
        using var host = new SendGridHost(fake.Settings(CampaignEmails.Shop));
        var batch = Enumerable.Range(1, 3).Select(n => CampaignEmails.Email(n) with
        {
            Content = CampaignEmails.Email(n).Content with { Text = $"Literal [hub:0] and [hub:1] stay as they are, Ivan{n}." },
        }).ToList();

        await host.SendAsync(batch);

        Assert.Contains("[hub1:", fake.Sends[0].Content("text/plain"));
        Assert.Equal(batch.Select(m => m.Content.Text), fake.Emails.Select(e => e.Text));
    }

    [Fact]
    public async Task Emails_with_and_without_html_go_in_separate_requests()
    {
        using var host = new SendGridHost(fake.Settings(CampaignEmails.Shop));
        var batch = new[] { CampaignEmails.Email(1), CampaignEmails.Email(2, html: null), CampaignEmails.Email(3) };

        await host.SendAsync(batch);

        Assert.Equal([2, 1], fake.Sends.Select(s => s.Personalizations.Count));
        Assert.Null(fake.Sends[1].Content("text/html"));
        Assert.Equal(batch.Select(m => m.Content.Html).OrderBy(h => h), fake.Emails.Select(e => e.Html).OrderBy(h => h));
    }

    static string RandomText(Random random, int length)
    {
        const string letters = "abcdefghijklmnopqrstuvwxyzабвгдежзийклмнопрст      .,<>\"=&😀";
        var text = new StringBuilder(length);
        while (text.Length < length)
        {
            var c = letters[random.Next(letters.Length)];
            text.Append(char.IsSurrogate(c) ? "😀" : c.ToString());
        }
        return text.ToString();
    }

    public void Dispose() => fake.Dispose();
}
