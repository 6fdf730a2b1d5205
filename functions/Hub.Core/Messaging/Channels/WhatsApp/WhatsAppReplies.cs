namespace Hub.Messaging.Channels.WhatsApp;

/// <summary>A send's answer: <c>{"messaging_product","contacts":[{"input","wa_id"}],"messages":[{"id":"wamid…"}]}</c>.</summary>
internal sealed record WhatsAppSendReply(IReadOnlyList<WhatsAppContact>? Contacts = null, IReadOnlyList<WhatsAppSentMessage>? Messages = null);

internal sealed record WhatsAppContact(string? Input, string? WaId);

internal sealed record WhatsAppSentMessage(string? Id, string? MessageStatus = null);

/// <summary>A refusal: <c>{"error":{…}}</c>.</summary>
internal sealed record WhatsAppErrorReply(WhatsAppError? Error);

/// <summary>
/// An error, in a refusal (<c>message</c>, <c>type</c>, <c>code</c>, <c>error_subcode</c>, <c>fbtrace_id</c>) or in a
/// <c>failed</c> status webhook (<c>code</c>, <c>title</c>, <c>message</c>); both may carry <c>error_data.details</c>.
/// </summary>
internal sealed record WhatsAppError(int? Code, string? Message = null, string? Title = null, string? Type = null, int? ErrorSubcode = null,
    WhatsAppErrorData? ErrorData = null, string? FbtraceId = null)
{
    /// <summary>Meta's words for a person: the message (or title) and the details.</summary>
    public string Describe()
    {
        var what = (Message ?? Title)?.Trim();
        var details = ErrorData?.Details?.Trim();
        return string.Join(": ", new[] { what, details }.Where(s => !string.IsNullOrEmpty(s)).Distinct()) is { Length: > 0 } text ? text : "no description";
    }
}

internal sealed record WhatsAppErrorData(string? Details = null);
