using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Hub.Messaging.Channels;
using Hub.Messaging.Channels.Sms;
using Hub.Messaging.Channels.Viber;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Hub.Tests.Messaging.Sms;

/// <summary>
/// SMS and Viber as the app gets them: <c>AddSms</c> and <c>AddViber</c> (Refit, the standard resilience handler) over
/// the given settings, on a <see cref="FakeTimeProvider"/>.
/// </summary>
sealed class SmsHost : IDisposable
{
    public static readonly DateTimeOffset Now = new(2026, 3, 2, 9, 30, 0, TimeSpan.Zero);
    readonly ServiceProvider services;
    readonly ConcurrentQueue<string> logs = new();

    public SmsHost(params IEnumerable<KeyValuePair<string, string?>>[] settings)
    {
        var builder = new ConfigurationBuilder();
        foreach (var layer in settings)
        {
            builder.AddInMemoryCollection(layer); // a later layer overrides an earlier one
        }
        var configuration = builder.Build();
        services = new ServiceCollection()
            .AddLogging(logging => logging.SetMinimumLevel(LogLevel.Trace).AddProvider(new Recorder(logs)))
            .AddSingleton<TimeProvider>(Time)
            .AddSms(configuration)
            .AddViber(configuration)
            .BuildServiceProvider();
    }

    public FakeTimeProvider Time { get; } = new(Now);

    public IReadOnlyList<IChannelSender> Senders => [.. services.GetServices<IChannelSender>()];
    public IReadOnlyList<IProviderEventSource> EventSources => [.. services.GetServices<IProviderEventSource>()];
    public IChannelSender Sender(string provider) => Senders.Single(s => s.Provider == provider);
    public IProviderEventSource Events(string provider) => EventSources.Single(s => s.Provider == provider);
    /// <summary>Every log line written so far, down to Trace.</summary>
    public IReadOnlyList<string> Logs => [.. logs];

    public SmsProviderChoice Choice => services.GetRequiredService<SmsProviderChoice>();

    public void Dispose() => services.Dispose();

    /// <summary>A loopback address where nothing listens: a call there gets no answer at once.</summary>
    public static string NobodyListening()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return $"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}";
    }

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
