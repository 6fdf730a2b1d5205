using Hub.Customers;
using Microsoft.Extensions.Logging;

namespace Hub.Messaging.Channels.Sms;

/// <summary>
/// SMS through SMS Aero: one <c>sms/send</c> per message with the shop's Basic credentials and sign, and the hub's
/// delivery callback URL when one is configured (<see cref="SmsCallbacks"/>); answers mapped by <see cref="SmsAeroAnswers"/>.
/// Phones and texts are never logged.
/// </summary>
internal sealed class SmsAeroSender(
    ISmsAeroApi api,
    SmsAeroAccounts accounts,
    SmsCallbacks callbacks,
    SmsAeroAnswers answers,
    ILogger<SmsAeroSender> logger) : IChannelSender
{
    public Channel Channel => Channel.Sms;
    public string Provider => SmsAero.Provider;
    public int MaxBatch => 1;

    public Task<IReadOnlyList<SendOutcome>> SendAsync(string shopId, IReadOnlyList<OutboundMessage> messages, CancellationToken cancellationToken = default)
    {
        var (account, problem) = accounts.ForSms(shopId);
        return OneCallPerMessage.SendAsync(shopId, messages, account, problem, (a, message) => SendOneAsync(shopId, a, message, cancellationToken));
    }

    async Task<SendOutcome> SendOneAsync(string shopId, SmsAeroAccount account, OutboundMessage message, CancellationToken cancellationToken)
    {
        if (SmsPhones.Digits(message.Address) is not { } phone)
        {
            return SmsPhones.NotAPhone(message);
        }
        var request = new SmsAeroSmsRequest(long.Parse(phone, System.Globalization.CultureInfo.InvariantCulture),
            SmsText.Compose(message.Content), account.SmsSign!, callbacks.UrlFor(Provider, shopId));
        var outcome = await UnansweredCalls.Send("SMS Aero", message.MessageId,
            () => api.SendSmsAsync(account.BasicCredentials, request, cancellationToken),
            response => answers.Read(shopId, message.MessageId, response),
            cancellationToken);
        logger.LogInformation("SMS Aero send of {MessageId} for shop {ShopId} to {Phone}: {Result} {Error}",
            message.MessageId, shopId, PersonalData.MaskPhone(message.Address), outcome.Result, SmsPhones.Scrub(outcome.Error));
        return outcome;
    }
}
