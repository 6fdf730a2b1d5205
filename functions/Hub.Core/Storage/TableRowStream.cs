using System.Buffers;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;

namespace Hub.Storage;

/// <summary>
/// Queries a table and hands out its rows one at a time as the response streams in. The SDK's
/// <see cref="TableClient.QueryAsync{T}(string, int?, IEnumerable{string}, CancellationToken)"/> buffers a whole page and
/// parses it into a thousand dictionaries that stay alive while the caller works through them; on a full segment run
/// four workers hold four such pages, which outlive the young GC generations and drive the process's peak. Here only
/// the row being read and a 32 KB buffer are in flight, and pages stay at the 1,000 rows the service is fastest with.
/// Rows come out exactly as the SDK builds them (same value types, ETag, Timestamp), so every reader of a
/// <see cref="TableEntity"/> works unchanged. Requests go through an Azure.Core pipeline built from the same
/// <see cref="TableClientOptions"/> as the SDK's clients: retries, timeouts and transport are theirs.
/// </summary>
public sealed class TableRowStream(Uri endpoint, HttpPipeline pipeline, string? sharedAccessSignature = null)
{
    /// <summary>The Table service version we speak; the one the SDK's clients send.</summary>
    public const string ServiceVersion = "2019-02-02";
    public const int PageSize = 1000;

