using Refit;

namespace Hub.Messaging.Channels.WhatsApp;

/// <summary>
/// The Cloud API call the channel makes: <c>POST /{version}/{phone-number-id}/messages</c> with
/// <c>Authorization: Bearer &lt;token&gt;</c> and a JSON message. Meta answers the message's <c>wamid</c> or
/// <c>{"error":{"message","type","code","error_data":{"details"},"error_subcode","fbtrace_id"}}</c>.
/// Registered by <see cref="WhatsAppRegistration"/>.
/// </summary>
internal interface IWhatsAppCloudApi
{
    [Post("/" + WhatsAppCloud.ApiVersion + "/{phoneNumberId}/messages")]
    Task<IApiResponse<WhatsAppSendReply>> SendAsync([Authorize("Bearer")] string token, string phoneNumberId, [Body] WhatsAppMessage message, CancellationToken cancellationToken);
}
