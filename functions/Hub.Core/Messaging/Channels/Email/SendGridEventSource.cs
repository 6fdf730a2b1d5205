using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using SendGrid.Helpers.EventWebhook;

namespace Hub.Messaging.Channels.Email;

/// <summary>
/// SendGrid's signed Event Webhook at <c>POST /api/providers/sendgrid/events?shop={shopId}</c>. The signature
/// (<c>X-Twilio-Email-Event-Webhook-Signature</c>, ECDSA P-256 over timestamp + raw body) is checked with the SDK's
/// <see cref="RequestValidator"/> and the shop's key from <c>Shops:{shopId}:SendGridWebhookPublicKey</c>; a timestamp
/// older than <see cref="SendGridMail.MaxSignatureAge"/> is refused. The body, a JSON array of events, becomes
/// <see cref="ProviderEvent"/>s (<see cref="SendGridEvents"/>).
/// </summary>
internal sealed class SendGridEventSource(SendGridSettings settings, TimeProvider time, ILogger<SendGridEventSource> logger) : IProviderEventSource
{
    static readonly RequestValidator Validator = new();

    public string Provider => SendGridMail.Provider;

    public ProviderReply Handle(ProviderRequest request)
    {
        if (request.ShopId is not { } shopId)
        {
            return ProviderReply.Refused("The webhook URL must name the shop: /api/providers/sendgrid/events?shop={shopId}.");
        }
        if (Verify(request, shopId) is { } refusal)
        {
            logger.LogWarning("Refused a SendGrid event delivery for shop {Shop}: {Reason}", shopId, refusal);
            return ProviderReply.Refused(refusal);
        }
        try
        {
            var events = SendGridEvents.Parse(request.Body, shopId, time.GetUtcNow(), out var skipped);
            if (skipped > 0)
            {
                logger.LogWarning("Skipped {Skipped} SendGrid events without an event type or sg_event_id for shop {Shop}.", skipped, shopId);
            }
            return ProviderReply.Ok(events);
        }
        catch (JsonException e)
        {
            return ProviderReply.Malformed($"The SendGrid event body is not a JSON array of events: {e.Message}");
        }
    }

    /// <summary>Null when the request carries a valid, recent signature by the shop's key; else why not.</summary>
    string? Verify(ProviderRequest request, string shopId)
    {
        if (settings.WebhookPublicKey(shopId) is not { } key)
        {
            return $"No SendGrid webhook key is set for shop '{shopId}': set the setting '{SendGridSettings.WebhookPublicKeyKey(shopId)}' to the Event Webhook's verification key.";
        }
        var signature = request.Header(RequestValidator.SIGNATURE_HEADER);
        var timestamp = request.Header(RequestValidator.TIMESTAMP_HEADER);
        if (string.IsNullOrEmpty(signature) || string.IsNullOrEmpty(timestamp))
        {
            return $"The request is not signed: it needs the headers {RequestValidator.SIGNATURE_HEADER} and {RequestValidator.TIMESTAMP_HEADER}.";
        }
        if (!long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) || seconds > 253402300799)
        {
            return $"The header {RequestValidator.TIMESTAMP_HEADER} is not a Unix time: '{timestamp}'.";
        }
        var signedAt = DateTimeOffset.FromUnixTimeSeconds(seconds);
        var now = time.GetUtcNow();
        if (signedAt < now - SendGridMail.MaxSignatureAge || signedAt > now + SendGridMail.MaxSignatureSkew)
        {
            return $"The signature's timestamp {signedAt:O} is too far from now ({now:O}).";
        }
        EllipticCurve.PublicKey publicKey;
        try
        {
            publicKey = Validator.ConvertPublicKeyToECDSA(key);
        }
        catch (Exception e)
        {
            logger.LogError(e, "The setting {Key} does not hold a SendGrid verification key.", SendGridSettings.WebhookPublicKeyKey(shopId));
            return $"The setting '{SendGridSettings.WebhookPublicKeyKey(shopId)}' does not hold a valid verification key (base64 of the public key, as SendGrid shows it).";
        }
        bool valid;
        try
        {
            valid = Validator.VerifySignature(publicKey, Encoding.UTF8.GetString(request.Body), signature, timestamp);
        }
        catch (Exception)
        {
            valid = false;
        }
        return valid ? null : "The signature does not match the body, the timestamp and the shop's verification key.";
    }
}