    /// <summary>Rows of <paramref name="table"/> matching <paramref name="filter"/>, in key order, following continuations.</summary>
    public async IAsyncEnumerable<TableEntity> QueryAsync(string table, string filter, IEnumerable<string>? select = null, int pageSize = PageSize, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var columns = select is null ? null : string.Join(",", select);
        var rows = new List<TableEntity>();
        (string? Partition, string? Row) next = (null, null);
        do
        {
            using var message = Request(table, filter, columns, pageSize, next);
            await pipeline.SendAsync(message, cancellationToken);
            var response = message.Response;
            if (response.Status != 200)
            {
                throw await FailureAsync(table, response, cancellationToken);
            }
            next = (Header(response, "x-ms-continuation-NextPartitionKey"), Header(response, "x-ms-continuation-NextRowKey"));

            var stream = response.ContentStream ?? throw new RequestFailedException(response.Status, $"Query of table {table} answered without a body.");
            var parser = new PageParser();
            var buffer = ArrayPool<byte>.Shared.Rent(32 * 1024);
            var filled = 0;
            try
            {
                var final = false;
                while (!final)
                {
                    if (filled == buffer.Length)
                    {
                        // One token (a long string) is larger than the buffer: grow it until the token fits.
                        var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                        buffer.AsSpan(0, filled).CopyTo(larger);
                        ArrayPool<byte>.Shared.Return(buffer);
                        buffer = larger;
                    }
                    var read = await stream.ReadAsync(buffer.AsMemory(filled), cancellationToken);
                    final = read == 0;
                    filled += read;
                    int consumed;
                    try
                    {
                        consumed = parser.Parse(buffer.AsSpan(0, filled), final, rows);
                    }
                    catch (Exception e) when (e is JsonException or FormatException)
                    {
                        throw new InvalidDataException($"Query of table {table} returned a body that is not a page of rows: {e.Message}", e);
                    }
                    buffer.AsSpan(consumed, filled - consumed).CopyTo(buffer);
                    filled -= consumed;
                    foreach (var row in rows)
                    {
                        yield return row;
                    }
                    rows.Clear();
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
        while (next.Partition is not null);
    }

    HttpMessage Request(string table, string filter, string? columns, int pageSize, (string? Partition, string? Row) next)
    {
        var message = pipeline.CreateMessage();
        message.BufferResponse = false;
        var request = message.Request;
        request.Method = RequestMethod.Get;
        request.Uri.Reset(endpoint);
        request.Uri.AppendPath($"/{table}()", escape: false);
        request.Uri.AppendQuery("$filter", filter, escapeValue: true);
        if (columns is not null)
        {
            request.Uri.AppendQuery("$select", columns, escapeValue: true);
        }
        request.Uri.AppendQuery("$top", pageSize.ToString(CultureInfo.InvariantCulture), escapeValue: false);
        if (next.Partition is not null)
        {
            request.Uri.AppendQuery("NextPartitionKey", next.Partition, escapeValue: true);
        }
        if (next.Row is not null)
        {
            request.Uri.AppendQuery("NextRowKey", next.Row, escapeValue: true);
        }
        if (sharedAccessSignature is not null)
        {
            foreach (var pair in sharedAccessSignature.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
            {
                var at = pair.IndexOf('=');
                request.Uri.AppendQuery(at < 0 ? pair : pair[..at], at < 0 ? "" : pair[(at + 1)..], escapeValue: false);
            }
        }
        request.Headers.SetValue("Accept", "application/json;odata=minimalmetadata");
        request.Headers.SetValue("DataServiceVersion", "3.0");
        request.Headers.SetValue("x-ms-version", ServiceVersion);
        return message;
    }

    static string? Header(Response response, string name) => response.Headers.TryGetValue(name, out var value) && !string.IsNullOrEmpty(value) ? value : null;

    static async Task<RequestFailedException> FailureAsync(string table, Response response, CancellationToken cancellationToken)
    {
        var code = Header(response, "x-ms-error-code");
        var detail = "";
        if (response.ContentStream is { } stream)
        {
            using var reader = new StreamReader(stream);
            var body = await reader.ReadToEndAsync(cancellationToken);
            try
            {
                using var json = JsonDocument.Parse(body);
                if (json.RootElement.TryGetProperty("odata.error", out var error))
                {
                    code ??= error.TryGetProperty("code", out var c) ? c.GetString() : null;
                    detail = error.TryGetProperty("message", out var m) && m.TryGetProperty("value", out var v) ? v.GetString() ?? "" : "";
                }
            }
            catch (JsonException)
            {
                detail = body.Length > 200 ? body[..200] : body;
            }
        }
        return new RequestFailedException(response.Status,
            $"Query of table {table} failed: {response.Status} {response.ReasonPhrase}{(code is null ? "" : $" ({code})")}{(detail.Length == 0 ? "" : $": {detail}")}",
            code, null);
    }

    /// <summary>
    /// Turns the bytes of one query page (<c>{"value":[{row},…]}</c>) into rows as far as they have arrived; the JSON
    /// reader's state carries over between reads, so a row may be split across any number of them.
    /// </summary>
    sealed class PageParser
    {
        const string TypeSuffix = "@odata.type";
        JsonReaderState state;
        bool valueNext;
        bool inRows;
        TableEntity? row;
        string? property;
        readonly List<(string Property, string Type)> types = [];

        public int Parse(ReadOnlySpan<byte> data, bool final, List<TableEntity> rows)
        {
            var reader = new Utf8JsonReader(data, final, state);
            while (reader.Read())
            {
                var depth = reader.CurrentDepth;
                switch (reader.TokenType)
                {
                    case JsonTokenType.PropertyName when depth == 1:
                        valueNext = reader.ValueTextEquals("value"u8);
                        break;
                    case JsonTokenType.StartArray when depth == 1:
                        inRows = valueNext;
                        break;
                    case JsonTokenType.EndArray when depth == 1:
                        inRows = false;
                        break;
                    case JsonTokenType.StartObject when depth == 2 && inRows:
                        row = new TableEntity();
                        break;
                    case JsonTokenType.EndObject when depth == 2 && row is not null:
                        rows.Add(Finish(row));
                        row = null;
                        break;
                    case JsonTokenType.PropertyName when depth == 3 && row is not null:
                        property = reader.GetString();
                        break;
                    case JsonTokenType.String when depth == 3 && row is not null && property is not null:
                        if (property.EndsWith(TypeSuffix, StringComparison.Ordinal))
                        {
                            types.Add((property[..^TypeSuffix.Length], reader.GetString()!));
                        }
                        else
                        {
                            row[property] = reader.GetString()!;
                        }
                        break;
                    case JsonTokenType.Number when depth == 3 && row is not null && property is not null:
                        // Int32 is the service's untyped number; anything else unannotated is a Double.
                        row[property] = reader.TryGetInt32(out var whole) ? (object)whole : reader.GetDouble();
                        break;
                    case JsonTokenType.True or JsonTokenType.False when depth == 3 && row is not null && property is not null:
                        row[property] = reader.GetBoolean();
                        break;
                }
            }
            state = reader.CurrentState;
            return (int)reader.BytesConsumed;
        }

        /// <summary>Gives annotated properties their Edm types, as the SDK does.</summary>
        TableEntity Finish(TableEntity entity)
        {
            // The service's own Timestamp comes unannotated; it is always an Edm.DateTime.
            types.Add(("Timestamp", "Edm.DateTime"));
            foreach (var (name, type) in types)
            {
                if (!entity.TryGetValue(name, out var value))
                {
                    continue;
                }
                // Removed first: TableEntity's indexer coerces a new value to the type of the one it replaces.
                entity.Remove(name);
                entity[name] = (type, value) switch
                {
                    ("Edm.DateTime", string s) => DateTimeOffset.Parse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal),
                    ("Edm.Int64", string s) => long.Parse(s, CultureInfo.InvariantCulture),
                    ("Edm.Guid", string s) => Guid.Parse(s, CultureInfo.InvariantCulture),
                    ("Edm.Binary", string s) => Convert.FromBase64String(s),
                    ("Edm.Double", string s) => double.Parse(s, CultureInfo.InvariantCulture),
                    ("Edm.Double", int i) => (double)i,
                    _ => value,
                };
            }
            types.Clear();
            return entity;
        }
    }
}

/// <summary>Signs table requests with the account key (Shared Key Lite, the Table service's form: date and resource).</summary>
sealed class TableSharedKeyLitePolicy(string account, byte[] key) : HttpPipelineSynchronousPolicy
{
    public override void OnSendingRequest(HttpMessage message)
    {
        var date = DateTimeOffset.UtcNow.ToString("R", CultureInfo.InvariantCulture);
        message.Request.Headers.SetValue("x-ms-date", date);
        var signature = Convert.ToBase64String(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"{date}\n/{account}{message.Request.Uri.Path}")));
        message.Request.Headers.SetValue("Authorization", $"SharedKeyLite {account}:{signature}");
    }
}
