namespace Hub.Audiences.Yandex;

/// <summary>
/// What the client relies on about the Yandex Audience management API (../shared/specs/ad-systems.md §1).
/// Every fact the spec marks unconfirmed, and every choice of ours the API leaves open, is one constant here.
/// </summary>
internal static class YandexAudience
{
    /// <summary>The system's id in settings, the CLI and the tables.</summary>
    public const string SystemId = "yandex";

    /// <summary>Overrides <see cref="DefaultBaseUrl"/> (some Yandex samples use <c>api-audience.yandex.com</c>; tests point it at a fake).</summary>
    public const string BaseUrlKey = "Audiences:Yandex:BaseUrl";
    public const string DefaultBaseUrl = "https://api-audience.yandex.ru/v1/management";

    /// <summary>Files the hub uploads: CRM contacts, SHA-256 hashed (MD5 uploads are refused since January 2025).</summary>
    public const string ContentType = "crm";
    public const string HashingAlgorithm = "SHA256";

    /// <summary>
    /// Our choice: the docs name only the multipart part (<c>file</c>), not its file name or media type.
    /// </summary>
    public const string UploadFileName = "audience.csv";
    public const string UploadMediaType = "text/csv";

    /// <summary>
    /// A file may be up to 1 GB: one upload attempt gets this long. Uploads are never retried (a retry could create a
    /// second segment); reads are retried within <see cref="TotalTimeout"/>.
    /// </summary>
    public static readonly TimeSpan AttemptTimeout = TimeSpan.FromMinutes(10);
    public static readonly TimeSpan TotalTimeout = TimeSpan.FromMinutes(15);
}
