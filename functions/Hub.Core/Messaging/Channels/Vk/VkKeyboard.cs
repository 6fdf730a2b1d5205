using System.Text.Json.Nodes;

namespace Hub.Messaging.Channels.Vk;

/// <summary>
/// The <c>keyboard</c> parameter for link buttons: an inline keyboard (under the message), one <c>open_link</c> button
/// per row: <c>{"inline":true,"buttons":[[{"action":{"type":"open_link","link","label"}}]]}</c>.
/// </summary>
internal static class VkKeyboard
{
    public static string? For(IReadOnlyList<MessageButton> buttons) => buttons.Count == 0
        ? null
        : new JsonObject
        {
            ["inline"] = true,
            ["buttons"] = new JsonArray(buttons.Select(b => (JsonNode)new JsonArray(new JsonObject
            {
                ["action"] = new JsonObject { ["type"] = "open_link", ["link"] = b.Url, ["label"] = b.Text },
            })).ToArray()),
        }.ToJsonString();
}
