using System.Text.Json;
using System.Text.Json.Serialization;
using Hub.Shops.Sync;

namespace Hub.Shops.Ecwid;

/// <summary>
/// Where an Ecwid search resumes. Ecwid pages by offset, and a set that changes under an offset shifts items, so a run
/// freezes its window and reads it from the end backwards:
/// <list type="bullet">
/// <item><see cref="To"/> (UNIX seconds) is fixed at the run's first page, and every page asks for
/// <c>updatedFrom=From&amp;updatedTo=To</c>. An item updated during the run gets a later update time and leaves the
/// window (the next run reads it); nothing can enter it (<see cref="EcwidFacts.SettleTime"/> keeps late writes out).
/// The window only shrinks.</item>
/// <item>The first page reads offset 0 and learns the <see cref="Total"/>; then pages go from the end down
/// (<see cref="Next"/> = <see cref="Total"/> − 100, − 200, …, 0). An item that leaves only moves the items after it —
/// already read — down by one; items not yet read never move up, so every one of them is still below the next offset.
/// Nothing is skipped; at most a few items are read twice.</item>
/// <item>While every page reports the first page's total nothing has left (<see cref="Moved"/> false), and the last
/// stretch, which the first page read, is not read again.</item>
/// </list>
/// A finished run stores only <c>{"from":To}</c>: the next run's window starts where this one's ended. Stored as
/// <c>{"from":1763629200,"to":1763632800,"next":300,"total":437}</c>; no <c>from</c> means the whole history.
/// </summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
internal sealed record EcwidCursor(
    long? From,
    long? To = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] int Next = 0,
    long? Total = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] bool Moved = false)
{
    public static readonly EcwidCursor Start = new(From: null);

    /// <summary>True between the first and the last page of a run.</summary>
    [JsonIgnore]
    public bool InRun => To is not null;

    public string Format() => JsonSerializer.Serialize(this, HubJson.Options);

    public static EcwidCursor Parse(string? cursor, SyncResource resource)
    {
        if (string.IsNullOrWhiteSpace(cursor))
        {
            return Start;
        }
        try
        {
            if (JsonSerializer.Deserialize<EcwidCursor>(cursor, HubJson.Options) is { Next: >= 0 } parsed && (parsed.InRun ? parsed.Total is not null : parsed.Next == 0))
            {
                return parsed;
            }
        }
        catch (JsonException)
        {
        }
        throw new PlatformApiException(Platforms.Ecwid, null,
            $"the stored {resource} cursor is not an Ecwid cursor ({{\"from\":<unix time>,\"to\":…,\"next\":…,\"total\":…}}); reset the {resource} sync to start over", transient: false);
    }
}
