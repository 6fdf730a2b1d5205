namespace Hub.Messaging.Channels.Email;

/// <summary>
/// What the hub relies on about SendGrid's v3 Mail Send API and Event Webhook (../shared/specs/channels.md §1).
/// Every fact the spec marks unconfirmed, and every choice of ours the API leaves open, is one constant here.
/// </summary>
internal static class SendGridMail
{
    /// <summary>The provider's id in settings, the ledger and the event URL <c>/api/providers/sendgrid/events</c>.</summary>
    public const string Provider = "sendgrid";

    /// <summary>Overrides <see cref="DefaultBaseUrl"/> (EU subusers: <c>https://api.eu.sendgrid.com</c>; tests point it at a fake).</summary>
    public const string BaseUrlKey = "Channels:SendGrid:BaseUrl";
    public const string DefaultBaseUrl = "https://api.sendgrid.com";

    /// <summary>The named HttpClient the sender takes from IHttpClientFactory.</summary>
    public const string HttpClientName = "sendgrid";

    /// <summary>At most 1,000 personalizations and 1,000 recipients (to+cc+bcc) per request; we send one <c>to</c> per personalization.</summary>
    public const int MaxPersonalizations = 1000;

    /// <summary>
    /// Substitutions per personalization: the API reference says their total size may not exceed 10,000 bytes; the
    /// substitution-tags page says 50,000. We keep to the smaller (counting tags and values, UTF-8).
    /// </summary>
    public const int MaxSubstitutionBytes = 10_000;

    /// <summary>The SDK's doc comment: "You may not include more than 100 substitutions per personalization object".</summary>
    public const int MaxSubstitutions = 100;

    /// <summary>
    /// Our choice under SendGrid's 30 MB per email: a request whose JSON is larger is split in two. Leaves room for
    /// the MIME encoding SendGrid adds.
    /// </summary>
    public const int MaxRequestBytes = 20 * 1024 * 1024;

    /// <summary>
    /// A literal stretch of shared content shorter than this (in characters) is folded into the personal parts
    /// around it: it saves less than the tag pair it would cost, and it splits one personal part into many.
    /// </summary>
    public const int MinSharedRun = 8;

    /// <summary>
    /// Our choice of substitution tag: <c>[hub:N]</c>. Its opening <c>[</c> occurs nowhere else in the tag, so tags
    /// cannot be formed across the edges of surrounding text; a batch whose content already holds <c>[hub:</c> gets
    /// <c>[hub1:N]</c>, <c>[hub2:N]</c>… instead.
    /// </summary>
    public const string TagOpen = "[hub";
    public const string TagClose = "]";

    /// <summary>Our custom_args per personalization; SendGrid echoes them as top-level fields of every event.</summary>
    public const string MessageIdArg = "hub_message_id";
    /// <summary>The ledger key (source, customer, step) in custom_args: events find their row without an index.</summary>
    public const string SourceArg = "hub_source";
    public const string CustomerArg = "hub_customer";
    public const string StepArg = "hub_step";
    public const string ShopArg = "hub_shop";

    /// <summary>Our choice: how long a request may take. A timeout is retried, and may then deliver twice (mail/send has no idempotency key).</summary>
    public static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(60);

    /// <summary>Rate-limit headers every response carries: <c>X-RateLimit-Reset</c> is a Unix time in seconds.</summary>
    public const string RateLimitRemainingHeader = "X-RateLimit-Remaining";
    public const string RateLimitResetHeader = "X-RateLimit-Reset";

    /// <summary>The id of an accepted request; events carry it as the start of <c>sg_message_id</c>.</summary>
    public const string MessageIdHeader = "X-Message-ID";

    /// <summary>Our choice: a 429 without a usable <c>X-RateLimit-Reset</c> is retried after this.</summary>
    public static readonly TimeSpan DefaultRateLimitWait = TimeSpan.FromMinutes(1);

    /// <summary>Our choice: the shortest hold after an exhausted rate limit, for a reset our clock already sees as past.</summary>
    public static readonly TimeSpan MinRateLimitWait = TimeSpan.FromSeconds(1);

    /// <summary>Our choice: the first retry after a 5xx, a timeout or a network error; doubled per failure in a row, up to <see cref="MaxServerErrorWait"/>.</summary>
    public static readonly TimeSpan ServerErrorWait = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan MaxServerErrorWait = TimeSpan.FromMinutes(15);

    /// <summary>
    /// UNCONFIRMED: the <c>field</c> of a 400 error about one recipient is taken to start with
    /// <c>personalizations.{index}.</c> (e.g. <c>personalizations.3.to.0.email</c>). Such errors fail that recipient
    /// only and the others are sent again; any other error fails the whole request.
    /// </summary>
    public const string PersonalizationFieldPattern = @"^personalizations\.(\d+)\.";

    /// <summary>Our choice: how many times one call sends the rest of a batch again after recipient-specific 400s.</summary>
    public const int MaxResendsAfterBadRecipients = 3;

    /// <summary>
    /// UNCONFIRMED whether SendGrid signs a retried webhook delivery anew: it retries for up to 24 hours, so a signature
    /// up to this old is accepted (duplicates are dropped by <c>sg_event_id</c> anyway).
    /// </summary>
    public static readonly TimeSpan MaxSignatureAge = TimeSpan.FromHours(25);

    /// <summary>Our choice: a signature timestamp this far in the future is accepted (clock skew).</summary>
    public static readonly TimeSpan MaxSignatureSkew = TimeSpan.FromMinutes(5);
}
