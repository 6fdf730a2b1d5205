using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace Hub.Tests.Audiences.Yandex;

/// <summary>The multipart part a request carried under the name <c>file</c>, read with ASP.NET Core's multipart reader.</summary>
sealed record YandexFakeFilePart(string Name, string? FileName, string? MediaType, byte[] Bytes)
{
    public const string PartName = "file";

    /// <summary>The <c>file</c> part, or null when the body is not multipart or has no such part.</summary>
    public static async Task<YandexFakeFilePart?> ReadAsync(string? contentType, byte[]? body)
    {
        if (body is null || !MediaTypeHeaderValue.TryParse(contentType, out var media) || !media.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }
        var boundary = HeaderUtilities.RemoveQuotes(media.Boundary).Value;
        if (string.IsNullOrEmpty(boundary))
        {
            return null;
        }
        var reader = new MultipartReader(boundary, new MemoryStream(body));
        while (await reader.ReadNextSectionAsync() is { } section)
        {
            if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition)
                || HeaderUtilities.RemoveQuotes(disposition.Name).Value != PartName)
            {
                continue;
            }
            using var bytes = new MemoryStream();
            await section.Body.CopyToAsync(bytes);
            var fileName = HeaderUtilities.RemoveQuotes(disposition.FileNameStar.HasValue ? disposition.FileNameStar : disposition.FileName).Value;
            return new YandexFakeFilePart(PartName, fileName, section.ContentType, bytes.ToArray());
        }
        return null;
    }
}
