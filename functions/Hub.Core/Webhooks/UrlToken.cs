using Hub.Messaging.Channels;

namespace Hub.Webhooks;

/// <summary>
/// Verification for platforms that sign nothing (RetailCRM triggers, InSales): the delivery URL carries the shop's
/// webhook secret as its last segment, compared with every valid secret in constant time.
/// </summary>
internal static class UrlToken
{
    public static SignatureCheck Check(WebhookRequest request, IReadOnlyList<string> secrets)
    {
        if (string.IsNullOrEmpty(request.PathToken))
        {
            return SignatureCheck.Missing;
        }
        var matched = false;
        foreach (var secret in secrets)
        {
            // Every secret is compared, so the timing does not tell which one (if any) matched.
            matched |= SecretTokens.Match(request.PathToken, secret);
        }
        return matched ? SignatureCheck.Valid : SignatureCheck.Invalid;
    }
}
