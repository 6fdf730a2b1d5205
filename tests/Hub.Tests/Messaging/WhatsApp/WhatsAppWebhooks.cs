using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Hub.Messaging.Channels;

namespace Hub.Tests.Messaging.WhatsApp;

/// <summary>
/// Webhook notifications as Meta posts them (channels.md §4; WhatsApp-Nodejs-SDK): statuses inside
/// <c>entry[].changes[].value</c>, signed with the App Secret in <c>X-Hub-Signature-256</c>. Written by hand, not with
/// the channel's types.
/// </summary>
static class WhatsAppWebhooks
{
    public static JsonObject Status(string wamid, string status, string? callbackData = "msg-1", long timestamp = 1767000000, params JsonObject[] errors)
    {
        var json = new JsonObject
        {
            ["id"] = wamid,
            ["status"] = status,
            ["timestamp"] = timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["recipient_id"] = "79995551111",
        };
        if (callbackData is not null)
        {
            json["biz_opaque_callback_data"] = callbackData;
        }
        if (status != "failed")
        {
            json["conversation"] = new JsonObject { ["id"] = "conv-1", ["origin"] = new JsonObject { ["type"] = "marketing" } };
            json["pricing"] = new JsonObject { ["billable"] = true, ["pricing_model"] = "PMP", ["category"] = "marketing" };
        }
        if (errors.Length > 0)
        {
            json["errors"] = new JsonArray(errors.Select(e => (JsonNode)e).ToArray());
        }
        return json;
    }

    public static JsonObject Error(int code, string title) => new()
    {
        ["code"] = code,
        ["title"] = title,
        ["message"] = title,
        ["error_data"] = new JsonObject { ["details"] = $"details of {code}" },
    };

    public static string Notification(params JsonObject[] statuses) => WithValue(new JsonObject
    {
        ["messaging_product"] = "whatsapp",
        ["metadata"] = new JsonObject { ["display_phone_number"] = "15551234567", ["phone_number_id"] = WhatsAppHost.PhoneNumberId },
        ["statuses"] = new JsonArray(statuses.Select(s => (JsonNode)s).ToArray()),
    });

    public static string WithValue(JsonObject value) => new JsonObject
    {
        ["object"] = "whatsapp_business_account",
        ["entry"] = new JsonArray(new JsonObject
        {
            ["id"] = "102290129340398",
            ["changes"] = new JsonArray(new JsonObject { ["value"] = value, ["field"] = "messages" }),
        }),
    }.ToJsonString();

    /// <summary><c>sha256=</c> and the hex HMAC-SHA256 of the raw body under <paramref name="secret"/>.</summary>
    public static string Signature(string body, string secret) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(body)));

    public static ProviderRequest Signed(string body, string secret = WhatsAppHost.AppSecret, string shopId = WhatsAppHost.Shop) =>
        ProviderRequests.Post(shopId, body, ("X-Hub-Signature-256", Signature(body, secret)));
}
