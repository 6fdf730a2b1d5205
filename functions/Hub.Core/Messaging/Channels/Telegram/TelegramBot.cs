namespace Hub.Messaging.Channels.Telegram;

/// <summary>
/// What the Telegram channel relies on about the Bot API (../shared/specs/channels.md §3). Every fact the spec leaves
/// open, and every choice of ours the API leaves open, is one constant here; the tests use them too.
/// </summary>
internal static class TelegramBot
{
    /// <summary>The provider's id in settings, the ledger and event URLs.</summary>
    public const string Provider = "telegram";

    /// <summary>Overrides <see cref="DefaultBaseUrl"/> (a local Bot API server, or a fake in tests).</summary>
    public const string BaseUrlKey = "Channels:Telegram:BaseUrl";
    public const string DefaultBaseUrl = "https://api.telegram.org";

    /// <summary>Bot FAQ: bulk notifications are capped at about 30 messages a second per bot.</summary>
    public const int MessagesPerSecond = 30;

    /// <summary>Bot FAQ: avoid more than one message a second to the same chat (short bursts pass, then 429).</summary>
    public const int MessagesPerSecondPerChat = 1;

    /// <summary>Set by <c>setWebhook(secret_token=…)</c>; Telegram sends it with every webhook request.</summary>
    public const string SecretHeader = "X-Telegram-Bot-Api-Secret-Token";

    /// <summary>
    /// A 400 whose description contains this is a chat the bot cannot reach (never started, deleted); other 400s are
    /// our mistakes. The wording is taken from observed replies (UNCONFIRMED as a stable contract).
    /// </summary>
    public const string ChatNotFound = "chat not found";

    /// <summary>Our choice: how long to wait after a Telegram server error (5xx) before trying again.</summary>
    public static readonly TimeSpan ServerErrorRetryAfter = TimeSpan.FromSeconds(30);

    /// <summary>Our choice: the wait after a 429 that names no <c>retry_after</c>.</summary>
    public static readonly TimeSpan DefaultRetryAfter = TimeSpan.FromSeconds(5);

    /// <summary>Update.cs: <c>my_chat_member</c> in a private chat arrives only when the user blocks or unblocks the bot.</summary>
    public const string PrivateChat = "private";

    /// <summary>The member status of a user who blocked the bot.</summary>
    public const string BlockedStatus = "kicked";

    /// <summary>The member status of a user who (again) allows the bot to write.</summary>
    public const string MemberStatus = "member";
}
