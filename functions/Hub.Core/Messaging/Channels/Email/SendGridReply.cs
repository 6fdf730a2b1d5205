using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using SendGrid;

namespace Hub.Messaging.Channels.Email;

/// <summary>One error of a refused request: <c>{"message": "...", "field": "...", "help": "..."}</c>.</summary>
internal sealed record SendGridError(string Message, string? Field)
{
    /// <summary>The personalization this error is about, when its field names one (UNCONFIRMED format, <see cref="SendGridMail.PersonalizationFieldPattern"/>).</summary>
    public int? Personalization =>
        Field is not null && Regex.Match(Field, SendGridMail.PersonalizationFieldPattern) is { Success: true } match
        && int.TryParse(match.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var index) ? index : null;

    public override string ToString() => Field is null ? Message : $"{Field}: {Message}";
}

/// <summary>What SendGrid answered to one mail/send: status, the <c>X-Message-ID</c>, the rate-limit headers and the errors.</summary>
internal sealed record SendGridReply(HttpStatusCode Status, string? MessageId, int? RateLimitRemaining, DateTimeOffset? RateLimitReset, IReadOnlyList<SendGridError> Errors)
{
    public bool Accepted => (int)Status is >= 200 and < 300;

    /// <summary>The errors as one line (for the ledger and alerts), or the status when the body named none.</summary>
    public string Describe() =>
        Errors.Count > 0 ? string.Join("; ", Errors) : $"HTTP {(int)Status} {Status}";

    public static async Task<SendGridReply> ReadAsync(Response response, CancellationToken cancellationToken)
    {
        var body = response.Body is null ? "" : await response.Body.ReadAsStringAsync(cancellationToken);
        return new SendGridReply(
            response.StatusCode,
            Header(response, SendGridMail.MessageIdHeader),
            int.TryParse(Header(response, SendGridMail.RateLimitRemainingHeader), NumberStyles.Integer, CultureInfo.InvariantCulture, out var remaining) ? remaining : null,
            long.TryParse(Header(response, SendGridMail.RateLimitResetHeader), NumberStyles.Integer, CultureInfo.InvariantCulture, out var reset)
                ? DateTimeOffset.FromUnixTimeSeconds(reset) : null,
            ReadErrors(body));
    }

    static string? Header(Response response, string name) =>
        response.Headers is not null && response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;

    /// <summary><c>{"errors":[{"message","field"}]}</c>; a body that is not that becomes one error with its first 500 characters.</summary>
    static IReadOnlyList<SendGridError> ReadErrors(string body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return [];
        }
        try
        {
            using var json = JsonDocument.Parse(body);
            if (json.RootElement.ValueKind == JsonValueKind.Object
                && json.RootElement.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Array)
            {
                return errors.EnumerateArray()
                    .Where(e => e.ValueKind == JsonValueKind.Object)
                    .Select(e => new SendGridError(Text(e, "message") ?? e.GetRawText(), Text(e, "field")))
                    .ToList();
            }
        }
        catch (JsonException)
        {
        }
        return [new SendGridError(body.Length > 500 ? body[..500] : body, null)];
    }

    static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
