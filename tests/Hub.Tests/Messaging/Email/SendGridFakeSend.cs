using System.Text.Json.Nodes;

namespace Hub.Tests.Messaging.Email;

/// <summary>One mail/send the fake received: its answer, the body as sent and parsed, and the Authorization header.</summary>
public sealed record SendGridFakeSend(int Status, JsonObject Body, string Raw, string? Authorization, string? MessageId)
{
    public JsonArray Personalizations => Body["personalizations"] as JsonArray ?? [];

    /// <summary>The request-level content of one MIME type (<c>text/plain</c>, <c>text/html</c>), tags and all.</summary>
    public string? Content(string type) =>
        (Body["content"] as JsonArray)?.FirstOrDefault(c => (string?)c!["type"] == type)?["value"]?.GetValue<string>();

    /// <summary>
    /// Each personalization as its recipient gets it: SendGrid replaces every substitution tag in the subject and the
    /// content with the personalization's value.
    /// </summary>
    public IReadOnlyList<SendGridFakeEmail> Emails => Personalizations.Select(p =>
    {
        var personalization = p!.AsObject();
        var substitutions = (personalization["substitutions"] as JsonObject)?.ToDictionary(s => s.Key, s => (string)s.Value!) ?? [];
        string? Render(string? text) => text is null ? null : substitutions.Aggregate(text, (t, s) => t.Replace(s.Key, s.Value, StringComparison.Ordinal));
        return new SendGridFakeEmail(
            (string)personalization["to"]![0]!["email"]!,
            Render((string?)personalization["subject"] ?? (string?)Body["subject"]),
            Render(Content("text/plain")),
            Render(Content("text/html")),
            Strings(personalization["headers"]),
            Strings(personalization["custom_args"]),
            substitutions,
            (int?)Body["asm"]?["group_id"],
            MessageId);
    }).ToList();

    static IReadOnlyDictionary<string, string> Strings(JsonNode? node) =>
        (node as JsonObject)?.ToDictionary(s => s.Key, s => (string)s.Value!) ?? [];
}

/// <summary>One email as its recipient gets it, with the headers, custom_args and unsubscribe group it was sent with.</summary>
public sealed record SendGridFakeEmail(
    string To,
    string? Subject,
    string? Text,
    string? Html,
    IReadOnlyDictionary<string, string> Headers,
    IReadOnlyDictionary<string, string> CustomArgs,
    IReadOnlyDictionary<string, string> Substitutions,
    int? UnsubscribeGroup,
    string? MessageId);
