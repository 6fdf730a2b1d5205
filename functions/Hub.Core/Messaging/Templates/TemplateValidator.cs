using System.Text.RegularExpressions;
using Fluid;
using Hub.Customers;
using Hub.Shops;

namespace Hub.Messaging.Templates;

/// <summary>
/// Checks a template before it is saved and returns every problem, each naming its field and, for Liquid, the line
/// and column: Liquid that does not parse, variables the model does not have, an email without a subject or a body,
/// an SMS that renders (on <see cref="TemplateSamples"/>) to more than <see cref="MaxSmsParts"/> parts, a button
/// without text or whose URL is not an absolute http(s) URL, a WhatsApp template without name or language, a loop
/// range over <see cref="RangeLimit.MaxItems"/>, a text that fails to render. An empty list means the template may be saved.
/// </summary>
public sealed partial class TemplateValidator(TemplateRenderer renderer)
{
    /// <summary>Longer SMS texts cost as many messages; six parts (402 Cyrillic characters) is the most we let a template reach.</summary>
    public const int MaxSmsParts = 6;
    public const int MaxNameLength = 200;

    /// <summary>Null when <paramref name="id"/> is a valid template id, else why not.</summary>
    public static string? IdProblem(string? id) => id is not null && IdPattern().IsMatch(id)
        ? null
        : $"template id '{id}' must be kebab-case: 2–63 lower-case letters and digits in words joined by single dashes (order-shipped)";

    public IReadOnlyList<TemplateError> Validate(MessageTemplate template)
    {
        var errors = new List<TemplateError>();
        if (IdProblem(template.Id) is { } idProblem)
        {
            errors.Add(new TemplateError("id", null, null, idProblem));
        }
        if (ShopIds.Problem(template.ShopId ?? "") is { } shopProblem)
        {
            errors.Add(new TemplateError("shopId", null, null, shopProblem));
        }
        if (string.IsNullOrWhiteSpace(template.Name) || template.Name.Length > MaxNameLength)
        {
            errors.Add(new TemplateError("name", null, null, $"a name of 1–{MaxNameLength} characters is required"));
        }
        if (template is { Email: null, Sms: null, Messenger: null, Telegram: null, WhatsApp: null, Viber: null, Vk: null, WhatsAppTemplate: null })
        {
            errors.Add(new TemplateError("template", null, null, "no variant: add email, sms, messenger (or telegram, whatsApp, viber, vk) or whatsAppTemplate"));
        }
        var check = new Check(renderer, TemplateModel.From(TemplateSamples.For(template.ShopId ?? "shop")), errors);
        if (template.Email is { } email)
        {
            check.Liquid("email.subject", email.Subject, required: "an email needs a subject");
            check.Liquid("email.html", email.Html);
            check.Liquid("email.text", email.Text);
            if (string.IsNullOrWhiteSpace(email.Html) && string.IsNullOrWhiteSpace(email.Text))
            {
                errors.Add(new TemplateError("email", null, null, "an email needs a body: html, text or both"));
            }
        }
        if (template.Sms is { } sms && check.Liquid("sms.text", sms.Text, required: "an SMS needs a text") is not null)
        {
            var size = SmsLength.Of(check.Content(template, Channel.Sms).Text);
            if (size.Parts > MaxSmsParts)
            {
                errors.Add(new TemplateError("sms.text", null, null, $"renders to {size} for a sample customer; at most {MaxSmsParts} parts are allowed"));
            }
        }
        foreach (var (name, messenger) in new[] { ("messenger", template.Messenger), ("telegram", template.Telegram), ("whatsApp", template.WhatsApp), ("viber", template.Viber), ("vk", template.Vk) })
        {
            if (messenger is not null)
            {
                check.Messenger(name, messenger);
            }
        }
        if (template.WhatsAppTemplate is { } approved)
        {
            if (!WhatsAppName().IsMatch(approved.Name ?? ""))
            {
                errors.Add(new TemplateError("whatsAppTemplate.name", null, null, "the approved template's name is required, as registered with Meta: lower-case letters, digits and underscores"));
            }
            if (!LanguageCode().IsMatch(approved.Language ?? ""))
            {
                errors.Add(new TemplateError("whatsAppTemplate.language", null, null, "the approved template's language code is required, as registered with Meta (ru, en_US)"));
            }
            for (var i = 0; i < approved.Parameters.Count; i++)
            {
                check.Liquid($"whatsAppTemplate.parameters[{i}]", approved.Parameters[i], required: "a parameter cannot be empty");
            }
        }
        return errors;
    }

    /// <summary>The checks of one template's Liquid texts against the sample model, adding to one list of errors.</summary>
    sealed class Check(TemplateRenderer renderer, TemplateModel sample, List<TemplateError> errors)
    {
        /// <summary>Parses, checks the variables and renders the sample; the rendering, or null after an error.</summary>
        public string? Liquid(string variant, string? source, string? required = null)
        {
            if (string.IsNullOrWhiteSpace(source))
            {
                if (required is not null)
                {
                    errors.Add(new TemplateError(variant, null, null, required));
                }
                return null;
            }
            if (!renderer.TryParse(source, out var template, out var fluidError))
            {
                var (line, column, message) = LiquidSyntaxError.Read(source, fluidError);
                errors.Add(new TemplateError(variant, line, column, message));
                return null;
            }
            var unknown = TemplateVariableChecker.Check(template);
            foreach (var (path, message) in unknown)
            {
                var at = SourceText.FindVariable(source, path);
                errors.Add(new TemplateError(variant, at?.Line, at?.Column, message));
            }
            var ranges = RangeLimit.Check(template);
            errors.AddRange(ranges.Select(message => new TemplateError(variant, null, null, message)));
            if (unknown.Count > 0 || ranges.Count > 0)
            {
                return null;
            }
            try
            {
                return renderer.Render(source, sample, NullEncoder.Default);
            }
            catch (Exception e) when (e is FluidException or FormatException or InvalidOperationException or ArgumentException)
            {
                errors.Add(new TemplateError(variant, null, null, $"fails to render for a sample customer: {e.Message}"));
                return null;
            }
        }

        public Channels.MessageContent Content(MessageTemplate template, Channel channel) => renderer.Render(template, channel, sample);

        public void Messenger(string name, MessengerVariant messenger)
        {
            Liquid($"{name}.text", messenger.Text, required: "a message needs a text");
            for (var i = 0; i < messenger.Buttons.Count; i++)
            {
                var button = messenger.Buttons[i];
                Liquid($"{name}.buttons[{i}].text", button.Text, required: "a button needs a text");
                if (Liquid($"{name}.buttons[{i}].url", button.Url, required: "a button needs a URL") is { } rendered)
                {
                    var url = rendered.Trim();
                    if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
                    {
                        errors.Add(new TemplateError($"{name}.buttons[{i}].url", null, null, $"'{url}' (for a sample customer) is not an absolute http(s) URL"));
                    }
                }
            }
        }
    }

    [GeneratedRegex("^(?=.{2,63}$)[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex IdPattern();

    [GeneratedRegex("^[a-z0-9_]{1,512}$")]
    private static partial Regex WhatsAppName();

    [GeneratedRegex("^[a-z]{2,3}(_[A-Z]{2})?$")]
    private static partial Regex LanguageCode();
}
