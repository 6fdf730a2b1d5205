using System.Globalization;
using System.Text.Json;

namespace Hub.Webhooks;

/// <summary>
/// One JSON object of a webhook payload, read field by field. Every failure is a
/// <see cref="WebhookFormatException"/> that names the topic and the field path
/// (<c>orders/create: field 'line_items[1].price' is missing</c>) and never the value:
/// payloads carry personal data.
/// </summary>
internal readonly struct PayloadObject
{
    readonly JsonElement element;
    readonly string path;

    PayloadObject(JsonElement element, string topic, string path)
    {
        this.element = element;
        Topic = topic;
        this.path = path;
    }

    public string Topic { get; }

    /// <summary>Parses the raw body; the document must be disposed after mapping.</summary>
    public static JsonDocument Parse(string topic, ReadOnlyMemory<byte> body)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException e)
        {
            throw new WebhookFormatException($"{topic}: the body is not valid JSON", e);
        }
        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            document.Dispose();
            throw new WebhookFormatException($"{topic}: the body is not a JSON object");
        }
        return document;
    }

    public static PayloadObject Root(JsonDocument document, string topic) => new(document.RootElement, topic, "");

    public string FieldPath(string name) => path.Length == 0 ? name : $"{path}.{name}";

    public WebhookFormatException Missing(string name) => new($"{Topic}: field '{FieldPath(name)}' is missing");

    public WebhookFormatException Wrong(string name, string expected) => new($"{Topic}: field '{FieldPath(name)}' must be {expected}");

    public bool Has(string name) => Value(name) is not null;

    /// <summary>A platform id written as an integer or a string; required.</summary>
    public string Id(string name) => OptionalId(name) ?? throw Missing(name);

    public string? OptionalId(string name)
    {
        if (Value(name) is not { } value)
        {
            return null;
        }
        return value.ValueKind switch
        {
            JsonValueKind.Number when value.TryGetInt64(out var number) => number.ToString(CultureInfo.InvariantCulture),
            JsonValueKind.String when value.GetString() is { } text && !string.IsNullOrWhiteSpace(text) => text.Trim(),
            JsonValueKind.String => null,
            _ => throw Wrong(name, "an integer or a string"),
        };
    }

    /// <summary>A string, trimmed; absent, null and empty all read as null.</summary>
    public string? Text(string name)
    {
        if (Value(name) is not { } value)
        {
            return null;
        }
        if (value.ValueKind != JsonValueKind.String)
        {
            throw Wrong(name, "a string");
        }
        var text = value.GetString()!.Trim();
        return text.Length == 0 ? null : text;
    }

    /// <summary>An ISO 8601 time; one written without an offset (WooCommerce's <c>*_gmt</c> fields) is UTC. Returned in UTC.</summary>
    public DateTimeOffset Time(string name) => OptionalTime(name) ?? throw Missing(name);

    public DateTimeOffset? OptionalTime(string name)
    {
        if (Text(name) is not { } text)
        {
            return null;
        }
        return ParseTime(text) ?? throw Wrong(name, "an ISO 8601 time");
    }

    public static DateTimeOffset? ParseTime(string text)
        => DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time)
            ? time
            : null;

    /// <summary>A decimal written as a JSON number or as a string ("199.00"), invariant culture; required.</summary>
    public decimal Decimal(string name) => OptionalDecimal(name) ?? throw Missing(name);

    public decimal? OptionalDecimal(string name)
    {
        if (Value(name) is not { } value)
        {
            return null;
        }
        if (value.ValueKind == JsonValueKind.Number && value.TryGetDecimal(out var number))
        {
            return number;
        }
        if (value.ValueKind == JsonValueKind.String
            && decimal.TryParse(value.GetString(), NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingWhite | NumberStyles.AllowTrailingWhite, CultureInfo.InvariantCulture, out var parsed))
        {
            return parsed;
        }
        throw Wrong(name, "a decimal number");
    }

    /// <summary>A JSON boolean; absent and null read as null.</summary>
    public bool? OptionalBool(string name) => Value(name) switch
    {
        null => null,
        { ValueKind: JsonValueKind.True } => true,
        { ValueKind: JsonValueKind.False } => false,
        _ => throw Wrong(name, "true or false"),
    };

    /// <summary>A nested object, or null when absent or null.</summary>
    public PayloadObject? Object(string name)
    {
        if (Value(name) is not { } value)
        {
            return null;
        }
        if (value.ValueKind != JsonValueKind.Object)
        {
            throw Wrong(name, "an object");
        }
        return new PayloadObject(value, Topic, FieldPath(name));
    }

    public PayloadObject RequiredObject(string name) => Object(name) ?? throw Missing(name);

    /// <summary>The objects of an array; empty when the array is absent or null.</summary>
    public IReadOnlyList<PayloadObject> Objects(string name)
    {
        if (Value(name) is not { } value)
        {
            return [];
        }
        if (value.ValueKind != JsonValueKind.Array)
        {
            throw Wrong(name, "an array");
        }
        var items = new List<PayloadObject>(value.GetArrayLength());
        var index = 0;
        foreach (var item in value.EnumerateArray())
        {
            var itemPath = $"{FieldPath(name)}[{index}]";
            if (item.ValueKind != JsonValueKind.Object)
            {
                throw new WebhookFormatException($"{Topic}: field '{itemPath}' must be an object");
            }
            items.Add(new PayloadObject(item, Topic, itemPath));
            index++;
        }
        return items;
    }

    JsonElement? Value(string name)
        => element.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? value : null;
}
