using System.Text.Json;

namespace Hub.Messaging.Channels.Vk;

/// <summary>
/// A Callback API request (callback/objects.json <c>callback_base</c>): <c>type</c>, <c>group_id</c>, <c>event_id</c>
/// ("if it passed twice or more, ignore it"), <c>v</c>, <c>secret</c> and the event's <c>object</c>.
/// </summary>
internal sealed record VkCallback(string? Type, long? GroupId, string? EventId = null, string? Secret = null, JsonElement? Object = null)
{
    /// <summary>The <c>user_id</c> of <c>message_allow</c> / <c>message_deny</c>.</summary>
    public long? UserId =>
        Object is { ValueKind: JsonValueKind.Object } o && o.TryGetProperty("user_id", out var id) && id.TryGetInt64(out var user) ? user : null;
}
