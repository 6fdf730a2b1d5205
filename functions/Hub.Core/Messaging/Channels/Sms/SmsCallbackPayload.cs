using System.Text;
using System.Text.Json;
using System.Web;

namespace Hub.Messaging.Channels.Sms;

/// <summary>
/// The status reports in an SMS provider's callback, read leniently because neither payload is documented
/// (channels.md §2, UNCONFIRMED): a JSON object (or its <c>data</c>), a JSON array of objects, a form body, or the
/// query string alone. Each report is a case-insensitive map of field → text; query fields (except <c>shop</c>) fill
/// what the body does not carry.
/// </summary>
internal static class SmsCallbackPayload
{
    public static (IReadOnlyList<IReadOnlyDictionary<string, string>> Reports, string? Problem) Read(ProviderRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var query = request.Query.Where(q => !q.Key.Equals("shop", StringComparison.OrdinalIgnoreCase)).ToList();
        var body = Encoding.UTF8.GetString(request.Body).Trim().TrimStart('\uFEFF');
        List<Dictionary<string, string>> reports;
        if (body.StartsWith('{') || body.StartsWith('['))
        {
            try
            {
                using var json = JsonDocument.Parse(body);
                reports = FromJson(json.RootElement).ToList();
            }
            catch (JsonException e)
            {
                return ([], $"the body is not valid JSON ({e.Message})");
            }
        }
        else
        {
            reports = body.Length > 0 ? [FromForm(body)] : [];
        }
        if (reports.Count == 0 && query.Count > 0)
        {
            reports.Add(NewReport());
        }
        foreach (var report in reports)
        {
            foreach (var (key, value) in query)
            {
                report.TryAdd(key, value);
            }
        }
        return reports.Count == 0 ? ([], "the request carries no status report") : (reports, null);
    }

    static IEnumerable<Dictionary<string, string>> FromJson(JsonElement root)
    {
        if (root.ValueKind == JsonValueKind.Array)
        {
            return root.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.Object).SelectMany(FromJson);
        }
        if (root.ValueKind != JsonValueKind.Object)
        {
            return [];
        }
        if (!root.TryGetProperty("id", out _) && root.TryGetProperty("data", out var data) && data.ValueKind is JsonValueKind.Object or JsonValueKind.Array)
        {
            return FromJson(data);
        }
        var report = NewReport();
        foreach (var field in root.EnumerateObject())
        {
            var text = field.Value.ValueKind switch
            {
                JsonValueKind.String => field.Value.GetString(),
                JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => field.Value.GetRawText(),
                _ => null,
            };
            if (text is not null)
            {
                report[field.Name] = text;
            }
        }
        return [report];
    }

    static Dictionary<string, string> FromForm(string body)
    {
        var form = HttpUtility.ParseQueryString(body);
        var report = NewReport();
        foreach (var key in form.AllKeys.OfType<string>())
        {
            if (form[key] is { } value)
            {
                report[key] = value;
            }
        }
        return report;
    }

    static Dictionary<string, string> NewReport() => new(StringComparer.OrdinalIgnoreCase);
}
