using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.RegularExpressions;
using System.Text.Unicode;
using Fluid;
using Hub.Customers;
using Hub.Messaging.Channels;

namespace Hub.Messaging.Templates;

/// <summary>
/// Renders <see cref="MessageTemplate"/>s with Fluid into the <see cref="MessageContent"/> a channel sends.
/// Parsed templates are cached by their source (parsing costs far more than rendering). Formatting is Russian
/// (<see cref="Culture"/>); each rendering uses the shop's time zone for <c>'now'</c> and parsed dates (the model's
/// times are already converted) and the shop's currency for <c>money</c>: <c>{{ order.total | money }}</c> →
/// <c>2 190 ₽</c>, with kopecks only when there are any (Fluid's Shopify money filters, <c>money</c> meaning
/// <c>money_without_trailing_zeros</c>). <c>format_date</c> formats with .NET patterns in Russian, with month names
/// declined as Russian writes dates: <c>{{ order.created_at | format_date: "d MMMM" }}</c> → <c>1 марта</c>;
/// <c>plural</c> picks the Russian word form for a number: <c>{{ segment.in_days | plural: "день", "дня", "дней" }}</c>.
/// Missing variables render empty, as in Liquid everywhere. Nothing is appended on its own: the unsubscribe link is
/// the <c>unsubscribe_url</c> variable a template uses.
/// </summary>
public sealed partial class TemplateRenderer
{
    /// <summary>The one place the formatting language is chosen: numbers, money and month names.</summary>
    public static readonly CultureInfo Culture = CultureInfo.GetCultureInfo("ru-RU");
    const int MaxCachedTemplates = 2_000;
    /// <summary>Nested loops stop here instead of holding a worker (ranges are bounded by <see cref="RangeLimit"/> when saved).</summary>
    const int MaxSteps = 200_000;

    static readonly FluidParser Parser = new();
    static readonly TextEncoder Html = HtmlEncoder.Create(UnicodeRanges.All);

    readonly TimeProvider time;
    readonly TemplateOptions options;
    readonly ConcurrentDictionary<string, IFluidTemplate> parsed = new(StringComparer.Ordinal);
    readonly ConcurrentDictionary<string, MoneyOptions> money = new(StringComparer.Ordinal);

    public TemplateRenderer(TimeProvider time)
    {
        this.time = time;
        options = new TemplateOptions
        {
            MemberAccessStrategy = new DefaultMemberAccessStrategy { MemberNameStrategy = MemberNameStrategies.SnakeCase },
            CultureInfo = Culture,
            MaxSteps = MaxSteps,
        };
        foreach (var type in TemplateModel.Types)
        {
            options.MemberAccessStrategy.Register(type);
        }
        Fluid.Filters.MoneyFilters.WithMoneyFilters(options.Filters);
        options.Filters.AddFilter("money", Fluid.Filters.MoneyFilters.MoneyWithoutTrailingZeros);
        options.Filters.AddFilter("format_date", DateFormatting.FormatDate);
        options.Filters.AddFilter("plural", RussianPlural.Plural);
    }

    /// <summary>The content <paramref name="template"/> gives on <paramref name="channel"/> for <paramref name="data"/>.</summary>
    /// <exception cref="InvalidOperationException">The template has no variant for the channel (see <see cref="MessageTemplate.Supports"/>).</exception>
    public MessageContent Render(MessageTemplate template, Channel channel, TemplateData data) =>
        Render(template, channel, TemplateModel.From(data));

    /// <summary>One Liquid text rendered for <paramref name="data"/> as plain text: a preview, a single field.</summary>
    public string RenderText(string source, TemplateData data) => Render(source, TemplateModel.From(data), NullEncoder.Default);

