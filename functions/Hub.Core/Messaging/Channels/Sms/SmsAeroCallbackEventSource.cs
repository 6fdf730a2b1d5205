using System.Globalization;
using Microsoft.Extensions.Logging;

namespace Hub.Messaging.Channels.Sms;

/// <summary>
/// SMS Aero's delivery callbacks to the <c>callbackUrl</c> sent with each SMS. Fields as far as known (UNCONFIRMED):
/// <c>id</c> (SMS Aero's message id), <c>status</c> (<see cref="SmsDeliveryStatuses.SmsAero"/>) and <c>extendStatus</c>
/// (<see cref="SmsDeliveryStatuses.SmsAeroWords"/>, read when there is no status), as JSON, a form body or query.
/// </summary>
internal sealed class SmsAeroCallbackEventSource(SmsCallbacks callbacks, TimeProvider time, ILogger<SmsAeroCallbackEventSource> logger)
    : SmsCallbackEventSource(callbacks, time, logger)
{
    public override string Provider => SmsAero.Provider;

    protected override (string? Status, ProviderEventKind? Kind, string? Detail) Interpret(IReadOnlyDictionary<string, string> report)
    {
        var words = report.TryGetValue("extendStatus", out var extended) && !string.IsNullOrWhiteSpace(extended) ? extended.Trim() : null;
        var status = Number(report, "status")
            ?? (words is not null && SmsDeliveryStatuses.SmsAeroWords.TryGetValue(words, out var fromWords) ? fromWords : null);
        if (status is not { } known)
        {
            return (null, null, null);
        }
        var kind = SmsDeliveryStatuses.SmsAero.TryGetValue(known, out var meaning) ? meaning : (ProviderEventKind?)null;
        return (known.ToString(CultureInfo.InvariantCulture), kind, words is null ? $"SMS Aero status {known}" : $"SMS Aero status {known} ({words})");
    }
}
