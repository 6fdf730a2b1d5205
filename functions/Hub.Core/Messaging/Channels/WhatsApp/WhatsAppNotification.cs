namespace Hub.Messaging.Channels.WhatsApp;

/// <summary>
/// The part of a webhook notification the hub reads:
/// <c>{"object":"whatsapp_business_account","entry":[{"id","changes":[{"field":"messages","value":{"metadata":{…},
/// "statuses":[{"id":wamid,"status","timestamp","recipient_id","biz_opaque_callback_data","errors":[…]}]}}]}]}</c>.
/// Incoming messages and everything else are accepted and ignored.
/// </summary>
internal sealed record WhatsAppNotification(string? Object, IReadOnlyList<WhatsAppEntry>? Entry);

internal sealed record WhatsAppEntry(string? Id, IReadOnlyList<WhatsAppChange>? Changes);

internal sealed record WhatsAppChange(string? Field, WhatsAppChangeValue? Value);

internal sealed record WhatsAppChangeValue(WhatsAppMetadata? Metadata = null, IReadOnlyList<WhatsAppStatus>? Statuses = null);

internal sealed record WhatsAppMetadata(string? DisplayPhoneNumber, string? PhoneNumberId);

/// <summary>A message's status; <c>timestamp</c> is Unix seconds as a string, <c>recipient_id</c> the WhatsApp id (digits).</summary>
internal sealed record WhatsAppStatus(string? Id, string? Status, string? Timestamp = null, string? RecipientId = null,
    string? BizOpaqueCallbackData = null, IReadOnlyList<WhatsAppError>? Errors = null);
