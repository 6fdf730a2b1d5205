namespace Hub.Messaging.Channels.Vk;

/// <summary>
/// What the VK channel relies on about community messages and the Callback API (../shared/specs/channels.md §6). Every
/// fact the spec marks unconfirmed, and every choice of ours, is one constant here; the tests use them too.
/// </summary>
internal static class VkMessaging
{
    /// <summary>The provider's id in settings, the ledger and event URLs.</summary>
    public const string Provider = "vk";

    /// <summary>Overrides <see cref="DefaultBaseUrl"/> (api.vk.ru also serves; a fake in tests).</summary>
    public const string BaseUrlKey = "Channels:Vk:BaseUrl";
    public const string DefaultBaseUrl = "https://api.vk.com";

    /// <summary>The API version every call names (<c>v</c>).</summary>
    public const string ApiVersion = "5.199";

    /// <summary>UNCONFIRMED: community tokens are often cited as limited to 20 requests a second.</summary>
    public const int MessagesPerSecond = 20;

    /// <summary>Error codes from vk-api-schema <c>errors.json</c>.</summary>
    public static class Codes
    {
        public const int TooManyRequestsPerSecond = 6;
        public const int FloodControl = 9;
        public const int InternalServerError = 10;
        public const int RateLimitReached = 29;
        public const int RecipientBlacklisted = 900;
        public const int NoPermission = 901;
        public const int PrivacySettings = 902;
        public const int MessageTooLong = 914;
    }

    /// <summary>Our choice: the wait after error 6 (too many requests a second).</summary>
    public static readonly TimeSpan TooManyRequestsRetryAfter = TimeSpan.FromSeconds(1);

    /// <summary>Our choice: the wait after error 10 (VK's internal error) or an HTTP 5xx.</summary>
    public static readonly TimeSpan ServerErrorRetryAfter = TimeSpan.FromSeconds(30);

    /// <summary>Our choice: the wait after error 9 (flood control) or 29 (the method's quota): VK names no time.</summary>
    public static readonly TimeSpan QuotaRetryAfter = TimeSpan.FromHours(1);

    /// <summary>Callback event types the hub reads (callback/objects.json).</summary>
    public const string Confirmation = "confirmation";
    public const string MessageAllow = "message_allow";
    public const string MessageDeny = "message_deny";

    /// <summary>What every accepted callback other than <c>confirmation</c> must be answered with, or VK sends it again.</summary>
    public const string Ok = "ok";
}
