using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Hub.Tests.Shops.Shopify;

/// <summary>What the fake answers in <c>data</c>: lists with Shopify's paging, filtering and counts; single nodes; more line items.</summary>
public sealed partial class ShopifyAdminFake
{
    JsonObject Data(string root, string query, JsonObject variables) => root switch
    {
        "customers" => List(root, "customersCount", Customers, query, variables),
        "orders" => List(root, "ordersCount", Orders, query, variables),
        "abandonedCheckouts" => List(root, "abandonedCheckoutsCount", Checkouts, query, variables),
        "customer" => new JsonObject { [root] = Find(Customers, Text(variables, "id"))?.DeepClone() },
        "order" => new JsonObject { [root] = Find(Orders, Text(variables, "id")) is { } order ? CutLineItems(order, variables) : null },
        "node" => new JsonObject { [root] = MoreLineItems(Text(variables, "id"), Text(variables, "after"), Int(variables, "first") ?? 10) },
        _ => throw new InvalidOperationException($"The fake does not serve '{root}'."),
    };

    JsonObject List(string field, string countField, List<JsonObject> nodes, string query, JsonObject variables)
    {
        var first = Int(variables, "first") ?? throw new InvalidOperationException("first is required");
        if (first is < 1 or > 250)
        {
            throw new InvalidOperationException($"first must be 1–250 (was {first})");
        }
        var byUpdate = query.Contains("sortKey: UPDATED_AT", StringComparison.Ordinal);
        var matching = nodes.Where(n => Matches(n, Text(variables, "query"))).OrderBy(n => Key(n, byUpdate)).ToList();
        var after = Text(variables, "after") is { } cursor ? DecodeCursor(cursor) : ((long, long)?)null;
        var rest = after is { } from ? matching.Where(n => Key(n, byUpdate).CompareTo(from) > 0).ToList() : matching;
        var page = rest.Take(first).ToList();
        var data = new JsonObject
        {
            [field] = new JsonObject
            {
                ["nodes"] = new JsonArray([.. page.Select(n => (JsonNode)CutLineItems(n, variables))]),
                ["pageInfo"] = new JsonObject
                {
                    ["hasNextPage"] = rest.Count > page.Count,
                    ["endCursor"] = page.Count == 0 ? null : EncodeCursor(Key(page[^1], byUpdate)),
                },
            },
        };
        if (variables["withTotal"] is JsonValue withTotal && withTotal.GetValue<bool>())
        {
            data[countField] = new JsonObject { ["count"] = matching.Count, ["precision"] = "EXACT" };
        }
        return data;
    }

    /// <summary>The node with only its first <c>$lineItems</c> line items, and the <c>pageInfo</c> to read the rest.</summary>
    static JsonObject CutLineItems(JsonObject node, JsonObject variables)
    {
        var copy = node.DeepClone().AsObject();
        if (copy["lineItems"]?["nodes"] is JsonArray all && Int(variables, "lineItems") is { } first)
        {
            copy["lineItems"] = LineItemsPage(all, 0, first);
        }
        return copy;
    }

    JsonObject? MoreLineItems(string? gid, string? after, int first)
    {
        var owner = Find(Orders, gid) ?? Find(Checkouts, gid);
        if (owner?["lineItems"]?["nodes"] is not JsonArray all)
        {
            return null;
        }
        var start = after is null ? 0 : int.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(after))["li:".Length..], CultureInfo.InvariantCulture);
        return new JsonObject { ["lineItems"] = LineItemsPage(all, start, first) };
    }

    static JsonObject LineItemsPage(JsonArray all, int start, int first)
    {
        var end = Math.Min(all.Count, start + first);
        return new JsonObject
        {
            ["nodes"] = new JsonArray([.. all.Skip(start).Take(end - start).Select(n => n!.DeepClone())]),
            ["pageInfo"] = new JsonObject
            {
                ["hasNextPage"] = end < all.Count,
                ["endCursor"] = end == start ? null : Convert.ToBase64String(Encoding.UTF8.GetBytes($"li:{end}")),
            },
        };
    }

    /// <summary><c>updated_at:&gt;'…'</c> (strictly after) and <c>id:…</c>, the two filters the hub sends; no filter matches all.</summary>
    static bool Matches(JsonObject node, string? filter)
    {
        if (filter is null)
        {
            return true;
        }
        if (UpdatedAfter().Match(filter) is { Success: true } updated)
        {
            return UpdatedAt(node) > DateTimeOffset.Parse(updated.Groups[1].Value, CultureInfo.InvariantCulture);
        }
        if (IdFilter().Match(filter) is { Success: true } id)
        {
            return NumericId(node) == long.Parse(id.Groups[1].Value, CultureInfo.InvariantCulture);
        }
        throw new InvalidOperationException($"The fake does not understand the filter '{filter}'.");
    }

    static JsonObject? Find(List<JsonObject> nodes, string? gid) => nodes.FirstOrDefault(n => n["id"]?.GetValue<string>() == gid);

    static (long, long) Key(JsonObject node, bool byUpdate) => (byUpdate ? UpdatedAt(node).UtcTicks : 0, NumericId(node));

    static DateTimeOffset UpdatedAt(JsonObject node) =>
        DateTimeOffset.TryParse(node["updatedAt"]?.ToString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at : DateTimeOffset.MinValue;

    static long NumericId(JsonObject node) => long.Parse(node["id"]!.GetValue<string>().Split('/')[^1], CultureInfo.InvariantCulture);

    /// <summary>Opaque to the client, like Shopify's (base64 JSON of the last node's sort value and id).</summary>
    static string EncodeCursor((long Value, long Id) key) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(new JsonObject { ["last_id"] = key.Id, ["last_value"] = key.Value }.ToJsonString()));

    static (long, long) DecodeCursor(string cursor)
    {
        var json = JsonNode.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(cursor)))!;
        return (json["last_value"]!.GetValue<long>(), json["last_id"]!.GetValue<long>());
    }

    static string? Text(JsonObject variables, string name) => variables[name] is JsonValue value ? value.ToString() : null;

    static int? Int(JsonObject variables, string name) => variables[name] is JsonValue value ? value.GetValue<int>() : null;

    [GeneratedRegex(@"^updated_at:>'([^']+)'$")]
    private static partial Regex UpdatedAfter();

    [GeneratedRegex(@"^id:(\d+)$")]
    private static partial Regex IdFilter();
}
