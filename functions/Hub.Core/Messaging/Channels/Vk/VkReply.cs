using System.Text.Json;

namespace Hub.Messaging.Channels.Vk;

/// <summary>Every VK API answer: <c>response</c> (for <c>messages.send</c> with <c>peer_id</c>, the message id) or <c>error</c>.</summary>
internal sealed record VkReply(JsonElement? Response = null, VkError? Error = null);

internal sealed record VkError(int ErrorCode, string? ErrorMsg = null);
