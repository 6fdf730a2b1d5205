namespace Hub.Messaging.Channels.Telegram;

/// <summary>
/// Refit escapes path parameters, so the ':' of a bot token (<c>123456:ABC-DEF…</c>) would travel as <c>%3A</c>. The
/// Bot API documents the token verbatim in the path (<c>/bot&lt;token&gt;/METHOD</c>) and its own clients send it so;
/// this handler puts the ':' back before the request leaves. Tokens hold no other character that Refit escapes.
/// </summary>
internal sealed class TelegramTokenPath : DelegatingHandler
{
    const string EscapedColon = "%3A";

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.RequestUri is { } uri && uri.AbsolutePath.Contains(EscapedColon, StringComparison.OrdinalIgnoreCase))
        {
            request.RequestUri = new UriBuilder(uri) { Path = uri.AbsolutePath.Replace(EscapedColon, ":", StringComparison.OrdinalIgnoreCase) }.Uri;
        }
        return base.SendAsync(request, cancellationToken);
    }
}
