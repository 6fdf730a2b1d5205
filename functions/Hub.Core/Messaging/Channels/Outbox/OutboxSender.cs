using System.Net.Mail;
using System.Net.Mime;
using System.Text;
using System.Text.Json;
using Hub.Customers;

namespace Hub.Messaging.Channels.Outbox;

/// <summary>
/// The channel for local runs and the demo: every message becomes a file under
/// <c>{folder}/{shop}/{channel}/{messageId}</c> — an RFC 5322 .eml for email (written by the BCL's SMTP pickup
/// directory, so headers and MIME parts are encoded as a mail server would see them), JSON for the others. A message
/// already in the outbox is not written twice. Never fails for a well-formed message.
/// </summary>
public sealed class OutboxSender(Channel channel, string folder) : IChannelSender
{
    public const string ProviderId = "outbox";
    static readonly JsonSerializerOptions Json = new(HubJson.Indented) { };

    public Channel Channel { get; } = channel;
    public string Provider => ProviderId;
    public int MaxBatch => 1000;
    public string Folder { get; } = Path.GetFullPath(folder);

    public async Task<IReadOnlyList<SendOutcome>> SendAsync(string shopId, IReadOnlyList<OutboundMessage> messages, CancellationToken cancellationToken = default)
    {
        var directory = Path.Combine(Folder, shopId, Channel.ToString().ToLowerInvariant());
        Directory.CreateDirectory(directory);
        var outcomes = new List<SendOutcome>(messages.Count);
        foreach (var message in messages)
        {
            var path = Path.Combine(directory, message.MessageId + (Channel == Channel.Email ? ".eml" : ".json"));
            if (!File.Exists(path))
            {
                if (Channel == Channel.Email)
                {
                    WriteEml(message, path);
                }
                else
                {
                    await File.WriteAllTextAsync(path, JsonSerializer.Serialize(new
                    {
                        messageId = message.MessageId,
                        channel = Channel.ToString().ToLowerInvariant(),
                        to = message.Address,
                        kind = message.Kind.ToString().ToLowerInvariant(),
                        text = message.Content.Text,
                        buttons = message.Content.Buttons,
                        whatsAppTemplate = message.InServiceWindow ? null : message.Content.WhatsAppTemplate,
                        templateParameters = message.Content.TemplateParameters,
                    }, Json), cancellationToken);
                }
            }
            // No provider, no price: results count the shop's price for the channel, as a real send would cost.
            outcomes.Add(new SendOutcome(message.MessageId, SendResult.Sent, ProviderMessageId: Path.GetFileName(path)));
        }
        return outcomes;
    }

    static void WriteEml(OutboundMessage message, string path)
    {
        var staging = Directory.CreateTempSubdirectory("hub-outbox-");
        try
        {
            using var mail = new MailMessage(new MailAddress($"shop@{message.ShopId}.local", message.ShopId), new MailAddress(message.Address))
            {
                Subject = message.Content.Subject ?? "",
                SubjectEncoding = Encoding.UTF8,
                BodyEncoding = Encoding.UTF8,
                HeadersEncoding = Encoding.UTF8,
                Body = message.Content.Text,
            };
            mail.Headers.Add("X-Hub-Message-Id", message.MessageId);
            if (message.Kind == MessageKind.Marketing && message.Content.UnsubscribeUrl is { } unsubscribe)
            {
                mail.Headers.Add("List-Unsubscribe", $"<{unsubscribe}>");
                mail.Headers.Add("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
            }
            if (message.Content.Html is { } html)
            {
                mail.AlternateViews.Add(AlternateView.CreateAlternateViewFromString(html, Encoding.UTF8, MediaTypeNames.Text.Html));
            }
            using var smtp = new SmtpClient { DeliveryMethod = SmtpDeliveryMethod.SpecifiedPickupDirectory, PickupDirectoryLocation = staging.FullName };
            smtp.Send(mail);
            File.Move(staging.GetFiles("*.eml").Single().FullName, path, overwrite: true);
        }
        finally
        {
            staging.Delete(recursive: true);
        }
    }
}
