using System.Globalization;
using System.Text;
using WireMock;
using WireMock.Types;
using WireMock.Util;

namespace Hub.Tests.Messaging.Sms;

/// <summary>Answers of the SMS fakes, written by hand as text (not with the senders' DTOs).</summary>
static class FakeReplies
{
    public static ResponseMessage Text(int status, string body, string contentType = "application/json; charset=utf-8", TimeSpan? retryAfter = null)
    {
        var reply = new ResponseMessage
        {
            StatusCode = status,
            BodyData = new BodyData { BodyAsString = body, DetectedBodyType = BodyType.String, Encoding = Encoding.UTF8 },
        };
        reply.AddHeader("Content-Type", contentType);
        if (retryAfter is { } after)
        {
            reply.AddHeader("Retry-After", ((long)after.TotalSeconds).ToString(CultureInfo.InvariantCulture));
        }
        return reply;
    }

    public static string? Header(IRequestMessage request, string name) =>
        request.Headers?.FirstOrDefault(h => h.Key.Equals(name, StringComparison.OrdinalIgnoreCase)).Value?.FirstOrDefault();
}

/// <summary>A scripted answer: the status, body and Retry-After the next matching request gets.</summary>
sealed record FakeAnswer(int Status, string Body, TimeSpan? RetryAfter = null, string? Endpoint = null, string ContentType = "application/json; charset=utf-8");
