using Refit;

namespace Hub.Messaging.Channels.Sms;

/// <summary>
/// SMSC.ru's HTTP API, as far as the hub calls it: <c>POST /sys/send.php</c> with form fields (channels.md §2).
/// Credentials travel in the form body, never in the URL. Registered by <see cref="SmsRegistration"/>.
/// </summary>
internal interface ISmscApi
{
    /// <summary>Sends one SMS. SMSC answers 200 with either the sent message or <c>error</c>/<c>error_code</c>.</summary>
    [Post("/sys/send.php")]
    Task<IApiResponse<SmscSendReply>> SendAsync([Body(BodySerializationMethod.UrlEncoded)] Dictionary<string, string> form, CancellationToken cancellationToken);
}
