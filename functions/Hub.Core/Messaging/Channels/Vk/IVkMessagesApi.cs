using Refit;

namespace Hub.Messaging.Channels.Vk;

/// <summary>
/// <c>messages.send</c>: a form-encoded POST (VK reads no JSON bodies) with the community token as
/// <c>Authorization: Bearer</c>. VK answers HTTP 200 either way: <c>{"response":&lt;message id&gt;}</c> or
/// <c>{"error":{"error_code","error_msg",…}}</c>. Registered by <see cref="VkMessagingRegistration"/>.
/// </summary>
internal interface IVkMessagesApi
{
    [Post("/method/messages.send")]
    Task<IApiResponse<VkReply>> SendAsync([Authorize("Bearer")] string token, [Body(BodySerializationMethod.UrlEncoded)] IReadOnlyDictionary<string, string> form, CancellationToken cancellationToken);
}
