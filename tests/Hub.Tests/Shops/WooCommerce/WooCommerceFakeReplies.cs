using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using WireMock;
using WireMock.Types;
using WireMock.Util;

namespace Hub.Tests.Shops.WooCommerce;

/// <summary>The fake's answers, in WordPress' and WooCommerce's shapes. Written by hand, not with the client's types.</summary>
static class WooCommerceFakeReplies
{
    /// <summary>A WP_Error as the REST server writes it: <c>{"code","message","data":{"status"}}</c>.</summary>
    public static ResponseMessage Error(int status, string code, string message, JsonObject? data = null)
    {
        data ??= [];
        data["status"] = status;
        return Json(status, new JsonObject { ["code"] = code, ["message"] = message, ["data"] = data });
    }

    public static ResponseMessage InvalidParam(string name, string problem) =>
        Error(400, "rest_invalid_param", $"Invalid parameter(s): {name}", new JsonObject { ["params"] = new JsonObject { [name] = problem } });

    public static ResponseMessage NoRoute() => Error(404, "rest_no_route", "No route was found matching the URL and request method.");

    /// <summary>What a host's limiter in front of WordPress answers: plain text, a Retry-After when it gives one.</summary>
    public static ResponseMessage HostLimit(int status, TimeSpan? retryAfter)
    {
        var reply = new ResponseMessage
        {
            StatusCode = status,
            BodyData = new BodyData { BodyAsString = status == 429 ? "Too Many Requests" : "Service Temporarily Unavailable", DetectedBodyType = BodyType.String, Encoding = Encoding.UTF8 },
        };
        reply.AddHeader("Content-Type", "text/plain; charset=utf-8");
        if (retryAfter is { } after)
        {
            reply.AddHeader("Retry-After", ((long)after.TotalSeconds).ToString(CultureInfo.InvariantCulture));
        }
        return reply;
    }

    public static ResponseMessage Html()
    {
        var reply = new ResponseMessage
        {
            StatusCode = 200,
            BodyData = new BodyData { BodyAsString = "<!DOCTYPE html><html><head><title>Shop</title></head><body>Welcome</body></html>", DetectedBodyType = BodyType.String, Encoding = Encoding.UTF8 },
        };
        reply.AddHeader("Content-Type", "text/html; charset=UTF-8");
        return reply;
    }

    public static ResponseMessage Json(int status, JsonNode body)
    {
        var reply = new ResponseMessage
        {
            StatusCode = status,
            BodyData = new BodyData { BodyAsString = body.ToJsonString(), DetectedBodyType = BodyType.String, Encoding = Encoding.UTF8 },
        };
        reply.AddHeader("Content-Type", "application/json; charset=UTF-8");
        return reply;
    }
}
