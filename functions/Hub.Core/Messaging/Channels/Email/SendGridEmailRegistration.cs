using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Hub.Messaging.Channels.Email;

internal static class SendGridEmailRegistration
{
    /// <summary>
    /// Registers SendGrid as the email <see cref="IChannelSender"/> and as the <c>sendgrid</c>
    /// <see cref="IProviderEventSource"/>. Base address from <c>Channels:SendGrid:BaseUrl</c> (default
    /// https://api.sendgrid.com); per shop <c>Shops:{shopId}:SendGridApiKey</c>, <c>…:SendGridFrom</c>, optional
    /// <c>…:SendGridUnsubscribeGroupId</c> and <c>…:SendGridUnsubscribeMailto</c>, and <c>…:SendGridWebhookPublicKey</c>.
    /// The SendGrid SDK is used instead of Refit. Its HttpClient comes from IHttpClientFactory (so logging and handlers
    /// apply) with no resilience handler: POST /v3/mail/send has no idempotency key, so a retried POST could deliver
    /// twice, and the dispatcher retries through the send ledger instead.
    /// </summary>
    public static IServiceCollection AddSendGridEmail(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddHttpClient(SendGridMail.HttpClientName, client => client.Timeout = SendGridMail.RequestTimeout)
            .RedactLoggedHeaders(["Authorization"]);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(new SendGridSettings(configuration));
        services.TryAddSingleton<SendGridThrottle>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IChannelSender, SendGridEmailSender>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IProviderEventSource, SendGridEventSource>());
        return services;
    }
}
