using Hub.Customers;
using Hub.Messaging.Channels;
using Hub.Messaging.Channels.Sms;
using Hub.Messaging.Channels.Viber;
using Hub.Tests.Messaging.Sms;

namespace Hub.Tests.Messaging.Viber;

/// <summary>
/// Viber through SMS Aero as a shop sees it: the Viber message with its button and the SMS fallback filled from the
/// same content, the cost kept, Viber's service codes turned into what the dispatcher does next, and missing settings
/// named before anything is sent.
/// </summary>
public sealed class ViberSenderTests : IDisposable
{
    const string Shop = "shop-viber";
    readonly SmsAeroFake fake = new();

    public void Dispose() => fake.Dispose();

    static IChannelSender Sender(SmsHost host) => host.Sender("viber");

    static OutboundMessage Message(string text = "Скидка 20% на оправы до воскресенья", params MessageButton[] buttons) =>
        SmsMessages.To(Shop, text, channel: Channel.Viber, buttons: buttons);

    [Fact]
    public async Task A_message_goes_to_viber_send_with_its_button_and_an_sms_fallback_and_its_cost_is_kept()
    {
        using var host = new SmsHost(fake.Settings(Shop));

        var outcome = Assert.Single(await Sender(host).SendAsync(Shop, [Message(buttons: new MessageButton("Выбрать оправу", "https://optics.example/s/42"))]));

        var request = Assert.Single(fake.Requests);
        Assert.Equal(SmsAeroFake.Viber, request.Endpoint);
        Assert.Equal((SmsAeroFake.Email, SmsAeroFake.ApiKey), (request.Email, request.ApiKey));
        Assert.Equal("79991234567", request.Number);
        Assert.Equal(SmsAeroFake.ViberSign, request.Text("sign"));
        Assert.Equal(ViberFacts.MessageChannel, request.Text("channel"));
        Assert.Equal("Скидка 20% на оправы до воскресенья", request.Text("text"));
        Assert.Equal("Выбрать оправу", request.Text("textButton"));
        Assert.Equal("https://optics.example/s/42", request.Text("linkButton"));
        Assert.Equal(SmsAeroFake.SmsSign, request.Text("signSms"));
        Assert.Equal(ViberFacts.SmsFallbackChannel, request.Text("channelSms"));
        Assert.Equal("Скидка 20% на оправы до воскресенья https://optics.example/s/42", request.Text("textSms"));
        Assert.Equal(new SendOutcome("msg-1", SendResult.Sent, "5000001", 2.25m, "RUB"), outcome);
    }

    [Fact]
    public async Task A_long_text_goes_whole_to_viber_and_cut_at_a_word_to_the_sms_fallback_keeping_the_link()
    {
        using var host = new SmsHost(fake.Settings(Shop));
        var text = string.Join(' ', Enumerable.Repeat("Новая коллекция солнцезащитных очков уже в салонах.", 10));

        await Sender(host).SendAsync(Shop, [Message(text, new MessageButton("Смотреть", "https://optics.example/new"))]);

        var request = Assert.Single(fake.Requests);
        Assert.Equal(text, request.Text("text"));
        var sms = request.Text("textSms")!;
        Assert.InRange(sms.Length, 150, ViberFacts.SmsFallbackMaxLength);
        Assert.EndsWith("… https://optics.example/new", sms);
        Assert.StartsWith("Новая коллекция солнцезащитных очков уже в салонах. Новая", sms);
        Assert.DoesNotContain("  ", sms);
    }

    [Fact]
    public async Task Without_an_sms_sign_the_message_goes_to_viber_only()
    {
        using var host = new SmsHost(fake.Settings(Shop, smsSign: null));

        var outcome = Assert.Single(await Sender(host).SendAsync(Shop, [Message()]));

        Assert.Equal(SendResult.Sent, outcome.Result);
        var body = Assert.Single(fake.Requests).Body;
        Assert.False(body.ContainsKey("signSms") || body.ContainsKey("channelSms") || body.ContainsKey("textSms") || body.ContainsKey("textButton"));
    }

