using System.Globalization;
using Microsoft.Extensions.Logging;

namespace Hub.Messaging.Channels.Sms;

/// <summary>
/// SMSC's delivery callbacks (set once in SMSC's user settings). Fields as far as known (UNCONFIRMED): <c>id</c> (our
/// <see cref="SmscMessageIds"/> number), <c>phone</c>, <c>status</c> (<see cref="SmsDeliveryStatuses.Smsc"/>) and
/// <c>err</c> (<see cref="SmsDeliveryStatuses.SmscErrors"/>), as a form body, query or JSON.
/// </summary>
internal sealed class SmscCallbackEventSource(SmsCallbacks callbacks, TimeProvider time, ILogger<SmscCallbackEventSource> logger)
    : SmsCallbackEventSource(callbacks, time, logger)
{
    public override string Provider => Smsc.Provider;

    protected override (string? Status, ProviderEventKind? Kind, string? Detail) Interpret(IReadOnlyDictionary<string, string> report)
    {
        if (Number(report, "status") is not { } status)
        {
            return (null, null, null);
        }
        var kind = SmsDeliveryStatuses.Smsc.TryGetValue(status, out var known) ? known : (ProviderEventKind?)null;
        var detail = Number(report, "err") is { } err and not 0
            ? $"SMSC status {status}, error {err}" + (SmsDeliveryStatuses.SmscErrors.TryGetValue(err, out var meaning) ? $": {meaning}" : "")
            : $"SMSC status {status}";
        return (status.ToString(CultureInfo.InvariantCulture), kind, detail);
    }
}
