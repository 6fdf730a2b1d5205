using Hub.Customers;
using Hub.Messaging.Channels;
using Hub.Messaging.Channels.Sms;

namespace Hub.Tests.Messaging.Sms;

/// <summary>
/// SMS through SMSC as a shop sees it: the form SMSC gets (credentials, phone digits, text, our id, JSON and cost
/// answers), the cost kept, each SMSC error turned into what the dispatcher does next, and missing settings named
/// before anything is sent.
/// </summary>
public sealed class SmscSenderTests : IDisposable
{
    const string Shop = "shop-smsc";
    readonly SmscFake fake = new();

    public void Dispose() => fake.Dispose();

    IChannelSender Sender(SmsHost host) => host.Sender("smsc");

    [Fact]
    public async Task A_message_is_one_form_post_with_credentials_digits_text_our_id_json_and_cost_and_the_cost_is_kept()
    {
        using var host = new SmsHost(fake.Settings(Shop));
        var message = SmsMessages.To(Shop, buttons: new MessageButton("Выбрать", "https://optics.example/s/42"));

        var outcome = Assert.Single(await Sender(host).SendAsync(Shop, [message]));

        var form = Assert.Single(fake.Requests);
        Assert.StartsWith("application/x-www-form-urlencoded", fake.ContentTypes[0]);
        Assert.Equal(SmscFake.Login, form["login"]);
        Assert.Equal(SmscFake.Password, form["psw"]);
        Assert.False(form.ContainsKey("apikey"));
        Assert.Equal("79991234567", form["phones"]);
        Assert.Equal("Скидка 20% на оправы до воскресенья https://optics.example/s/42", form["mes"]);
        Assert.Equal(SmscFake.Sender, form["sender"]);
        Assert.Equal(SmscMessageIds.Text("msg-1"), form["id"]);
        Assert.Equal(("3", "3", "utf-8"), (form["fmt"], form["cost"], form["charset"]));
        Assert.Equal(new SendOutcome("msg-1", SendResult.Sent, SmscMessageIds.Text("msg-1"), 1.40m, "RUB"), outcome);
    }

    [Fact]
    public async Task The_cost_of_a_long_message_is_what_smsc_reports_for_all_its_parts()
    {
        using var host = new SmsHost(fake.Settings(Shop));
        fake.Parts = 3;

        var outcome = Assert.Single(await Sender(host).SendAsync(Shop, [SmsMessages.To(Shop, text: new string('я', 180))]));

        Assert.Equal(4.20m, outcome.Cost);
    }

    [Fact]
    public async Task An_api_key_replaces_login_and_password()
    {
        using var host = new SmsHost(fake.Settings(Shop, apiKey: true));

        var outcome = Assert.Single(await Sender(host).SendAsync(Shop, [SmsMessages.To(Shop)]));

        Assert.Equal(SendResult.Sent, outcome.Result);
        var form = Assert.Single(fake.Requests);
        Assert.Equal(SmscFake.ApiKey, form["apikey"]);
        Assert.False(form.ContainsKey("login"));
        Assert.False(form.ContainsKey("psw"));
    }

    [Fact]
    public async Task Each_message_of_a_call_is_its_own_request_and_outcomes_keep_their_order()
    {
        using var host = new SmsHost(fake.Settings(Shop));
        fake.AnswerNext(200, """{"error":"invalid number","error_code":7}""");

        var outcomes = await Sender(host).SendAsync(Shop, [SmsMessages.To(Shop, messageId: "a"), SmsMessages.To(Shop, messageId: "b")]);

        Assert.Equal([("a", SendResult.Failed), ("b", SendResult.Sent)], outcomes.Select(o => (o.MessageId, o.Result)));
        Assert.Equal([SmscMessageIds.Text("a"), SmscMessageIds.Text("b")], fake.Requests.Select(r => r["id"]));
    }

    public static TheoryData<int, SendResult, string> Errors => new()
    {
        { 1, SendResult.Failed, "bad parameters" },
        { 2, SendResult.Failed, "Shops:shop-smsc:SmscPassword" },
        { 3, SendResult.Failed, "not enough money" },
        { 4, SendResult.Retry, "temporarily blocked" },
        { 5, SendResult.Failed, "bad date format" },
        { 6, SendResult.Failed, "message forbidden" },
        { 7, SendResult.Failed, "bad phone number format" },
        { 8, SendResult.Unreachable, "cannot be delivered" },
        { 9, SendResult.Sent, "already sent" },
        { 42, SendResult.Failed, "smsc words" },
    };

    [Theory]
    [MemberData(nameof(Errors))]
    public async Task Each_smsc_error_code_becomes_what_the_dispatcher_does_next(int code, SendResult expected, string words)
    {
        using var host = new SmsHost(fake.Settings(Shop));
        fake.ErrorNext(code, "smsc words");

        var outcome = Assert.Single(await Sender(host).SendAsync(Shop, [SmsMessages.To(Shop)]));

        Assert.Equal(expected, outcome.Result);
        Assert.Contains(words, outcome.Error);
        Assert.Contains($"SMSC error {code}", outcome.Error);
        Assert.Equal(code == 4 ? Smsc.BlockedAddressWait : null, outcome.RetryAfter);
        Assert.Equal(code == 9 ? SmscMessageIds.Text("msg-1") : null, outcome.ProviderMessageId);
        Assert.Null(outcome.Cost);
        Assert.Single(fake.Requests);
    }

