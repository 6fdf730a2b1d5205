using System.Text;
using System.Text.Json.Nodes;
using Hub.Customers;
using Hub.Webhooks;

namespace Hub.Tests.Shops;

/// <summary>What the tests of every platform's webhook source share: fixtures, requests, mapping one change.</summary>
public abstract class WebhookSourceTests(IWebhookSource source, string fixtureFolder)
{
    protected readonly IWebhookSource source = source;

    protected byte[] Fixture(string name) => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "fixtures", fixtureFolder, name));

    protected static WebhookRequest Request(byte[] body, params (string Name, string Value)[] headers)
        => WebhookRequest.Create(headers.Select(h => KeyValuePair.Create(h.Name, h.Value)), body);

    protected T Single<T>(string topic, byte[] body) where T : ShopChange
        => Assert.IsType<T>(Assert.Single(source.Map(topic, body)));

    protected byte[] Edit(string fixture, Action<JsonObject> edit)
    {
        var json = JsonNode.Parse(Fixture(fixture))!.AsObject();
        edit(json);
        return Encoding.UTF8.GetBytes(json.ToJsonString());
    }
}
