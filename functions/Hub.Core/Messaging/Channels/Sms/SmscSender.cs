using System.Globalization;
using Hub.Customers;
using Microsoft.Extensions.Logging;
using Refit;

namespace Hub.Messaging.Channels.Sms;

/// <summary>
/// SMS through SMSC.ru: one <c>send.php</c> call per message with the shop's credentials, our id for the message
/// (<see cref="SmscMessageIds"/>), <c>fmt=3</c> and <c>cost=3</c>; SMSC's answer mapped by <see cref="SmscErrors"/>,
/// the reported cost kept. Phones and texts are never logged.
/// </summary>
internal sealed class SmscSender(ISmscApi api, SmscAccounts accounts, TimeProvider time, ILogger<SmscSender> logger) : IChannelSender
{
    public Channel Channel => Channel.Sms;
    public string Provider => Smsc.Provider;
    public int MaxBatch => 1;

    public Task<IReadOnlyList<SendOutcome>> SendAsync(string shopId, IReadOnlyList<OutboundMessage> messages, CancellationToken cancellationToken = default)
    {
        var (account, problem) = accounts.For(shopId);
        return OneCallPerMessage.SendAsync(shopId, messages, account, problem, (a, message) => SendOneAsync(shopId, a, message, cancellationToken));
    }

    async Task<SendOutcome> SendOneAsync(string shopId, SmscAccount account, OutboundMessage message, CancellationToken cancellationToken)
    {
        if (SmsPhones.Digits(message.Address) is not { } phone)
        {
            return SmsPhones.NotAPhone(message);
        }
        var id = SmscMessageIds.Text(message.MessageId);
        var form = new Dictionary<string, string>(account.CredentialFields())
        {
            ["phones"] = phone,
            ["mes"] = SmsText.Compose(message.Content),
            ["id"] = id,
            ["fmt"] = Smsc.JsonAnswers,
            ["cost"] = Smsc.SendAndReportCost,
            ["charset"] = Smsc.Charset,
        };
        if (account.Sender is { } sender)
        {
            form["sender"] = sender;
        }
        var outcome = await UnansweredCalls.Send("SMSC", message.MessageId,
            () => api.SendAsync(form, cancellationToken),
            response => Read(shopId, message.MessageId, id, response),
            cancellationToken);
        logger.LogInformation("SMSC send of {MessageId} for shop {ShopId} to {Phone}: {Result} {Error}",
            message.MessageId, shopId, PersonalData.MaskPhone(message.Address), outcome.Result, SmsPhones.Scrub(outcome.Error));
        return outcome;
    }

    SendOutcome Read(string shopId, string messageId, string id, IApiResponse<SmscSendReply> response)
    {
        var status = (int)(response.StatusCode ?? 0);
        if (!response.IsSuccessStatusCode)
        {
            return UnansweredCalls.IsTransient(status)
                ? new SendOutcome(messageId, SendResult.Retry, Error: $"SMSC answered HTTP {status}.",
                    RetryAfter: UnansweredCalls.Wait(response.Headers, time, throttled: status == 429))
                : new SendOutcome(messageId, SendResult.Failed, Error: $"SMSC answered HTTP {status}.");
        }
        if (response.Content is not { } reply || response.Error is not null)
        {
            return new SendOutcome(messageId, SendResult.Failed, Error: UnansweredCalls.Unreadable("SMSC"));
        }
        var providerId = reply.Id is > 0 ? reply.Id.Value.ToString(CultureInfo.InvariantCulture) : id;
        if (reply.ErrorCode is not { } code)
        {
            return new SendOutcome(messageId, SendResult.Sent, providerId, reply.Cost, reply.Cost is null ? null : Smsc.Currency);
        }
        var (result, meaning) = SmscErrors.Of(code, reply.Error);
        var error = $"SMSC error {code}: {meaning}" + code switch
        {
            SmscErrors.BadCredentials => $" (check {SmscAccounts.LoginKey(shopId)} and {SmscAccounts.PasswordKey(shopId)}, or {SmscAccounts.ApiKeyKey(shopId)})",
            _ when !string.IsNullOrWhiteSpace(reply.Error) && !meaning.Equals(reply.Error.Trim(), StringComparison.Ordinal) => $" ({reply.Error.Trim()})",
            _ => "",
        } + ".";
        return result switch
        {
            SendResult.Sent => new SendOutcome(messageId, SendResult.Sent, providerId, Error: error),
            SendResult.Retry => new SendOutcome(messageId, SendResult.Retry, Error: error, RetryAfter: Smsc.BlockedAddressWait),
            _ => new SendOutcome(messageId, result, Error: error),
        };
    }
}