    [Fact]
    public async Task Wrong_credentials_fail_naming_the_settings_to_check()
    {
        using var host = new SmsHost(fake.Settings(Shop), [new(SmscAccounts.PasswordKey(Shop), "stale")]);

        var outcome = Assert.Single(await Sender(host).SendAsync(Shop, [SmsMessages.To(Shop)]));

        Assert.Equal(SendResult.Failed, outcome.Result);
        Assert.Contains("bad login or password", outcome.Error);
        Assert.Contains(SmscAccounts.ApiKeyKey(Shop), outcome.Error);
    }

    [Theory]
    [InlineData(500, SendResult.Retry)]
    [InlineData(503, SendResult.Retry)]
    [InlineData(429, SendResult.Retry)]
    [InlineData(404, SendResult.Failed)]
    public async Task Http_failures_retry_when_they_are_temporary(int status, SendResult expected)
    {
        using var host = new SmsHost(fake.Settings(Shop));
        fake.AnswerNext(status, "<html>gateway</html>", "text/html", retryAfter: status == 429 ? TimeSpan.FromSeconds(7) : null);

        var outcome = Assert.Single(await Sender(host).SendAsync(Shop, [SmsMessages.To(Shop)]));

        Assert.Equal(expected, outcome.Result);
        Assert.Contains($"HTTP {status}", outcome.Error);
        Assert.Equal(status switch { 429 => TimeSpan.FromSeconds(7), >= 500 => UnansweredCalls.RetryAfter, _ => null }, outcome.RetryAfter);
        Assert.Single(fake.Requests);
    }

    [Fact]
    public async Task An_answer_that_cannot_be_read_fails_without_a_second_send()
    {
        using var host = new SmsHost(fake.Settings(Shop));
        fake.AnswerNext(200, "OK - 1 SMS, ID - 1234", "text/plain");

        var outcome = Assert.Single(await Sender(host).SendAsync(Shop, [SmsMessages.To(Shop)]));

        Assert.Equal(SendResult.Failed, outcome.Result);
        Assert.Contains("may have been sent", outcome.Error);
        Assert.Single(fake.Requests);
    }

    [Fact]
    public async Task No_answer_at_all_is_a_retry()
    {
        using var host = new SmsHost(fake.Settings(Shop), [new(Smsc.BaseUrlKey, SmsHost.NobodyListening())]);

        var outcome = Assert.Single(await Sender(host).SendAsync(Shop, [SmsMessages.To(Shop)]));

        Assert.Equal(SendResult.Retry, outcome.Result);
        Assert.Contains("SMSC did not answer", outcome.Error);
        Assert.Equal(UnansweredCalls.RetryAfter, outcome.RetryAfter);
    }

    [Theory]
    [InlineData(null, null, "Shops:shop-smsc:SmscLogin and Shops:shop-smsc:SmscPassword, or Shops:shop-smsc:SmscApiKey")]
    [InlineData("login", null, "set Shops:shop-smsc:SmscPassword, or Shops:shop-smsc:SmscApiKey")]
    [InlineData(null, "password", "set Shops:shop-smsc:SmscLogin, or Shops:shop-smsc:SmscApiKey")]
    public async Task Missing_credentials_fail_every_message_naming_the_settings_and_send_nothing(string? login, string? password, string named)
    {
        using var host = new SmsHost(new Dictionary<string, string?>
        {
            [Smsc.BaseUrlKey] = fake.BaseUrl,
            [SmscAccounts.LoginKey(Shop)] = login,
            [SmscAccounts.PasswordKey(Shop)] = password,
        });

        var outcomes = await Sender(host).SendAsync(Shop, [SmsMessages.To(Shop, messageId: "a"), SmsMessages.To(Shop, messageId: "b")]);

        Assert.All(outcomes, o => Assert.Equal(SendResult.Failed, o.Result));
        Assert.All(outcomes, o => Assert.Contains(named, o.Error));
        Assert.Contains("Shops__shop-smsc__SmscApiKey", outcomes[0].Error);
        Assert.Empty(fake.Requests);
    }

    [Theory]
    [InlineData("89991234567x")]
    [InlineData("+7 999")]
    [InlineData("ivan@mail.ru")]
    public async Task An_address_that_is_not_a_phone_is_unreachable_without_a_request(string address)
    {
        using var host = new SmsHost(fake.Settings(Shop));

        var outcome = Assert.Single(await Sender(host).SendAsync(Shop, [SmsMessages.To(Shop, address: address)]));

        Assert.Equal(SendResult.Unreachable, outcome.Result);
        Assert.Empty(fake.Requests);
    }

    [Fact]
    public void Our_smsc_id_is_the_same_for_the_same_message_and_within_smscs_range()
    {
        var ids = Enumerable.Range(0, 5_000).Select(i => SmscMessageIds.For($"campaign-7|cust-{i}|1")).ToList();

        Assert.True(ids.All(id => id is >= 1 and <= int.MaxValue));
        Assert.True(ids.SequenceEqual(Enumerable.Range(0, 5_000).Select(i => SmscMessageIds.For($"campaign-7|cust-{i}|1"))));
        Assert.True(ids.Distinct().Count() >= 4_998, "ids should rarely collide");
        Assert.Equal(SmscMessageIds.For("msg-1"), SmscMessageIds.For("msg-1"));
        Assert.NotEqual(SmscMessageIds.For("msg-1"), SmscMessageIds.For("msg-2"));
    }
}
