using Hub.Messaging.Channels;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;

namespace Hub.Tests.Messaging;

/// <summary>
/// A channel as the app gets it: the channel's registration (Refit, the standard resilience handler, its rate limits)
/// over the given settings, with an optional clock and, for tests of a silent provider, a short attempt timeout.
/// </summary>
sealed class MessagingHost : IDisposable
{
    readonly ServiceProvider services;

    public MessagingHost(
        IEnumerable<KeyValuePair<string, string?>> settings,
        Func<IServiceCollection, IConfiguration, Action<HttpStandardResilienceOptions>, IServiceCollection> register,
        TimeProvider? time = null,
        TimeSpan? attemptTimeout = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var collection = new ServiceCollection().AddLogging();
        if (time is not null)
        {
            collection.AddSingleton(time);
        }
        services = register(collection, configuration, options =>
        {
            if (attemptTimeout is { } timeout)
            {
                options.AttemptTimeout.Timeout = timeout;
            }
        }).BuildServiceProvider();
    }

    public IChannelSender Sender(string provider) => services.GetServices<IChannelSender>().Single(s => s.Provider == provider);

    public IProviderEventSource Events(string provider) => services.GetServices<IProviderEventSource>().Single(s => s.Provider == provider);

    public void Dispose() => services.Dispose();
}
