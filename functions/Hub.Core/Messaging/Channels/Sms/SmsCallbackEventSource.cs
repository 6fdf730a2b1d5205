using Hub.Customers;
using Microsoft.Extensions.Logging;

namespace Hub.Messaging.Channels.Sms;

/// <summary>
/// An SMS provider's delivery callback at <c>/api/providers/{provider}/events/{token}?shop={shop}</c>. Neither SMSC nor
/// SMS Aero signs its callbacks, so the URL carries the shop's secret <c>Shops:{shop}:SmsCallbackToken</c>, compared in
/// constant time; a missing shop, a shop without a token and a wrong token are all refused. Each status report becomes a
/// <see cref="ProviderEvent"/> with <c>EventId = {provider id}:{status}</c> (a repeated report is dropped by that id);
/// statuses that are neither final nor a reaction raise none. Reports without an id or status are skipped, and a
/// request with nothing but such reports is malformed.
/// </summary>
internal abstract class SmsCallbackEventSource(SmsCallbacks callbacks, TimeProvider time, ILogger logger) : IProviderEventSource
{
    public abstract string Provider { get; }

    /// <summary>A report's status word as sent, what it means (null: no event), and a detail for people.</summary>
    protected abstract (string? Status, ProviderEventKind? Kind, string? Detail) Interpret(IReadOnlyDictionary<string, string> report);

    public ProviderReply Handle(ProviderRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.ShopId is not { } shopId)
        {
            return ProviderReply.Refused("The callback URL names no shop (?shop=…).");
        }
        if (callbacks.Token(shopId) is not { } expected)
        {
            logger.LogWarning("{Provider} callback for shop {ShopId} refused: the setting {Key} is not set.", Provider, shopId, SmsCallbacks.TokenKey(shopId));
            return ProviderReply.Refused("The callback token does not match.");
        }
        if (!SecretTokens.Match(request.PathToken, expected))
        {
            return ProviderReply.Refused("The callback token does not match.");
        }
        var (reports, problem) = SmsCallbackPayload.Read(request);
        if (problem is not null)
        {
            return ProviderReply.Malformed($"{Provider} callback: {problem}.");
        }
        var events = new List<ProviderEvent>();
        var problems = new List<string>();
        foreach (var report in reports)
        {
            var id = report.TryGetValue("id", out var value) ? value.Trim() : "";
            var (status, kind, detail) = Interpret(report);
            if (id.Length == 0 || status is null)
            {
                problems.Add(id.Length == 0 ? "a status report has no 'id'" : $"the report for '{id}' has no readable 'status'");
                continue;
            }
            if (kind is { } known)
            {
                events.Add(new ProviderEvent(Provider, $"{id}:{status}", known, Channel.Sms, time.GetUtcNow(),
                    ProviderMessageId: id, ShopId: shopId, Detail: detail));
            }
        }
        return events.Count == 0 && problems.Count > 0
            ? ProviderReply.Malformed($"{Provider} callback: {string.Join("; ", problems.Distinct())}.")
            : ProviderReply.Ok(events, "OK");
    }

    protected static int? Number(IReadOnlyDictionary<string, string> report, string field) =>
        report.TryGetValue(field, out var text) && int.TryParse(text.Trim(), System.Globalization.NumberStyles.AllowLeadingSign,
            System.Globalization.CultureInfo.InvariantCulture, out var number) ? number : null;
}
