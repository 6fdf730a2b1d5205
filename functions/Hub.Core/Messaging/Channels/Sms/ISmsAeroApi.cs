using Refit;

namespace Hub.Messaging.Channels.Sms;

/// <summary>
/// SMS Aero's v2 API, as far as the hub calls it (channels.md §2): JSON POSTs with HTTP Basic <c>email:api_key</c>
/// (<see cref="SmsAeroAccount.BasicCredentials"/>). Registered once by <see cref="SmsRegistration"/>, shared by SMS and Viber.
/// </summary>
internal interface ISmsAeroApi
{
    [Post("/sms/send")]
    Task<IApiResponse<SmsAeroReply>> SendSmsAsync([Authorize("Basic")] string credentials, [Body(buffered: true)] SmsAeroSmsRequest request, CancellationToken cancellationToken);

    /// <summary>Viber Business Messages, with SMS fallback fields (<c>signSms</c>, <c>channelSms</c>, <c>textSms</c>).</summary>
    [Post("/viber/send")]
    Task<IApiResponse<SmsAeroReply>> SendViberAsync([Authorize("Basic")] string credentials, [Body(buffered: true)] SmsAeroViberRequest request, CancellationToken cancellationToken);
}
