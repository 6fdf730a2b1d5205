namespace Hub.Messaging.Templates;

/// <summary>
/// One problem in a template: the field at fault, named as in the template's JSON (<c>email.subject</c>,
/// <c>sms.text</c>, <c>telegram.buttons[1].url</c>, <c>whatsAppTemplate.parameters[0]</c>, or <c>id</c>/<c>name</c>),
/// where in that field's Liquid when known (1-based line and column), and what is wrong. Reads as
/// <c>sms.text (3:12): unknown variable 'custmer'…</c>.
/// </summary>
public sealed record TemplateError(string Variant, int? Line, int? Column, string Message)
{
    public override string ToString() => Line is { } line
        ? $"{Variant} ({line}:{Column}): {Message}"
        : $"{Variant}: {Message}";
}

/// <summary>A template that failed validation and was not saved; <see cref="Errors"/> holds every problem found.</summary>
public sealed class TemplateValidationException(string templateId, IReadOnlyList<TemplateError> errors)
    : ArgumentException($"Template '{templateId}' is not valid:{Environment.NewLine}  {string.Join(Environment.NewLine + "  ", errors)}")
{
    public IReadOnlyList<TemplateError> Errors { get; } = errors;
}
