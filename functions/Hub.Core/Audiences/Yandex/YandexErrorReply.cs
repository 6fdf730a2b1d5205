using System.Text.Json;
using Hub.Http;

namespace Hub.Audiences.Yandex;

/// <summary>Yandex's error body: <c>{"errors":[{"error_type","message","location"}],"code":…,"message":…}</c> (ad-systems.md §1.6).</summary>
internal sealed record YandexErrorReply(IReadOnlyList<YandexError>? Errors, int? Code, string? Message)
{
    /// <summary>The first error's type (<c>quota</c>, <c>invalid_parameter</c>, …).</summary>
    public string? ErrorType => Errors?.Select(e => e.ErrorType).FirstOrDefault(t => !string.IsNullOrWhiteSpace(t));

    /// <summary>What Yandex said, for a person: each error's message (with where it points), else the top-level message.</summary>
    public string? Describe()
    {
        var each = (Errors ?? [])
            .Where(e => !string.IsNullOrWhiteSpace(e.Message))
            .Select(e => string.IsNullOrWhiteSpace(e.Location) ? e.Message!.Trim() : $"{e.Message!.Trim()} ({e.Location.Trim()})")
            .Distinct()
            .ToList();
        return each.Count > 0 ? string.Join("; ", each) : string.IsNullOrWhiteSpace(Message) ? null : Message.Trim();
    }

    /// <summary>The error body, or null when the answer is not one (an HTML page from a proxy, an empty body).</summary>
    public static YandexErrorReply? Parse(string? content)
    {
        if (string.IsNullOrWhiteSpace(content) || content.TrimStart()[0] != '{')
        {
            return null;
        }
        try
        {
            return JsonSerializer.Deserialize<YandexErrorReply>(content, HttpApis.SnakeCase);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

internal sealed record YandexError(string? ErrorType, string? Message, string? Location);
