using System.Globalization;
using Refit;

namespace Hub.Messaging.Channels.Sms;

/// <summary>
/// What an SMS Aero answer means for one message (SMS and Viber alike):
/// <list type="table">
/// <item><term><c>success: true</c> with the message</term><description>Sent, with SMS Aero's id and cost.</description></item>
/// <item><term>401, 403</term><description>Failed, naming the shop's credential settings.</description></item>
/// <item><term>408, 429, 5xx; no answer</term><description>Retry after the answer's Retry-After, else <see cref="UnansweredCalls"/>' wait.</description></item>
/// <item><term><c>no credits</c>, 402, no-money words</term><description>Failed: no money on the account.</description></item>
/// <item><term>the channel's own codes</term><description>whatever <c>special</c> says (Viber's SRVC_* codes).</description></item>
/// <item><term>blacklist words</term><description>OptOut: the number is on SMS Aero's blacklist.</description></item>
/// <item><term><c>reject</c> or a validation error about the number</term><description>Unreachable: the cascade moves on.</description></item>
/// <item><term>anything else</term><description>Failed with SMS Aero's words.</description></item>
/// </list>
/// The words behind each row are constants of <see cref="SmsAero"/>.
/// </summary>
internal sealed class SmsAeroAnswers(TimeProvider time)
{
    public SendOutcome Read(string shopId, string messageId, IApiResponse<SmsAeroReply> response, Func<string, (SendResult Result, string Meaning)?>? special = null)
    {
        var status = (int)(response.StatusCode ?? 0);
        var reply = response.IsSuccessStatusCode ? response.Content
            : response.HasResponseError(out var refusal) ? SmsAeroReply.Parse(refusal.Content) : null;
        if (status is 401 or 403)
        {
            return new SendOutcome(messageId, SendResult.Failed,
                Error: $"SMS Aero refused the credentials of shop '{shopId}' (HTTP {status}): check {SmsAeroAccounts.EmailKey(shopId)} " +
                       $"and {SmsAeroAccounts.ApiKeyKey(shopId)}{(reply is null ? "" : $" ({reply.Words()})")}.");
        }
        if (UnansweredCalls.IsTransient(status))
        {
            return new SendOutcome(messageId, SendResult.Retry,
                Error: $"SMS Aero answered HTTP {status}{(reply is null ? "" : $": {reply.Words()}")}.",
                RetryAfter: UnansweredCalls.Wait(response.Headers, time, throttled: status == 429));
        }
        if (reply is null)
        {
            return new SendOutcome(messageId, SendResult.Failed, Error: response.IsSuccessStatusCode ? UnansweredCalls.Unreadable("SMS Aero") : $"SMS Aero answered HTTP {status}.");
        }
        if (reply.Success == true)
        {
            var sent = reply.Sent();
            return new SendOutcome(messageId, SendResult.Sent,
                sent?.Id?.ToString(CultureInfo.InvariantCulture), sent?.Cost, sent?.Cost is null ? null : SmsAero.Currency,
                Error: sent?.Id is null ? "SMS Aero accepted the message without giving its id." : null);
        }
        var (result, meaning) = Refusal(reply, status, special);
        return new SendOutcome(messageId, result, Error: $"SMS Aero refused the message: {meaning} ({reply.Words()}).");
    }

    static (SendResult, string) Refusal(SmsAeroReply reply, int status, Func<string, (SendResult, string)?>? special)
    {
        var words = reply.Words();
        if (reply.Result == SmsAero.NoCreditsResult || status == 402 || Mentions(words, SmsAero.NoMoneyWords))
        {
            return (SendResult.Failed, "not enough money on the account");
        }
        if (special?.Invoke(words) is { } own)
        {
            return own;
        }
        if (Mentions(words, SmsAero.BlacklistWords))
        {
            return (SendResult.OptOut, "the number is on the account's blacklist");
        }
        var aboutNumber = reply.FieldErrors().Any(f => Mentions(f.Field, SmsAero.BadNumberWords) || Mentions(f.Error, SmsAero.BadNumberWords))
            || (reply.Result == SmsAero.RejectResult && Mentions(reply.Reason, SmsAero.BadNumberWords));
        return aboutNumber
            ? (SendResult.Unreachable, "the number cannot take this message")
            : (SendResult.Failed, reply.Result == SmsAero.RejectResult ? "rejected" : "refused");
    }

    static bool Mentions(string? text, IEnumerable<string> words) =>
        text is not null && words.Any(w => text.Contains(w, StringComparison.OrdinalIgnoreCase));
}
