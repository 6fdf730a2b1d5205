using System.Collections.Concurrent;
using Hub.Customers;
using Hub.Messaging.Channels;
using Hub.Messaging.Channels.Email;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Hub.Tests.Messaging.Email;

/// <summary>
/// SendGrid as the app gets it: <see cref="SendGridEmailRegistration.AddSendGridEmail"/> over the given settings, on a
/// <see cref="FakeTimeProvider"/>, with every log line kept.
/// </summary>
sealed class SendGridHost : IDisposable
{
    readonly ServiceProvider services;
    readonly ConcurrentQueue<string> logs = new();

    public SendGridHost(IEnumerable<KeyValuePair<string, string?>> settings, DateTimeOffset? now = null)
    {
        Time = new FakeTimeProvider(now ?? new DateTimeOffset(2026, 11, 25, 10, 0, 0, TimeSpan.Zero));
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        services = new ServiceCollection()
            .AddLogging(logging => logging.SetMinimumLevel(LogLevel.Trace).AddProvider(new Recorder(logs)))
            .AddSingleton<TimeProvider>(Time)
            .AddSendGridEmail(configuration)
            .BuildServiceProvider();
        Sender = services.GetServices<IChannelSender>().Single(s => s.Provider == "sendgrid");
        Events = services.GetServices<IProviderEventSource>().Single(s => s.Provider == "sendgrid");
    }

    public FakeTimeProvider Time { get; }
    public IChannelSender Sender { get; }
    public IProviderEventSource Events { get; }
    public IReadOnlyList<string> Logs => logs.ToList();

    public Task<IReadOnlyList<SendOutcome>> SendAsync(IReadOnlyList<OutboundMessage> messages) => Sender.SendAsync(messages[0].ShopId, messages);

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

/// <summary>Campaign emails as the template renderer would hand them over: one shared layout, personal parts per person.</summary>
static class CampaignEmails
{
    public const string Shop = "shop-1";

    public static OutboundMessage Email(int n, MessageKind kind = MessageKind.Marketing, string? address = null, string? html = "default") =>
        new($"msg-{n:D5}", Shop, $"cust-{n}", Channel.Email, address ?? $"person{n}@example.com", kind, new MessageContent
        {
            Subject = $"Anna{n}, your {n % 7 + 5}% discount is waiting",
            Text = $"Hello, Anna{n}!\nYou have {n * 10} bonus points.\nOur autumn sale lasts until Sunday: coats, boots and scarves.\n" +
                   $"Unsubscribe: https://hub.example/u/{n:x8}\n",
            Html = html == "default" ? Html(n) : html,
            UnsubscribeUrl = $"https://hub.example/u/{n:x8}",
        });

    public static IReadOnlyList<OutboundMessage> Batch(int count, MessageKind kind = MessageKind.Marketing) =>
        Enumerable.Range(1, count).Select(n => Email(n, kind)).ToList();

    static string Html(int n) =>
        "<!doctype html><html><head><style>body{font-family:Arial}.btn{color:#fff;background:#c00}</style></head><body>" +
        $"<h1>Hello, Anna{n}!</h1><p>You have <b>{n * 10}</b> bonus points — spend them before December.</p>" +
        "<p>Our autumn sale lasts until Sunday: coats, boots and scarves at up to 40% off.</p>" +
        $"<p><a class=\"btn\" href=\"https://shop.example/sale?utm_source=hub&amp;c={n}\">Go to the sale</a></p>" +
        (n % 3 == 0 ? "<p>Your favourite brand Nord is back in stock.</p>" : "") +
        $"<footer><a href=\"https://hub.example/u/{n:x8}\">Unsubscribe</a></footer></body></html>";
}
