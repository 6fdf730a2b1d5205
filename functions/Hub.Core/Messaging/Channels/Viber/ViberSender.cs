using System.Globalization;
using Hub.Customers;
using Hub.Messaging.Channels.Sms;
using Microsoft.Extensions.Logging;

namespace Hub.Messaging.Channels.Viber;

/// <summary>
/// Viber Business Messages through SMS Aero's <c>viber/send</c>: the shop's Viber sign, the text and its first button;
/// when the shop has an SMS sign (<c>Shops:{shop}:SmsAeroSign</c>) also the SMS fallback fields, filled from the same
/// content (<see cref="SmsText.Fit"/>, <see cref="ViberFacts.SmsFallbackMaxLength"/>), so SMS Aero sends an SMS to
/// whoever the Viber message cannot reach. Answers are mapped by <see cref="SmsAeroAnswers"/> and <see cref="ViberErrors"/>.
/// </summary>
internal sealed class ViberSender(ISmsAeroApi api, SmsAeroAccounts accounts, SmsAeroAnswers answers, ILogger<ViberSender> logger) : IChannelSender
{
    public Channel Channel => Channel.Viber;
    public string Provider => ViberFacts.Provider;
    public int MaxBatch => 1;

    public Task<IReadOnlyList<SendOutcome>> SendAsync(string shopId, IReadOnlyList<OutboundMessage> messages, CancellationToken cancellationToken = default)
    {
        var (account, problem) = accounts.ForViber(shopId);
        return OneCallPerMessage.SendAsync(shopId, messages, account, problem, (a, message) => SendOneAsync(shopId, a, message, cancellationToken));
    }

    async Task<SendOutcome> SendOneAsync(string shopId, SmsAeroAccount account, OutboundMessage message, CancellationToken cancellationToken)
    {
        if (SmsPhones.Digits(message.Address) is not { } phone)
        {
            return SmsPhones.NotAPhone(message);
        }
        var request = Request(long.Parse(phone, CultureInfo.InvariantCulture), account, message.Content);
        var outcome = await UnansweredCalls.Send("SMS Aero", message.MessageId,
            () => api.SendViberAsync(account.BasicCredentials, request, cancellationToken),
            response => answers.Read(shopId, message.MessageId, response, ViberErrors.Of),
            cancellationToken);
        logger.LogInformation("Viber send of {MessageId} for shop {ShopId} to {Phone}: {Result} {Error}",
            message.MessageId, shopId, PersonalData.MaskPhone(message.Address), outcome.Result, SmsPhones.Scrub(outcome.Error));
        return outcome;
    }

    /// <summary>A Viber message shows one button: the first; the links of any others go into the text.</summary>
    static SmsAeroViberRequest Request(long number, SmsAeroAccount account, MessageContent content)
    {
        var button = content.Buttons.FirstOrDefault();
        var text = SmsText.Compose(content with { Buttons = content.Buttons.Skip(1).ToList() });
        var fallback = account.SmsSign is not null;
        return new SmsAeroViberRequest(
            number,
            account.ViberSign!,
            ViberFacts.MessageChannel,
            text,
            button?.Text.Trim(),
            button?.Url.Trim(),
            fallback ? account.SmsSign : null,
            fallback ? ViberFacts.SmsFallbackChannel : null,
            fallback ? SmsText.Fit(content, ViberFacts.SmsFallbackMaxLength) : null);
    }
}
