using System.Text.Json.Serialization;

namespace Hub.Messaging.Channels.Sms;

/// <summary>
/// SMSC's answer to <c>send.php</c> with <c>fmt=3</c>, <c>cost=3</c>: <c>{"id","cnt","cost","balance"}</c> when sent,
/// <c>{"error","error_code"}</c> (and sometimes <c>id</c>) when not. Numbers may come as strings (<c>"cost":"1.40"</c>).
/// Snake_case on the wire (<see cref="Hub.Http.HttpApis.SnakeCase"/>).
/// </summary>
[JsonNumberHandling(JsonNumberHandling.AllowReadingFromString)]
internal sealed record SmscSendReply(
    long? Id = null,
    int? Cnt = null,
    decimal? Cost = null,
    decimal? Balance = null,
    string? Error = null,
    int? ErrorCode = null);
