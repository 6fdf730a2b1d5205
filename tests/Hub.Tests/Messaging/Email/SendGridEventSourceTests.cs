using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Hub.Messaging.Channels;

namespace Hub.Tests.Messaging.Email;

/// <summary>SendGrid's signed Event Webhook: who is believed, and what each event means to the hub.</summary>
public sealed class SendGridEventSourceTests
{
    // The SDK's published vector (sendgrid-csharp tests/SendGrid.Tests/Helpers/EventWebhook/RequestValidatorTests.cs).
    const string SdkPublicKey = "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE83T4O/n84iotIvIW4mdBgQ/7dAfSmpqIM8kF9mN1flpVKS3GRqe62gw+2fNNRaINXvVpiglSI8eNEc6wEA3F+g==";
    const string SdkSignature = "MEUCIGHQVtGj+Y3LkG9fLcxf3qfI10QysgDWmMOVmxG0u6ZUAiEAyBiXDWzM+uOe5W0JuG+luQAbPIqHh89M15TluLtEZtM=";
    const string SdkTimestamp = "1600112502";
    const string SdkPayload =
        "[{\"email\":\"hello@world.com\",\"event\":\"dropped\",\"reason\":\"Bounced Address\"," +
        "\"sg_event_id\":\"ZHJvcC0xMDk5NDkxOS1MUnpYbF9OSFN0T0doUTRrb2ZTbV9BLTA\"," +
        "\"sg_message_id\":\"LRzXl_NHStOGhQ4kofSm_A.filterdrecv-p3mdw1-756b745b58-kmzbl-18-5F5FC76C-9.0\"," +
        "\"smtp-id\":\"<LRzXl_NHStOGhQ4kofSm_A@ismtpd0039p1iad1.sendgrid.net>\",\"timestamp\":1600112492}]\r\n";
    static readonly DateTimeOffset SdkTime = DateTimeOffset.FromUnixTimeSeconds(1600112502).AddMinutes(1);
    const string Shop = "shop-1";
    const string KeySetting = "Shops:shop-1:SendGridWebhookPublicKey";

