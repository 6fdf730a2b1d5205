using System.Text;
using System.Text.Json.Nodes;
using WireMock;
using WireMock.Types;
using WireMock.Util;

namespace Hub.Tests.Messaging;

/// <summary>How the messaging fakes answer: a status with a JSON body, or with plain text.</summary>
static class FakeReplies
{
    public static ResponseMessage Json(int status, JsonNode body) => Text(status, body.ToJsonString(), "application/json; charset=utf-8");

    public static ResponseMessage Text(int status, string body, string contentType = "text/plain; charset=utf-8")
    {
        var reply = new ResponseMessage
        {
            StatusCode = status,
            BodyData = new BodyData { BodyAsString = body, DetectedBodyType = BodyType.String, Encoding = Encoding.UTF8 },
        };
        reply.AddHeader("Content-Type", contentType);
        return reply;
    }

    public static string? Header(IRequestMessage request, string name) =>
        request.Headers?.FirstOrDefault(h => h.Key.Equals(name, StringComparison.OrdinalIgnoreCase)).Value?.FirstOrDefault();
}
