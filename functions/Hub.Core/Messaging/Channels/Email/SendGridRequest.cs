using System.Globalization;
using System.Text;
using SendGrid;
using SendGrid.Helpers.Mail;

namespace Hub.Messaging.Channels.Email;

/// <summary>
/// One POST /v3/mail/send: <see cref="Members"/> are batch indices, personalization i is member i.
/// <see cref="Json"/> is the body as the SDK serializes it (measured against <see cref="SendGridMail.MaxRequestBytes"/>).
/// </summary>
internal sealed record SendGridRequest(IReadOnlyList<int> Members, SendGridMessage Message, string Json)
{
    /// <summary>
    /// The next request from <paramref name="pending"/> (batch indices, in order): the first pending message and the
    /// pending messages of the same shape after it, each address at most once, at most 1,000, as many as share one
    /// body (<see cref="SharedContent.Fit"/>) and fit the request size. Those left out stay pending.
    /// </summary>
    public static SendGridRequest Next(IReadOnlyList<OutboundMessage> batch, IReadOnlyList<int> pending, SendGridAccount account)
    {
        var shape = Shape(batch[pending[0]]);
        var addresses = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var candidates = new List<int>();
        foreach (var index in pending)
        {
            if (candidates.Count == SendGridMail.MaxPersonalizations)
            {
                break;
            }
            if (Shape(batch[index]) == shape && addresses.Add(batch[index].Address.Trim()))
            {
                candidates.Add(index);
            }
        }
        while (true)
        {
            var request = Build(batch, candidates, shape, account);
            if (Encoding.UTF8.GetByteCount(request.Json) <= SendGridMail.MaxRequestBytes || request.Members.Count == 1)
            {
                return request;
            }
            candidates = request.Members.Take(request.Members.Count / 2).ToList();
        }
    }

    /// <summary>Messages one request can carry together: the kind sets unsubscribe group and headers, and every member needs the same content parts.</summary>
    readonly record struct MessageShape(MessageKind Kind, bool HasText, bool HasHtml);

    static MessageShape Shape(OutboundMessage message) =>
        new(message.Kind, !string.IsNullOrEmpty(message.Content.Text), !string.IsNullOrEmpty(message.Content.Html));

    static SendGridRequest Build(IReadOnlyList<OutboundMessage> batch, IReadOnlyList<int> candidates, MessageShape shape, SendGridAccount account)
    {
        var marker = Marker(candidates.Select(i => batch[i].Content));
        var content = SharedContent.Fit(
            candidates,
            i => shape.HasText ? batch[i].Content.Text : null,
            i => shape.HasHtml ? batch[i].Content.Html : null,
            n => marker + n.ToString(CultureInfo.InvariantCulture) + SendGridMail.TagClose);
        var message = new SendGridMessage { From = account.From, Personalizations = new List<Personalization>(content.Members.Count) };
        if (content.Text is { } text)
        {
            message.AddContent(MimeType.Text, text.Text);
        }
        if (content.Html is { } html)
        {
            message.AddContent(MimeType.Html, html.Text);
        }
        if (shape.Kind == MessageKind.Marketing && account.UnsubscribeGroupId is { } group)
        {
            message.SetAsm(group);
        }
        foreach (var index in content.Members)
        {
            message.Personalizations.Add(Personalization(batch[index], content.Substitutions(index), account));
        }
        return new SendGridRequest(content.Members, message, message.Serialize());
    }

    static Personalization Personalization(OutboundMessage message, Dictionary<string, string>? substitutions, SendGridAccount account) => new()
    {
        Tos = [new EmailAddress(message.Address.Trim())],
        Subject = message.Content.Subject,
        Substitutions = substitutions,
        CustomArgs = CustomArgs(message),
        Headers = message.Kind == MessageKind.Marketing ? UnsubscribeHeaders(message.Content.UnsubscribeUrl, account.UnsubscribeMailto) : null,
    };

    /// <summary>Our message id and shop, and the ledger key when the message has one; SendGrid echoes them in every event.</summary>
    static Dictionary<string, string> CustomArgs(OutboundMessage message)
    {
        var args = new Dictionary<string, string>
        {
            [SendGridMail.MessageIdArg] = message.MessageId,
            [SendGridMail.ShopArg] = message.ShopId,
        };
        if (message.Key is { } key)
        {
            args[SendGridMail.SourceArg] = key.Source;
            args[SendGridMail.CustomerArg] = key.CustomerId;
            args[SendGridMail.StepArg] = key.Step.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        return args;
    }

    /// <summary>RFC 2369 List-Unsubscribe (the mailbox first, when the shop has one) and RFC 8058 one-click unsubscribe.</summary>
    static Dictionary<string, string>? UnsubscribeHeaders(string? url, string? mailto)
    {
        if (string.IsNullOrWhiteSpace(url))
        {
            return null;
        }
        var links = mailto is null ? $"<{url.Trim()}>" : $"<mailto:{mailto}?subject=unsubscribe>, <{url.Trim()}>";
        return new Dictionary<string, string>
        {
            ["List-Unsubscribe"] = links,
            ["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click",
        };
    }

    /// <summary>The tag opening (<c>[hub:</c>, else <c>[hub1:</c>, …) that none of the contents or subjects holds.</summary>
    static string Marker(IEnumerable<MessageContent> contents)
    {
        var texts = contents.SelectMany(c => new[] { c.Text, c.Html, c.Subject }).Where(t => !string.IsNullOrEmpty(t)).ToList();
        for (var n = 0; ; n++)
        {
            var marker = SendGridMail.TagOpen + (n == 0 ? "" : n.ToString(CultureInfo.InvariantCulture)) + ":";
            if (!texts.Any(t => t!.Contains(marker, StringComparison.Ordinal)))
            {
                return marker;
            }
        }
    }
}
