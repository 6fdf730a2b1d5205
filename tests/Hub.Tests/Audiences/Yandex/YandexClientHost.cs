using System.Collections.Concurrent;
using Hub.Audiences;
using Hub.Audiences.Yandex;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Hub.Tests.Audiences.Yandex;

/// <summary>
/// The Yandex client as the app gets it: <see cref="YandexAudienceRegistration.AddYandexAudience"/> (Refit, the standard
/// resilience handler) over the given settings, with every log line kept (down to Trace) so tests can read them.
/// </summary>
sealed class YandexClientHost : IDisposable
{
    readonly ServiceProvider services;
    readonly ConcurrentQueue<string> logs = new();

    public YandexClientHost(IEnumerable<KeyValuePair<string, string?>> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        services = new ServiceCollection()
            .AddLogging(logging => logging.SetMinimumLevel(LogLevel.Trace).AddProvider(new Recorder(logs)))
            .AddYandexAudience(configuration)
            .BuildServiceProvider();
        Client = services.GetServices<IAdSystemClient>().Single(c => c.System == "yandex");
    }

    public IAdSystemClient Client { get; }

    /// <summary>Every log line written so far, with its exception.</summary>
    public IReadOnlyList<string> Logs => logs.ToList();

    public void Dispose() => services.Dispose();

    sealed class Recorder(ConcurrentQueue<string> lines) : ILoggerProvider, ILogger
    {
        public ILogger CreateLogger(string categoryName) => this;
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => true;
        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            lines.Enqueue($"{logLevel}: {formatter(state, exception)} {exception}");
        public void Dispose() { }
    }
}
