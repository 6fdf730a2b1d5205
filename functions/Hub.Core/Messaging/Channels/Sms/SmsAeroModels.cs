using System.Text.Json;

namespace Hub.Messaging.Channels.Sms;

/// <summary><c>sms/send</c>: <c>{number, text, sign, callbackUrl?}</c>. The SDK sends the number as a JSON number.</summary>
internal sealed record SmsAeroSmsRequest(long Number, string Text, string Sign, string? CallbackUrl = null);

/// <summary>
/// <c>viber/send</c>: <c>{number, sign, channel, text, textButton?, linkButton?, signSms?, channelSms?, textSms?}</c>;
/// the <c>…Sms</c> fields make SMS Aero send an SMS when the Viber message cannot be delivered.
/// </summary>
internal sealed record SmsAeroViberRequest(
    long Number,
    string Sign,
    string Channel,
    string Text,
    string? TextButton = null,
    string? LinkButton = null,
    string? SignSms = null,
    string? ChannelSms = null,
    string? TextSms = null);

/// <summary>
/// Every SMS Aero answer: <c>{"success":true,"data":{…}}</c>, or <c>{"success":false,"message":…,"data":…}</c>
/// (<c>data</c> then may hold validation errors per field), or the SDK's <c>{"result":"no credits"}</c> and
/// <c>{"result":"reject","reason":…}</c>.
/// </summary>
internal sealed record SmsAeroReply(bool? Success = null, string? Message = null, JsonElement? Data = null, string? Result = null, string? Reason = null)
{
    /// <summary>The sent message in <c>data</c>, when there is one that can be read.</summary>
    public SmsAeroMessage? Sent()
    {
        if (Success != true || Data is not { ValueKind: JsonValueKind.Object } data)
        {
            return null;
        }
        try
        {
            return data.Deserialize<SmsAeroMessage>(SmsAero.Json);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>What SMS Aero said, for a person: the message, the reason and any field errors in <c>data</c>.</summary>
    public string Words()
    {
        var parts = new[] { Message, Reason, Result is SmsAero.RejectResult ? null : Result }
            .Concat(FieldErrors().Select(f => $"{f.Field}: {f.Error}"))
            .Where(p => !string.IsNullOrWhiteSpace(p))
            .Select(p => p!.Trim())
            .Distinct(StringComparer.Ordinal)
            .ToList();
        return parts.Count == 0 ? "no reason given" : string.Join("; ", parts);
    }

    /// <summary>Validation errors in <c>data</c>: <c>{"number": ["…"]}</c> or <c>{"number": "…"}</c>.</summary>
    public IEnumerable<(string Field, string Error)> FieldErrors()
    {
        if (Success == true || Data is not { ValueKind: JsonValueKind.Object } data)
        {
            yield break;
        }
        foreach (var field in data.EnumerateObject())
        {
            var errors = field.Value.ValueKind switch
            {
                JsonValueKind.String => [field.Value.GetString()],
                JsonValueKind.Array => field.Value.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()),
                _ => [],
            };
            foreach (var error in errors.OfType<string>())
            {
                yield return (field.Name, error);
            }
        }
    }

    public static SmsAeroReply? Parse(string? content)
    {
        if (string.IsNullOrWhiteSpace(content) || content.TrimStart()[0] != '{')
        {
            return null;
        }
        try
        {
            return JsonSerializer.Deserialize<SmsAeroReply>(content, SmsAero.Json);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

/// <summary>The message in a successful answer: <c>{id, status, extendStatus, cost, channel, …}</c>.</summary>
internal sealed record SmsAeroMessage(long? Id = null, int? Status = null, string? ExtendStatus = null, decimal? Cost = null, string? Channel = null);