    [Fact]
    public void The_SDKs_published_vector_verifies_and_its_dropped_bounced_address_is_a_bounce()
    {
        using var host = Host(SdkPublicKey, SdkTime);

        var reply = host.Events.Handle(Request(SdkPayload, SdkSignature, SdkTimestamp));

        Assert.Equal(200, reply.Status);
        var e = Assert.Single(reply.Events);
        Assert.Equal(ProviderEventKind.Bounced, e.Kind);
        Assert.Equal("sendgrid", e.Provider);
        Assert.Equal("ZHJvcC0xMDk5NDkxOS1MUnpYbF9OSFN0T0doUTRrb2ZTbV9BLTA", e.EventId);
        Assert.Equal("LRzXl_NHStOGhQ4kofSm_A.filterdrecv-p3mdw1-756b745b58-kmzbl-18-5F5FC76C-9.0", e.ProviderMessageId);
        Assert.Equal("hello@world.com", e.Address);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1600112492), e.At);
        Assert.Equal(Shop, e.ShopId);
        Assert.Null(e.MessageId);
        Assert.Equal("Bounced Address", e.Detail);
    }

    [Fact]
    public void One_changed_byte_is_refused()
    {
        using var host = Host(SdkPublicKey, SdkTime);
        var forged = SdkPayload.Replace("hello@world.com", "hellO@world.com", StringComparison.Ordinal);

        var reply = host.Events.Handle(Request(forged, SdkSignature, SdkTimestamp));

        Assert.Equal(401, reply.Status);
        Assert.Contains("signature does not match", reply.Body);
        Assert.Empty(reply.Events);
    }

    [Fact]
    public void The_body_without_its_trailing_newline_is_refused()
    {
        using var host = Host(SdkPublicKey, SdkTime);

        Assert.Equal(401, host.Events.Handle(Request(SdkPayload.TrimEnd(), SdkSignature, SdkTimestamp)).Status);
    }

    [Fact]
    public void Another_timestamp_is_refused()
    {
        using var host = Host(SdkPublicKey, SdkTime);

        Assert.Equal(401, host.Events.Handle(Request(SdkPayload, SdkSignature, "1600112503")).Status);
    }

    [Fact]
    public void A_signature_older_than_a_day_is_refused_even_when_valid()
    {
        using var host = Host(SdkPublicKey, SdkTime.AddHours(26));

        var reply = host.Events.Handle(Request(SdkPayload, SdkSignature, SdkTimestamp));

        Assert.Equal(401, reply.Status);
        Assert.Contains("too far from now", reply.Body);
    }

    [Fact]
    public void A_shop_without_a_key_is_refused_naming_the_setting()
    {
        using var host = Host(key: null, SdkTime);

        var reply = host.Events.Handle(Request(SdkPayload, SdkSignature, SdkTimestamp));

        Assert.Equal(401, reply.Status);
        Assert.Contains(KeySetting, reply.Body);
    }

    [Fact]
    public void Another_shops_key_is_refused()
    {
        using var signer = new WebhookSigner();
        using var host = Host(signer.PublicKey, SdkTime);

        Assert.Equal(401, host.Events.Handle(Request(SdkPayload, SdkSignature, SdkTimestamp)).Status);
    }

    [Theory]
    [InlineData(null, "1600112502")]
    [InlineData("MEUCIQ==", null)]
    [InlineData("not base64 at all", "1600112502")]
    [InlineData("MEUCIGHQVtGj", "yesterday")]
    public void Missing_or_garbled_signature_headers_are_refused(string? signature, string? timestamp)
    {
        using var host = Host(SdkPublicKey, SdkTime);

        Assert.Equal(401, host.Events.Handle(Request(SdkPayload, signature, timestamp)).Status);
    }

    [Fact]
    public void A_request_that_names_no_shop_is_refused()
    {
        using var host = Host(SdkPublicKey, SdkTime);
        var request = Request(SdkPayload, SdkSignature, SdkTimestamp) with { Query = new Dictionary<string, string>() };

        Assert.Equal(401, host.Events.Handle(request).Status);
    }

    [Fact]
    public void A_key_that_is_not_a_key_is_refused_naming_the_setting()
    {
        using var host = Host("not-a-key", SdkTime);

        var reply = host.Events.Handle(Request(SdkPayload, SdkSignature, SdkTimestamp));

        Assert.Equal(401, reply.Status);
        Assert.Contains(KeySetting, reply.Body);
    }

    [Fact]
    public void A_signature_made_with_dotnets_own_ecdsa_verifies_with_the_sdk()
    {
        using var signer = new WebhookSigner();
        using var host = Host(signer.PublicKey, SdkTime);
        var payload = "[{\"email\":\"анна@пример.рф\",\"event\":\"delivered\",\"sg_event_id\":\"e1\",\"timestamp\":1600112400}]\r\n";

        var reply = host.Events.Handle(signer.Sign(payload, SdkTimestamp));

        Assert.Equal(200, reply.Status);
        Assert.Equal("анна@пример.рф", Assert.Single(reply.Events).Address);
    }

    [Theory]
    [InlineData("""{"event":"delivered"}""", ProviderEventKind.Delivered)]
    [InlineData("""{"event":"open"}""", ProviderEventKind.Opened)]
    [InlineData("""{"event":"click","url":"https://shop.example/sale"}""", ProviderEventKind.Clicked)]
    [InlineData("""{"event":"bounce","type":"bounce","reason":"550 5.1.1 unknown user"}""", ProviderEventKind.Bounced)]
    [InlineData("""{"event":"bounce","type":"blocked","reason":"421 try later"}""", ProviderEventKind.Failed)]
    [InlineData("""{"event":"dropped","reason":"Unsubscribed Address"}""", ProviderEventKind.OptedOut)]
    [InlineData("""{"event":"dropped","reason":"Spam Reporting Address"}""", ProviderEventKind.OptedOut)]
    [InlineData("""{"event":"dropped","reason":"Bounced Address"}""", ProviderEventKind.Bounced)]
    [InlineData("""{"event":"dropped","reason":"Invalid"}""", ProviderEventKind.Failed)]
    [InlineData("""{"event":"unsubscribe"}""", ProviderEventKind.OptedOut)]
    [InlineData("""{"event":"group_unsubscribe","asm_group_id":4242}""", ProviderEventKind.OptedOut)]
    [InlineData("""{"event":"spamreport"}""", ProviderEventKind.OptedOut)]
    [InlineData("""{"event":"group_resubscribe","asm_group_id":4242}""", ProviderEventKind.OptedIn)]
    public void Each_event_type_means_what_the_hub_does_about_it(string fields, ProviderEventKind expected)
    {
        using var signer = new WebhookSigner();
        using var host = Host(signer.PublicKey, SdkTime);
        var body = "[" + fields.TrimEnd('}') +
            ",\"email\":\"anna@example.com\",\"timestamp\":1600112400,\"sg_event_id\":\"evt-1\"," +
            "\"sg_message_id\":\"abc123.filter-1\",\"hub_message_id\":\"msg-00001\",\"hub_shop\":\"shop-1\"}]";

        var reply = host.Events.Handle(signer.Sign(body, SdkTimestamp));

        var e = Assert.Single(reply.Events);
        Assert.Equal(expected, e.Kind);
        Assert.Equal("msg-00001", e.MessageId);
        Assert.Equal("abc123.filter-1", e.ProviderMessageId);
        Assert.Equal("evt-1", e.EventId);
        Assert.Equal("anna@example.com", e.Address);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1600112400), e.At);
    }

    [Fact]
    public void Processed_deferred_and_unknown_events_are_not_reported_but_the_rest_of_the_batch_is()
    {
        using var signer = new WebhookSigner();
        using var host = Host(signer.PublicKey, SdkTime);
        var body = """
            [{"event":"processed","sg_event_id":"a","email":"x@example.com","timestamp":1600112400},
             {"event":"deferred","sg_event_id":"b","email":"x@example.com","timestamp":1600112400},
             {"event":"machine_opened","sg_event_id":"c","email":"x@example.com","timestamp":1600112400},
             {"event":"delivered","sg_event_id":"d","email":"x@example.com","timestamp":1600112400}]
            """;

        var reply = host.Events.Handle(signer.Sign(body, SdkTimestamp));

        Assert.Equal(200, reply.Status);
        Assert.Equal(["d"], reply.Events.Select(e => e.EventId));
    }

    [Theory]
    [InlineData("[{\"event\":\"delivered\",")]
    [InlineData("{\"event\":\"delivered\"}")]
    [InlineData("")]
    public void A_malformed_body_with_a_valid_signature_is_malformed(string body)
    {
        using var signer = new WebhookSigner();
        using var host = Host(signer.PublicKey, SdkTime);

        var reply = host.Events.Handle(signer.Sign(body, SdkTimestamp));

        Assert.Equal(400, reply.Status);
        Assert.StartsWith("The SendGrid event body is not a JSON array of events", reply.Body);
        Assert.Empty(reply.Events);
    }

    static SendGridHost Host(string? key, DateTimeOffset now) =>
        new(new Dictionary<string, string?> { [KeySetting] = key }, now);

    static ProviderRequest Request(string body, string? signature, string? timestamp)
    {
        var headers = new Dictionary<string, string>();
        if (signature is not null)
        {
            headers["x-twilio-email-event-webhook-signature"] = signature;
        }
        if (timestamp is not null)
        {
            headers["X-Twilio-Email-Event-Webhook-Timestamp"] = timestamp;
        }
        return new ProviderRequest("POST", Encoding.UTF8.GetBytes(body), headers, new Dictionary<string, string> { ["shop"] = Shop });
    }

    /// <summary>Signs like SendGrid: ECDSA P-256, SHA-256 over timestamp + body, DER signature in base64; the key as base64 SubjectPublicKeyInfo.</summary>
    sealed class WebhookSigner : IDisposable
    {
        readonly ECDsa key = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        public string PublicKey => Convert.ToBase64String(key.ExportSubjectPublicKeyInfo());

        public ProviderRequest Sign(string body, string timestamp)
        {
            var signature = key.SignData(Encoding.UTF8.GetBytes(timestamp + body), HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
            return Request(body, Convert.ToBase64String(signature), timestamp.ToString(CultureInfo.InvariantCulture));
        }

        public void Dispose() => key.Dispose();
    }
}
