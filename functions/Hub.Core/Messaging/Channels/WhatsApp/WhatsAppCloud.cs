namespace Hub.Messaging.Channels.WhatsApp;

/// <summary>
/// What the WhatsApp channel relies on about the Cloud API (../shared/specs/channels.md §4). Every fact the spec marks
/// unconfirmed or secondary, and every choice of ours, is one constant here; the tests use them too.
/// </summary>
internal static class WhatsAppCloud
{
    /// <summary>The provider's id in settings, the ledger and event URLs.</summary>
    public const string Provider = "whatsapp";

    /// <summary>Overrides <see cref="DefaultBaseUrl"/> (a fake in tests).</summary>
    public const string BaseUrlKey = "Channels:WhatsApp:BaseUrl";
    public const string DefaultBaseUrl = "https://graph.facebook.com";

    /// <summary>Our choice of Graph API version; the send path is <c>/{version}/{phone-number-id}/messages</c>.</summary>
    public const string ApiVersion = "v21.0";

    /// <summary>Meta: 80 messages a second per business number by default (more once upgraded). Exceeding it is 130429.</summary>
    public const int MessagesPerSecond = 80;

    /// <summary>Our choice: the template language when the content names none (the hub serves Russian shops).</summary>
    public const string DefaultTemplateLanguage = "ru";

    /// <summary>Every webhook POST is signed: <c>sha256=&lt;hex HMAC-SHA256(raw body, App Secret)&gt;</c>.</summary>
    public const string SignatureHeader = "X-Hub-Signature-256";
    public const string SignaturePrefix = "sha256=";

    /// <summary>Webhook status words the hub turns into events (<c>sent</c> and others are ignored).</summary>
    public const string Delivered = "delivered";
    public const string Read = "read";
    public const string Failed = "failed";

    /// <summary>Error codes (niswey.com copy of Meta's table; 131049, 131050, 131056 from secondary sources — UNCONFIRMED).</summary>
    public static class Codes
    {
        public const int UnknownApiError = 1;
        public const int ServiceUnavailable = 2;
        public const int InvalidParameter = 100;
        public const int PolicyBlocked = 368;
        public const int ThroughputExceeded = 130429;
        public const int Undeliverable = 131026;
        public const int ServiceWindowClosed = 131047;
        public const int SpamRateLimit = 131048;
        public const int MarketingCap = 131049;
        public const int StoppedPromotions = 131050;
        public const int PairRateLimit = 131056;
    }

    /// <summary>Our choice: the wait after a throughput error (130429), the bucket refills every second.</summary>
    public static readonly TimeSpan ThroughputRetryAfter = TimeSpan.FromSeconds(1);

    /// <summary>The wait after a pair rate limit (131056): about one message per 6 s to one user (secondary source).</summary>
    public static readonly TimeSpan PairRateRetryAfter = TimeSpan.FromSeconds(6);

    /// <summary>Our choice: the wait after Meta's own trouble (codes 1 and 2, HTTP 5xx).</summary>
    public static readonly TimeSpan ServiceRetryAfter = TimeSpan.FromSeconds(30);

    /// <summary>The per-user marketing cap (131049) lifts "after hours or days": try again a day later (our choice).</summary>
    public static readonly TimeSpan MarketingCapRetryAfter = TimeSpan.FromHours(24);
}
