using Hub.Messaging.Channels;
using Hub.Messaging.Channels.Sms;

namespace Hub.Tests.Messaging.Sms;

/// <summary>
/// SMS through SMS Aero as a shop sees it: the JSON and Basic credentials SMS Aero gets, the callback URL when the hub
/// has a public address, the cost kept, each refusal turned into what the dispatcher does next, and missing settings
/// named before anything is sent.
/// </summary>
public sealed class SmsAeroSenderTests : IDisposable
{
    const string Shop = "shop-aero";
    readonly SmsAeroFake fake = new();

    public void Dispose() => fake.Dispose();

    static IChannelSender Sender(SmsHost host) => host.Sender("smsaero");

    [Fact]
    public async Task A_message_is_one_json_post_with_basic_credentials_number_text_sign_and_callback_url_and_its_cost_is_kept()
    {
        using var host = new SmsHost(fake.Settings(Shop), new Dictionary<string, string?>
        {
            [SmsCallbacks.PublicBaseUrlKey] = "https://hub.example.ru/",
            [SmsCallbacks.TokenKey(Shop)] = "s3cret/token",
        });
        var message = SmsMessages.To(Shop, buttons: new MessageButton("Выбрать", "https://optics.example/s/42"));

        var outcome = Assert.Single(await Sender(host).SendAsync(Shop, [message]));

        var request = Assert.Single(fake.Requests);
        Assert.Equal(SmsAeroFake.Sms, request.Endpoint);
        Assert.StartsWith("application/json", request.ContentType);
        Assert.Equal((SmsAeroFake.Email, SmsAeroFake.ApiKey), (request.Email, request.ApiKey));
        Assert.Equal("79991234567", request.Number);
        Assert.Equal("Скидка 20% на оправы до воскресенья https://optics.example/s/42", request.Text("text"));
        Assert.Equal(SmsAeroFake.SmsSign, request.Text("sign"));
        Assert.Equal("https://hub.example.ru/api/providers/smsaero/events/s3cret%2Ftoken?shop=shop-aero", request.Text("callbackUrl"));
        Assert.Equal(new SendOutcome("msg-1", SendResult.Sent, "5000001", 5.49m, "RUB"), outcome);
    }

    [Fact]
    public async Task Without_a_public_address_no_callback_url_is_sent()
    {
        using var host = new SmsHost(fake.Settings(Shop), [new(SmsCallbacks.TokenKey(Shop), "token")]);

        await Sender(host).SendAsync(Shop, [SmsMessages.To(Shop)]);

        Assert.False(Assert.Single(fake.Requests).Body.ContainsKey("callbackUrl"));
    }

    [Fact]
    public async Task A_cost_written_as_a_string_is_kept_too()
    {
        using var host = new SmsHost(fake.Settings(Shop));
        fake.AnswerNext(200, """{"success":true,"data":{"id":"777","status":0,"extendStatus":"queue","cost":"4.79"},"message":null}""");

        var outcome = Assert.Single(await Sender(host).SendAsync(Shop, [SmsMessages.To(Shop)]));

        Assert.Equal(new SendOutcome("msg-1", SendResult.Sent, "777", 4.79m, "RUB"), outcome);
    }

    [Fact]
    public async Task An_accepted_message_whose_details_cannot_be_read_is_still_sent()
    {
        using var host = new SmsHost(fake.Settings(Shop));
        fake.AnswerNext(200, """{"success":true,"data":{"id":"n/a","cost":"free"},"message":null}""");

        var outcome = Assert.Single(await Sender(host).SendAsync(Shop, [SmsMessages.To(Shop)]));

        Assert.Equal((SendResult.Sent, null, null), (outcome.Result, outcome.ProviderMessageId, outcome.Cost));
        Assert.Contains("without giving its id", outcome.Error);
    }

