using Hub.Messaging.Channels;
using Hub.Messaging.Channels.WhatsApp;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace Hub.Tests.Messaging.WhatsApp;

public sealed class WhatsAppErrorTests
{
    /// <summary>Meta's error codes (channels.md §4) and what the hub does next, with the wait for a retry in seconds.</summary>
    public static TheoryData<int, int, string, SendResult, double?> Codes => new()
    {
        { 131047, 400, "Re-engagement message", SendResult.UseTemplate, null },
        { 131050, 400, "Unable to deliver the message. This recipient has chosen to stop receiving marketing messages", SendResult.OptOut, null },
        { 130429, 429, "Rate limit hit", SendResult.Retry, 1 },
        { 131056, 400, "(Business Account, Consumer Account) pair rate limit hit", SendResult.Retry, 6 },
        { 131049, 400, "This message was not delivered to maintain healthy ecosystem engagement.", SendResult.Retry, 24 * 3600 },
        { 1, 500, "An unknown error occurred", SendResult.Retry, 30 },
        { 2, 503, "Service temporarily unavailable", SendResult.Retry, 30 },
        { 131048, 400, "Spam rate limit hit", SendResult.Failed, null },
        { 368, 403, "Temporarily blocked for policies violations", SendResult.Failed, null },
        { 100, 400, "Invalid parameter", SendResult.Failed, null },
        { 131026, 400, "Message undeliverable", SendResult.Unreachable, null },
        { 132001, 404, "Template name does not exist in the translation", SendResult.Failed, null },
    };

    [Theory]
    [MemberData(nameof(Codes))]
    public async Task Each_error_code_maps_to_what_the_hub_does_next(int code, int status, string message, SendResult expected, double? waitSeconds)
    {
        using var fake = new WhatsAppCloudFake();
        using var host = WhatsAppHost.Start(fake.Settings(WhatsAppHost.Shop, WhatsAppHost.Token, WhatsAppHost.PhoneNumberId));
        fake.FailNext(code, message, details: "details from Meta", status: status);

        var outcome = Assert.Single(await host.Sender().SendAsync(WhatsAppHost.Shop, [WhatsAppHost.InWindow()]));

        Assert.Equal(expected, outcome.Result);
        Assert.Equal(waitSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : null, outcome.RetryAfter);
        Assert.Contains(code.ToString(System.Globalization.CultureInfo.InvariantCulture), outcome.Error);
        Assert.Contains(message, outcome.Error);
        Assert.Contains("details from Meta", outcome.Error);
        Assert.Null(outcome.ProviderMessageId);
    }

    [Fact]
    public async Task A_restricted_number_fails_with_a_call_to_check_it()
    {
        using var fake = new WhatsAppCloudFake();
        using var host = WhatsAppHost.Start(fake.Settings(WhatsAppHost.Shop, WhatsAppHost.Token, WhatsAppHost.PhoneNumberId));
        fake.FailNext(131048, "Spam rate limit hit");

        var outcome = Assert.Single(await host.Sender().SendAsync(WhatsAppHost.Shop, [WhatsAppHost.InWindow()]));

        Assert.Contains("quality rating", outcome.Error);
    }

    [Theory]
    [InlineData(429, SendResult.Retry)]
    [InlineData(502, SendResult.Retry)]
    [InlineData(403, SendResult.Failed)]
    public async Task An_answer_without_metas_error_body_is_judged_by_its_status(int status, SendResult expected)
    {
        using var server = WireMockServer.Start();
        server.Given(Request.Create().UsingPost()).RespondWith(Response.Create().WithStatusCode(status).WithBody("<html>proxy says no</html>"));
        using var host = WhatsAppHost.Start(new Dictionary<string, string?>
        {
            [WhatsAppCloud.BaseUrlKey] = server.Url,
            [WhatsAppSettings.TokenKey(WhatsAppHost.Shop)] = WhatsAppHost.Token,
            [WhatsAppSettings.PhoneNumberIdKey(WhatsAppHost.Shop)] = WhatsAppHost.PhoneNumberId,
        });

        var outcome = Assert.Single(await host.Sender().SendAsync(WhatsAppHost.Shop, [WhatsAppHost.InWindow()]));

        Assert.Equal(expected, outcome.Result);
        Assert.Contains(status.ToString(System.Globalization.CultureInfo.InvariantCulture), outcome.Error);
    }
}