    [Fact]
    public async Task Viber_shows_one_button_so_the_links_of_the_others_go_into_the_text()
    {
        using var host = new SmsHost(fake.Settings(Shop));

        await Sender(host).SendAsync(Shop, [Message("Ваш заказ готов", new MessageButton("Заказ", "https://optics.example/o/1"), new MessageButton("Салоны", "https://optics.example/map"))]);

        var request = Assert.Single(fake.Requests);
        Assert.Equal("Ваш заказ готов https://optics.example/map", request.Text("text"));
        Assert.Equal("https://optics.example/o/1", request.Text("linkButton"));
        Assert.Equal("Ваш заказ готов https://optics.example/o/1 https://optics.example/map", request.Text("textSms"));
    }

    public static TheoryData<int, string, SendResult, string> Refusals => new()
    {
        { 200, """{"success":false,"data":null,"message":"SRVC_NOT_VIBER_USER"}""", SendResult.Unreachable, "not a Viber user" },
        { 200, """{"success":false,"data":null,"message":"Error: srvc_user_blocked"}""", SendResult.OptOut, "blocked" },
        { 400, """{"success":false,"data":null,"message":"SRVC_NO_SUITABLE_DEVICE"}""", SendResult.Unreachable, "no device" },
        { 200, """{"success":false,"data":null,"message":"SRVC_WAIT_FOR_USER_RESPONSE"}""", SendResult.Unreachable, "without an answer" },
        { 200, """{"success":false,"data":null,"message":"SRVC_TIMEOUT"}""", SendResult.Retry, "timed out" },
        { 200, """{"success":false,"data":null,"message":"SRVC_INTERNAL_FAILURE"}""", SendResult.Retry, "failed internally" },
        { 400, """{"success":false,"data":null,"message":"SRVC_BAD_DATA"}""", SendResult.Failed, "data" },
        { 200, """{"success":false,"data":null,"message":"SRVC_INVALID_TTL"}""", SendResult.Failed, "time to live" },
        { 200, """{"result":"no credits"}""", SendResult.Failed, "not enough money" },
        { 401, """{"success":false,"data":null,"message":"Unauthorized"}""", SendResult.Failed, "Shops:shop-viber:SmsAeroApiKey" },
        { 200, """{"success":false,"data":null,"message":"Sign is not active"}""", SendResult.Failed, "Sign is not active" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task Each_refusal_becomes_what_the_dispatcher_does_next(int status, string body, SendResult expected, string words)
    {
        using var host = new SmsHost(fake.Settings(Shop));
        fake.AnswerNext(status, body, endpoint: SmsAeroFake.Viber);

        var outcome = Assert.Single(await Sender(host).SendAsync(Shop, [Message()]));

        Assert.Equal(expected, outcome.Result);
        Assert.Contains(words, outcome.Error);
        Assert.Single(fake.Requests);
    }

    [Fact]
    public async Task Throttling_retries_after_the_wait_asked_for()
    {
        using var host = new SmsHost(fake.Settings(Shop));
        fake.AnswerNext(429, """{"success":false,"data":null,"message":"Too many requests"}""", TimeSpan.FromSeconds(3));

        var outcome = Assert.Single(await Sender(host).SendAsync(Shop, [Message()]));

        Assert.Equal((SendResult.Retry, TimeSpan.FromSeconds(3)), (outcome.Result, outcome.RetryAfter));
    }

    [Theory]
    [InlineData(SmsAeroFake.Email, SmsAeroFake.ApiKey, null, "set Shops:shop-viber:ViberSign (app settings Shops__shop-viber__ViberSign)")]
    [InlineData(null, null, SmsAeroFake.ViberSign, "set Shops:shop-viber:SmsAeroEmail and Shops:shop-viber:SmsAeroApiKey (")]
    public async Task Missing_settings_fail_every_message_naming_them_and_send_nothing(string? email, string? apiKey, string? viberSign, string named)
    {
        using var host = new SmsHost(fake.Settings(Shop, email, apiKey, viberSign: viberSign));

        var outcomes = await Sender(host).SendAsync(Shop, [Message(), Message() with { MessageId = "msg-2" }]);

        Assert.All(outcomes, o => Assert.Equal(SendResult.Failed, o.Result));
        Assert.All(outcomes, o => Assert.Contains("Viber through SMS Aero is not set up for shop 'shop-viber'", o.Error));
        Assert.All(outcomes, o => Assert.Contains(named, o.Error));
        Assert.Empty(fake.Requests);
    }
}
