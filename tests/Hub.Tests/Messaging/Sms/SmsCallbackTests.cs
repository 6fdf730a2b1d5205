using System.Text;
using Hub.Customers;
using Hub.Messaging.Channels;
using Hub.Messaging.Channels.Sms;

namespace Hub.Tests.Messaging.Sms;

/// <summary>
/// Delivery callbacks from SMSC and SMS Aero: only requests carrying the shop's secret token in the URL are believed;
/// each status report becomes a delivered / failed / read event keyed by the provider's id and status, whatever form
/// the (undocumented) payload takes.
/// </summary>
public sealed class SmsCallbackTests : IDisposable
{
    const string Shop = "shop-dlr";
    const string Token = "dlr-9f3c1a77";
    readonly SmsHost host = new(new Dictionary<string, string?>
    {
        [SmsCallbacks.TokenKey(Shop)] = Token,
        [SmsCallbacks.TokenKey("other-shop")] = "other-token",
    });

    public void Dispose() => host.Dispose();

    static ProviderRequest Request(string body, string? token = Token, string? shop = Shop, Dictionary<string, string>? query = null, string contentType = "application/x-www-form-urlencoded")
    {
        var fields = query ?? [];
        if (shop is not null)
        {
            fields["shop"] = shop;
        }
        return new ProviderRequest("POST", Encoding.UTF8.GetBytes(body), new Dictionary<string, string> { ["Content-Type"] = contentType }, fields, token);
    }

    [Fact]
    public void An_smsc_delivery_report_as_a_form_is_a_delivered_event_for_our_smsc_id()
    {
        var id = SmscMessageIds.Text("msg-1");

        var reply = host.Events("smsc").Handle(Request($"id={id}&phone=79991234567&status=1&err=0&time=1772443800"));

        Assert.Equal(200, reply.Status);
        var delivered = Assert.Single(reply.Events);
        Assert.Equal(new ProviderEvent("smsc", $"{id}:1", ProviderEventKind.Delivered, Channel.Sms, SmsHost.Now,
            ProviderMessageId: id, ShopId: Shop, Detail: "SMSC status 1"), delivered);
    }

    [Fact]
    public void An_smsc_report_in_the_query_alone_is_read_too()
    {
        var reply = host.Events("smsc").Handle(Request("", query: new() { ["id"] = "123", ["phone"] = "79991234567", ["status"] = "20", ["err"] = "1" }));

        var failed = Assert.Single(reply.Events);
        Assert.Equal((ProviderEventKind.Failed, "123:20", "123"), (failed.Kind, failed.EventId, failed.ProviderMessageId));
        Assert.Contains("subscriber does not exist", failed.Detail);
    }

    [Theory]
    [InlineData("1", ProviderEventKind.Delivered)]
    [InlineData("2", ProviderEventKind.Read)]
    [InlineData("3", ProviderEventKind.Failed)]
    [InlineData("20", ProviderEventKind.Failed)]
    [InlineData("22", ProviderEventKind.Failed)]
    [InlineData("25", ProviderEventKind.Failed)]
    [InlineData("-3", ProviderEventKind.Failed)]
    [InlineData("0", null)]
    [InlineData("-1", null)]
    public void Smsc_statuses_map_to_events_and_waiting_ones_raise_none(string status, ProviderEventKind? expected)
    {
        var reply = host.Events("smsc").Handle(Request($"id=55&phone=79991234567&status={status}"));

        Assert.Equal(200, reply.Status);
        Assert.Equal(expected is null ? [] : [expected.Value], reply.Events.Select(e => e.Kind));
    }

    [Theory]
    [InlineData("""{"id":5000001,"status":1,"extendStatus":"delivery"}""", ProviderEventKind.Delivered, "5000001:1")]
    [InlineData("""{"id":"5000001","status":"2","extendStatus":"undelivered"}""", ProviderEventKind.Failed, "5000001:2")]
    [InlineData("""{"id":5000001,"extendStatus":"delivery"}""", ProviderEventKind.Delivered, "5000001:1")]
    [InlineData("""{"data":{"id":5000001,"status":6,"extendStatus":"reject"}}""", ProviderEventKind.Failed, "5000001:6")]
    public void Sms_aero_json_reports_map_to_events(string body, ProviderEventKind expected, string eventId)
    {
        var reply = host.Events("smsaero").Handle(Request(body, contentType: "application/json"));

        var happened = Assert.Single(reply.Events);
        Assert.Equal((expected, eventId, "5000001", Shop, Channel.Sms), (happened.Kind, happened.EventId, happened.ProviderMessageId, happened.ShopId, happened.Channel));
    }

    [Fact]
    public void Several_reports_in_one_request_are_several_events_and_a_repeat_has_the_same_event_id()
    {
        var body = """[{"id":1,"status":1},{"id":2,"status":2},{"id":3,"status":0}]""";

        var first = host.Events("smsaero").Handle(Request(body, contentType: "application/json"));
        var again = host.Events("smsaero").Handle(Request(body, contentType: "application/json"));

        Assert.Equal(["1:1", "2:2"], first.Events.Select(e => e.EventId));
        Assert.Equal(first.Events.Select(e => e.EventId), again.Events.Select(e => e.EventId));
    }

    [Fact]
    public void Sms_aero_reports_as_a_form_are_read_too()
    {
        var reply = host.Events("smsaero").Handle(Request("id=77&status=1&extendStatus=delivery"));

        Assert.Equal("77:1", Assert.Single(reply.Events).EventId);
    }

    [Theory]
    [InlineData("smsc", "wrong-token", Shop)]
    [InlineData("smsc", null, Shop)]
    [InlineData("smsc", "", Shop)]
    [InlineData("smsaero", "other-token", Shop)]
    [InlineData("smsaero", Token, "other-shop")]
    [InlineData("smsaero", Token, "shop-without-token")]
    [InlineData("smsc", Token, null)]
    public void A_request_without_the_shops_token_is_refused_and_carries_no_events(string provider, string? token, string? shop)
    {
        var reply = host.Events(provider).Handle(Request("id=1&status=1", token, shop));

        Assert.Equal(401, reply.Status);
        Assert.Empty(reply.Events);
    }

    [Theory]
    [InlineData("{\"id\":1,", "not valid JSON")]
    [InlineData("""{"status":1}""", "no 'id'")]
    [InlineData("""{"id":9,"status":"delivered?"}""", "no readable 'status'")]
    [InlineData("", "no status report")]
    public void A_verified_request_the_hub_cannot_read_is_malformed(string body, string reason)
    {
        var reply = host.Events("smsaero").Handle(Request(body, contentType: "application/json"));

        Assert.Equal(400, reply.Status);
        Assert.Contains(reason, reply.Body);
        Assert.Empty(reply.Events);
    }

    [Fact]
    public void Both_sms_providers_have_a_callback_source()
    {
        Assert.Equal(["smsaero", "smsc"], host.EventSources.Select(s => s.Provider).Order());
    }
}