    public static TheoryData<int, string, SendResult, string> Refusals => new()
    {
        { 401, """{"success":false,"data":null,"message":"Your email or api key is incorrect"}""", SendResult.Failed, "Shops:shop-aero:SmsAeroApiKey" },
        { 403, "", SendResult.Failed, "Shops:shop-aero:SmsAeroEmail" },
        { 200, """{"result":"no credits"}""", SendResult.Failed, "not enough money" },
        { 200, """{"success":false,"data":null,"message":"no credits"}""", SendResult.Failed, "not enough money" },
        { 402, """{"success":false,"data":null,"message":"Payment required"}""", SendResult.Failed, "not enough money" },
        { 200, """{"result":"reject","reason":"Invalid number"}""", SendResult.Unreachable, "Invalid number" },
        { 200, """{"result":"reject","reason":"Number is in the blacklist"}""", SendResult.OptOut, "blacklist" },
        { 200, """{"result":"reject","reason":"Sign is not approved"}""", SendResult.Failed, "Sign is not approved" },
        { 400, """{"success":false,"message":"Validation error.","data":{"number":["Некорректный номер"]}}""", SendResult.Unreachable, "number: Некорректный номер" },
        { 400, """{"success":false,"message":"Validation error.","data":{"sign":["Подпись не найдена"]}}""", SendResult.Failed, "sign: Подпись не найдена" },
        { 404, "Not Found", SendResult.Failed, "HTTP 404" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task Each_refusal_becomes_what_the_dispatcher_does_next(int status, string body, SendResult expected, string words)
    {
        using var host = new SmsHost(fake.Settings(Shop));
        fake.AnswerNext(status, body);

        var outcome = Assert.Single(await Sender(host).SendAsync(Shop, [SmsMessages.To(Shop)]));

        Assert.Equal(expected, outcome.Result);
        Assert.Contains(words, outcome.Error);
        Assert.Null(outcome.RetryAfter);
        Assert.Null(outcome.Cost);
        Assert.Single(fake.Requests);
    }

    [Theory]
    [InlineData(429, 5, 5)]
    [InlineData(429, null, 60)]
    [InlineData(500, null, 30)]
    [InlineData(503, 12, 12)]
    public async Task Throttling_and_server_failures_retry_after_the_wait_asked_for_or_ours(int status, int? retryAfter, int expectedSeconds)
    {
        using var host = new SmsHost(fake.Settings(Shop));
        fake.AnswerNext(status, """{"success":false,"data":null,"message":"Too many requests"}""",
            retryAfter is { } seconds ? TimeSpan.FromSeconds(seconds) : null);

        var outcome = Assert.Single(await Sender(host).SendAsync(Shop, [SmsMessages.To(Shop)]));

        Assert.Equal(SendResult.Retry, outcome.Result);
        Assert.Equal(TimeSpan.FromSeconds(expectedSeconds), outcome.RetryAfter);
        Assert.Contains($"HTTP {status}", outcome.Error);
        Assert.Single(fake.Requests);
    }

    [Fact]
    public async Task Neither_the_phone_nor_the_text_nor_the_credentials_reach_the_logs_even_when_sms_aero_quotes_the_number()
    {
        using var host = new SmsHost(fake.Settings(Shop));
        fake.AnswerNext(400, """{"success":false,"message":"Validation error.","data":{"number":["Номер 79991234567 некорректен"]}}""");

        var outcome = Assert.Single(await Sender(host).SendAsync(Shop, [SmsMessages.To(Shop)]));

        Assert.Equal(SendResult.Unreachable, outcome.Result);
        Assert.NotEmpty(host.Logs);
        Assert.Contains(host.Logs, line => line.Contains("+7******4567", StringComparison.Ordinal));
        Assert.DoesNotContain(host.Logs, line => line.Contains("9991234567", StringComparison.Ordinal)
            || line.Contains("Скидка", StringComparison.Ordinal) || line.Contains(SmsAeroFake.ApiKey, StringComparison.Ordinal)
            || line.Contains(Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{SmsAeroFake.Email}:{SmsAeroFake.ApiKey}")), StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_answer_that_cannot_be_read_fails_without_a_second_send()
    {
        using var host = new SmsHost(fake.Settings(Shop));
        fake.AnswerNext(200, "<html>maintenance</html>");

        var outcome = Assert.Single(await Sender(host).SendAsync(Shop, [SmsMessages.To(Shop)]));

        Assert.Equal(SendResult.Failed, outcome.Result);
        Assert.Contains("may have been sent", outcome.Error);
        Assert.Single(fake.Requests);
    }

    [Fact]
    public async Task No_answer_at_all_is_a_retry()
    {
        using var host = new SmsHost(fake.Settings(Shop), [new(SmsAero.BaseUrlKey, SmsHost.NobodyListening() + "/v2")]);

        var outcome = Assert.Single(await Sender(host).SendAsync(Shop, [SmsMessages.To(Shop)]));

        Assert.Equal(SendResult.Retry, outcome.Result);
        Assert.Contains("SMS Aero did not answer", outcome.Error);
    }

    [Theory]
    [InlineData(null, SmsAeroFake.ApiKey, SmsAeroFake.SmsSign, "set Shops:shop-aero:SmsAeroEmail (app settings Shops__shop-aero__SmsAeroEmail)")]
    [InlineData(SmsAeroFake.Email, null, SmsAeroFake.SmsSign, "set Shops:shop-aero:SmsAeroApiKey (")]
    [InlineData(SmsAeroFake.Email, SmsAeroFake.ApiKey, null, "set Shops:shop-aero:SmsAeroSign (")]
    [InlineData(null, null, null, "set Shops:shop-aero:SmsAeroEmail and Shops:shop-aero:SmsAeroApiKey and Shops:shop-aero:SmsAeroSign (")]
    public async Task Missing_settings_fail_every_message_naming_them_and_send_nothing(string? email, string? apiKey, string? sign, string named)
    {
        using var host = new SmsHost(fake.Settings(Shop, email, apiKey, sign));

        var outcomes = await Sender(host).SendAsync(Shop, [SmsMessages.To(Shop, messageId: "a"), SmsMessages.To(Shop, messageId: "b")]);

        Assert.All(outcomes, o => Assert.Equal(SendResult.Failed, o.Result));
        Assert.All(outcomes, o => Assert.Contains(named, o.Error));
        Assert.All(outcomes, o => Assert.Contains("SMS through SMS Aero is not set up for shop 'shop-aero'", o.Error));
        Assert.Empty(fake.Requests);
    }
}
