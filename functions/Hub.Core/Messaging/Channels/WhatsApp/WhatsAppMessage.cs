namespace Hub.Messaging.Channels.WhatsApp;

/// <summary>
/// A Cloud API message: <c>{messaging_product:"whatsapp", recipient_type:"individual", to, type, text|template,
/// biz_opaque_callback_data}</c> (WhatsApp-Nodejs-SDK). <c>to</c> is the E.164 address without its '+', as in Meta's
/// examples. <c>biz_opaque_callback_data</c> carries our message id and comes back in every status webhook.
/// </summary>
internal sealed record WhatsAppMessage(string To, string Type, string BizOpaqueCallbackData, WhatsAppText? Text = null, WhatsAppTemplate? Template = null)
{
    public string MessagingProduct => "whatsapp";
    public string RecipientType => "individual";

    /// <summary>
    /// Free text inside the 24-hour service window, else the approved template; null with the reason when the message
    /// is outside the window and has no template.
    /// </summary>
    public static (WhatsAppMessage? Message, string? Problem) For(OutboundMessage message)
    {
        var to = message.Address.Trim().TrimStart('+');
        var content = message.Content;
        if (message.InServiceWindow)
        {
            return (new WhatsAppMessage(to, "text", message.MessageId, Text: WhatsAppText.For(content)), null);
        }
        if (string.IsNullOrWhiteSpace(content.WhatsAppTemplate))
        {
            return (null, "outside the 24-hour service window WhatsApp accepts only an approved template, and the message has none (MessageContent.WhatsAppTemplate)");
        }
        return (new WhatsAppMessage(to, "template", message.MessageId, Template: WhatsAppTemplate.For(content)), null);
    }
}

/// <summary>
/// <c>{"body":…,"preview_url":…}</c>. A text message has no URL buttons, so each button becomes a line
/// "text: url" under the text, with link previews on.
/// </summary>
internal sealed record WhatsAppText(string Body, bool PreviewUrl)
{
    public static WhatsAppText For(MessageContent content) => content.Buttons.Count == 0
        ? new WhatsAppText(content.Text, PreviewUrl: false)
        : new WhatsAppText(content.Text + "\n\n" + string.Join("\n", content.Buttons.Select(b => $"{b.Text}: {b.Url}")), PreviewUrl: true);
}

/// <summary><c>{"name","language":{"code"},"components":[{"type":"body","parameters":[{"type":"text","text"}…]}]}</c>.</summary>
internal sealed record WhatsAppTemplate(string Name, WhatsAppLanguage Language, IReadOnlyList<WhatsAppComponent>? Components)
{
    public static WhatsAppTemplate For(MessageContent content) => new(
        content.WhatsAppTemplate!.Trim(),
        new WhatsAppLanguage(string.IsNullOrWhiteSpace(content.WhatsAppTemplateLanguage) ? WhatsAppCloud.DefaultTemplateLanguage : content.WhatsAppTemplateLanguage.Trim()),
        content.TemplateParameters.Count == 0
            ? null
            : [new WhatsAppComponent("body", content.TemplateParameters.Select(p => new WhatsAppParameter("text", p)).ToList())]);
}

internal sealed record WhatsAppLanguage(string Code);

internal sealed record WhatsAppComponent(string Type, IReadOnlyList<WhatsAppParameter> Parameters);

internal sealed record WhatsAppParameter(string Type, string Text);