    internal MessageContent Render(MessageTemplate template, Channel channel, TemplateModel model)
    {
        var unsubscribe = string.IsNullOrEmpty(model.UnsubscribeUrl) ? null : model.UnsubscribeUrl;
        switch (channel)
        {
            case Channel.Email:
                var email = template.Email ?? throw Missing(template, channel);
                return new MessageContent
                {
                    Subject = OneLine(Render(email.Subject, model, NullEncoder.Default)),
                    Html = email.Html is { } html ? Render(html, model, Html).Trim() : null,
                    Text = email.Text is { } text ? Tidy(Render(text, model, NullEncoder.Default)) : "",
                    UnsubscribeUrl = unsubscribe,
                };
            case Channel.Sms:
                var sms = template.Sms ?? throw Missing(template, channel);
                return new MessageContent { Text = SmsText(Tidy(Render(sms.Text, model, NullEncoder.Default))), UnsubscribeUrl = unsubscribe };
            case Channel.Telegram or Channel.Viber or Channel.Vk or Channel.WhatsApp:
                var messenger = template.MessengerFor(channel);
                if (messenger is null && (channel != Channel.WhatsApp || template.WhatsAppTemplate is null))
                {
                    throw Missing(template, channel);
                }
                var approved = channel == Channel.WhatsApp ? template.WhatsAppTemplate : null;
                return new MessageContent
                {
                    Text = messenger is null ? "" : Tidy(Render(messenger.Text, model, NullEncoder.Default)),
                    Buttons = messenger?.Buttons.Select(b => RenderButton(b, model)).ToArray() ?? [],
                    WhatsAppTemplate = approved?.Name,
                    WhatsAppTemplateLanguage = approved?.Language,
                    TemplateParameters = approved?.Parameters.Select(p => OneLine(Render(p, model, NullEncoder.Default))).ToArray() ?? [],
                    UnsubscribeUrl = unsubscribe,
                };
            default:
                throw new ArgumentOutOfRangeException(nameof(channel), channel, "templates render for email, SMS and messengers only");
        }
    }

    internal MessageButton RenderButton(ButtonTemplate button, TemplateModel model) =>
        new(OneLine(Render(button.Text, model, NullEncoder.Default)), Render(button.Url, model, NullEncoder.Default).Trim());

    /// <summary>
    /// One options object serves every shop (Fluid caches member accessors and filters in it); what differs per shop —
    /// time zone, the clock in that zone, money options — is set on each rendering's context.
    /// </summary>
    internal string Render(string source, TemplateModel model, TextEncoder encoder)
    {
        if (!TryParse(source, out var template, out var error))
        {
            throw new InvalidOperationException($"Liquid does not parse: {error}");
        }
        var zone = TimeZoneInfo.FindSystemTimeZoneById(model.Shop.TimeZone);
        var context = new TemplateContext(model, options)
        {
            CultureInfo = Culture,
            TimeZone = zone,
            Now = () => TimeZoneInfo.ConvertTime(time.GetUtcNow(), zone),
            MoneyOptions = money.GetOrAdd(model.Shop.Currency, currency => new MoneyOptions { Currency = currency }),
        };
        return template.Render(context, encoder);
    }

    /// <summary>Parses once per distinct source; <paramref name="error"/> is Fluid's message with its <c>(line:column)</c>.</summary>
    internal bool TryParse(string source, out IFluidTemplate template, out string error)
    {
        if (parsed.TryGetValue(source, out template!))
        {
            error = "";
            return true;
        }
        if (!Parser.TryParse(source, out template, out error))
        {
            return false;
        }
        if (parsed.Count >= MaxCachedTemplates)
        {
            parsed.Clear();
        }
        parsed[source] = template;
        error = "";
        return true;
    }

    static InvalidOperationException Missing(MessageTemplate template, Channel channel) =>
        new($"Template '{template.Id}' has no {channel} variant.");

    /// <summary>Subjects, button texts and WhatsApp parameters are one line (WhatsApp refuses newlines in parameters).</summary>
    static string OneLine(string text) => Whitespace().Replace(text, " ").Trim();

    /// <summary>Money and dates use no-break spaces; in an SMS a plain space looks the same and keeps Latin texts in GSM-7.</summary>
    static string SmsText(string text) => text.Replace('\u00A0', ' ').Replace('\u202F', ' ');

    /// <summary>Plain texts lose what Liquid tags leave behind: spaces at line ends and runs of blank lines.</summary>
    static string Tidy(string text) => BlankLines().Replace(TrailingSpaces().Replace(text, "\n"), "\n\n").Trim();

    [GeneratedRegex(@"[ \t]+\r?\n")]
    private static partial Regex TrailingSpaces();

    [GeneratedRegex(@"\n{3,}")]
    private static partial Regex BlankLines();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
