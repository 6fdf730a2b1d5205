using System.Net;
using Hub.Customers;
using Microsoft.Extensions.Logging;
using SendGrid;

namespace Hub.Messaging.Channels.Email;

/// <summary>
/// Email through SendGrid's v3 mail/send. A call's messages go in as few requests as possible
/// (<see cref="SendGridRequest.Next"/>): one request carries up to 1,000 recipients, one personalization each with its
/// own subject, custom_args (<c>hub_message_id</c>, <c>hub_shop</c>), unsubscribe headers, and substitutions that turn
/// the shared body back into that recipient's own text. An address twice in a call goes in the next request.
/// Answers: 2xx Sent (ProviderMessageId = X-Message-ID); 429 Retry after X-RateLimit-Reset; 5xx, timeouts and network
/// errors Retry with a doubling wait; 400 Failed with SendGrid's words (only the recipients it names, when it names
/// them); 401/403 Failed naming the API key setting; 413 Failed. Nothing is retried here: the dispatcher retries
/// through the ledger, since mail/send has no idempotency key and a repeated POST can deliver twice.
/// </summary>
internal sealed class SendGridEmailSender(
    IHttpClientFactory httpClients,
    SendGridSettings settings,
    SendGridThrottle throttle,
    ILogger<SendGridEmailSender> logger) : IChannelSender
{
    public Channel Channel => Channel.Email;
    public string Provider => SendGridMail.Provider;
    public int MaxBatch => SendGridMail.MaxPersonalizations;
    public bool EchoesLedgerKey => true;

    public async Task<IReadOnlyList<SendOutcome>> SendAsync(string shopId, IReadOnlyList<OutboundMessage> messages, CancellationToken cancellationToken = default)
    {
        foreach (var message in messages)
        {
            if (message.Channel != Channel.Email || message.ShopId != shopId)
            {
                throw new ArgumentException($"Message {message.MessageId} is for {message.Channel} of shop '{message.ShopId}', not email of shop '{shopId}'.", nameof(messages));
            }
        }
        var (account, problem) = settings.Account(shopId);
        if (account is null)
        {
            return messages.Select(m => new SendOutcome(m.MessageId, SendResult.Failed, Error: problem)).ToList();
        }
        var call = new SendGridCall(messages);
        var client = new SendGridClient(httpClients.CreateClient(SendGridMail.HttpClientName),
            new SendGridClientOptions { ApiKey = account.ApiKey, Host = settings.BaseUrl.ToString().TrimEnd('/') });
        while (call.Pending.Count > 0)
        {
            if (throttle.Wait(account.ApiKey) is { } wait)
            {
                call.SetPending(SendResult.Retry, "SendGrid's rate limit is used up until X-RateLimit-Reset.", wait);
                break;
            }
            var request = SendGridRequest.Next(messages, call.Pending, account);
            call.Take(request.Members);
            if (!await SendAsync(client, request, call, account, shopId, cancellationToken))
            {
                break;
            }
        }
        return call.Outcomes();
    }

    /// <summary>Posts one request and records its outcomes; false when the rest of the call must not be sent now.</summary>
    async Task<bool> SendAsync(SendGridClient client, SendGridRequest request, SendGridCall call, SendGridAccount account, string shopId, CancellationToken cancellationToken)
    {
        SendGridReply reply;
        try
        {
            var response = await client.RequestAsync(BaseClient.Method.POST, request.Json, urlPath: "mail/send", cancellationToken: cancellationToken);
            reply = await SendGridReply.ReadAsync(response, cancellationToken);
        }
        catch (Exception e) when (e is HttpRequestException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            var backoff = throttle.ServerFailed(account.ApiKey);
            logger.LogWarning(e, "SendGrid did not answer a send of {Count} emails for shop {Shop}; retrying in {Wait}.", request.Members.Count, shopId, backoff);
            call.Set(request.Members, SendResult.Retry, $"SendGrid did not answer: {e.Message}", backoff);
            call.SetPending(SendResult.Retry, "Not sent: SendGrid did not answer an earlier request of this batch.", backoff);
            return false;
        }
        if (reply.RateLimitRemaining == 0)
        {
            throttle.Hold(account.ApiKey, reply.RateLimitReset);
        }
        if ((int)reply.Status >= 500)
        {
            var backoff = throttle.ServerFailed(account.ApiKey);
            logger.LogWarning("SendGrid answered {Status} to a send of {Count} emails for shop {Shop}; retrying in {Wait}.", (int)reply.Status, request.Members.Count, shopId, backoff);
            call.Set(request.Members, SendResult.Retry, $"SendGrid failed: {reply.Describe()}", backoff);
            call.SetPending(SendResult.Retry, "Not sent: SendGrid failed an earlier request of this batch.", backoff);
            return false;
        }
        throttle.Answered(account.ApiKey);
        switch (reply.Status)
        {
            case var _ when reply.Accepted:
                call.Set(request.Members, SendResult.Sent, providerMessageId: reply.MessageId);
                return true;
            case HttpStatusCode.TooManyRequests:
                var wait = throttle.Hold(account.ApiKey, reply.RateLimitReset);
                logger.LogWarning("SendGrid's rate limit is used up for shop {Shop}; {Count} emails wait {Wait}.", shopId, request.Members.Count + call.Pending.Count, wait);
                call.Set(request.Members, SendResult.Retry, "SendGrid's rate limit is used up (429).", wait);
                call.SetPending(SendResult.Retry, "SendGrid's rate limit is used up (429).", wait);
                return false;
            case HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden:
                var refused = $"SendGrid refused the API key in the setting '{SendGridSettings.ApiKeyKey(shopId)}' ({(int)reply.Status}): {reply.Describe()}";
                logger.LogError("{Problem}", refused);
                call.Set(request.Members, SendResult.Failed, refused);
                call.SetPending(SendResult.Failed, refused);
                return false;
            case HttpStatusCode.BadRequest:
                BadRequest(request, reply, call, shopId);
                return true;
            default:
                var failed = reply.Status == HttpStatusCode.RequestEntityTooLarge
                    ? $"SendGrid refused the email as too large (413): {reply.Describe()}"
                    : $"SendGrid refused the request: {reply.Describe()}";
                logger.LogError("{Problem} ({Count} emails of shop {Shop})", failed, request.Members.Count, shopId);
                call.Set(request.Members, SendResult.Failed, failed);
                return true;
        }
    }

    /// <summary>
    /// A 400 whose every error names a personalization fails those recipients only, and the others go again (a few
    /// times per call; after that they are retried later). Any other 400 fails the whole request with SendGrid's words.
    /// </summary>
    void BadRequest(SendGridRequest request, SendGridReply reply, SendGridCall call, string shopId)
    {
        var named = reply.Errors.Select(e => e.Personalization).ToList();
        if (named.Count == 0 || named.Any(p => p is null || p >= request.Members.Count))
        {
            logger.LogError("SendGrid refused a send of {Count} emails for shop {Shop}: {Errors}", request.Members.Count, shopId, reply.Describe());
            call.Set(request.Members, SendResult.Failed, $"SendGrid refused the email: {reply.Describe()}");
            return;
        }
        var bad = reply.Errors.GroupBy(e => request.Members[e.Personalization!.Value]).ToDictionary(g => g.Key, g => string.Join("; ", g.Select(e => e.Message)));
        foreach (var (member, errors) in bad)
        {
            call.Set([member], SendResult.Failed, $"SendGrid refused this recipient: {errors}");
        }
        var others = request.Members.Where(m => !bad.ContainsKey(m)).ToList();
        logger.LogWarning("SendGrid refused {Bad} of {Count} recipients for shop {Shop}; sending the others again.", bad.Count, request.Members.Count, shopId);
        if (!call.Resend(others))
        {
            call.Set(others, SendResult.Retry, "Not sent: SendGrid refused other recipients of the same request too often.", SendGridMail.ServerErrorWait);
        }
    }
}
