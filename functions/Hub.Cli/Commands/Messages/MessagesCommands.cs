using System.ComponentModel;
using System.Text.Json;
using Hub.Customers;
using Hub.Messaging;
using Hub.Messaging.Channels;
using Hub.Messaging.Templates;
using Hub.Shops;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Hub.Cli.Commands;

sealed class MessagesSendTestSettings : SegmentsJsonSettings
{
    [CommandOption("--channel <CHANNEL>")]
    [Description("email, sms, telegram, whatsapp, viber or vk.")]
    public string Channel { get; init; } = "";

    [CommandOption("--to <ADDRESS>")]
    [Description("An email, a phone, a Telegram chat id or a VK user id.")]
    public string To { get; init; } = "";

    [CommandOption("--template <ID>")]
    [Description("A template id (the shop's own or a default: order-shipped, abandoned-cart, win-back, …).")]
    public string Template { get; init; } = "";

    [CommandOption("--customer <ID>")]
    [Description("Render with this customer's data instead of the sample customer.")]
    public string? Customer { get; init; }

    public override ValidationResult Validate() =>
        base.Validate() is { Successful: false } shop ? shop
        : Required(Channel, "--channel") is { Successful: false } channel ? channel
        : Required(To, "--to") is { Successful: false } to ? to
        : Required(Template, "--template");
}

/// <summary>
/// `hub messages send-test`: renders a template (for the sample customer or a real one) and sends it to one address
/// through the shop's provider for the channel, recorded in the ledger under a fresh <c>test:</c> source. Exit 4 when
/// the provider refuses.
/// </summary>
sealed class MessagesSendTestCommand : AsyncCommand<MessagesSendTestSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, MessagesSendTestSettings settings, CancellationToken cancellationToken)
    {
        if (!Enum.TryParse<Channel>(settings.Channel, ignoreCase: true, out var channel) || channel == Customers.Channel.Ads)
        {
            throw new BadInputException($"--channel '{settings.Channel}' must be one of: email, sms, telegram, whatsapp, viber, vk");
        }
        using var services = CliServices.Build(settings);
        var shop = await services.GetRequiredService<ShopStore>().RequireAsync(settings.Shop, cancellationToken);
        var template = await services.GetRequiredService<TemplateStore>().GetAsync(shop.Id, settings.Template, cancellationToken)
            ?? throw new BadInputException($"shop '{shop.Id}' has no template '{settings.Template}'");
        var data = TemplateSamples.For(shop);
        if (settings.Customer is { } customerId)
        {
            var customer = (await services.GetRequiredService<CustomerStore>().GetAsync(shop.Id, customerId, cancellationToken))?.Customer
                ?? throw new BadInputException($"shop '{shop.Id}' has no customer '{customerId}'");
            data = data with { Customer = customer };
        }
        var sender = services.GetRequiredService<ChannelRouter>().SenderFor(shop.Id, channel);
        var source = $"test:{DateTimeOffset.UtcNow:yyyyMMddHHmmss}-{Guid.NewGuid().ToString("N")[..6]}";
        var recipient = data.Customer?.Id ?? "test";
        var entry = new LedgerEntry
        {
            ShopId = shop.Id, Source = source, CustomerId = recipient, Step = 0, Channel = channel, Provider = sender.Provider,
            MessageId = SendLedger.MessageIdOf(shop.Id, source, recipient, 0), Address = settings.To.Trim(), TemplateId = template.Id, Kind = MessageKind.Transactional,
        };
        var ledger = services.GetRequiredService<SendLedger>();
        var (_, claimed) = await ledger.ClaimAsync(entry, cancellationToken);
        var content = services.GetRequiredService<TemplateRenderer>().Render(template, channel, data);
        var outcome = (await sender.SendAsync(shop.Id, [new OutboundMessage(entry.MessageId, shop.Id, recipient, channel, entry.Address!, MessageKind.Transactional, content)], cancellationToken))[0];
        var recorded = await ledger.RecordAsync(claimed, outcome, cancellationToken);
        if (settings.Json)
        {
            Console.WriteLine(JsonSerializer.Serialize(new { recorded.MessageId, provider = sender.Provider, status = recorded.Status, outcome.ProviderMessageId, outcome.Cost, outcome.Error, content }, HubJson.Indented));
        }
        else
        {
            AnsiConsole.MarkupLineInterpolated($"{channel} via [bold]{sender.Provider}[/] to {PersonalData.Mask(entry.Address!)}: [bold]{AudienceOptions.Kebab(recorded.Status)}[/]{(outcome.Error is null ? "" : " — " + outcome.Error)}");
            if (content.Subject is { } subject)
            {
                AnsiConsole.MarkupLineInterpolated($"[grey]subject:[/] {subject}");
            }
            AnsiConsole.WriteLine(content.Text);
        }
        return recorded.Status == SendStatus.Sent ? ExitCodes.Ok : ExitCodes.Remote;
    }
}

sealed class MessagesShowSettings : SegmentsJsonSettings
{
    [CommandOption("--customer <ID>")]
    public string Customer { get; init; } = "";

    public override ValidationResult Validate() => base.Validate() is { Successful: false } shop ? shop : Required(Customer, "--customer");
}

/// <summary>`hub messages show`: every message the ledger holds for one customer — sent, skipped and why, reactions, cost.</summary>
sealed class MessagesShowCommand : AsyncCommand<MessagesShowSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, MessagesShowSettings settings, CancellationToken cancellationToken)
    {
        using var services = CliServices.Build(settings);
        var shop = await services.GetRequiredService<ShopStore>().RequireAsync(settings.Shop, cancellationToken);
        var entries = (await services.GetRequiredService<SendLedger>().OfCustomerAsync(shop.Id, settings.Customer, cancellationToken))
            .OrderByDescending(e => e.ClaimedAt).ToList();
        if (settings.Json)
        {
            Console.WriteLine(JsonSerializer.Serialize(entries.Select(e => e with { Address = e.Address is null ? null : PersonalData.Mask(e.Address) }), HubJson.Indented));
            return ExitCodes.Ok;
        }
        if (entries.Count == 0)
        {
            AnsiConsole.MarkupLineInterpolated($"No messages for customer {settings.Customer} in shop {shop.Id}.");
            return ExitCodes.Ok;
        }
        var table = new Table().AddColumn("when (UTC)").AddColumn("source").AddColumn("step").AddColumn("channel").AddColumn("status")
            .AddColumn("delivered").AddColumn("opened").AddColumn("clicked").AddColumn(new TableColumn("cost").RightAligned()).AddColumn("note");
        foreach (var e in entries)
        {
            table.AddRow($"{e.ClaimedAt:yyyy-MM-dd HH:mm}", Markup.Escape(e.Source), $"{e.Step}", e.Channel.ToString().ToLowerInvariant(), AudienceOptions.Kebab(e.Status),
                e.DeliveredAt?.ToString("MM-dd HH:mm") ?? "", e.OpenedAt?.ToString("MM-dd HH:mm") ?? "", e.ClickedAt?.ToString("MM-dd HH:mm") ?? "",
                e.Cost?.ToString("0.00") ?? "", Markup.Escape(e.Error ?? (e.Ambiguous ? "retried after an abandoned claim: may have been sent twice" : "")));
        }
        AnsiConsole.Write(table);
        return ExitCodes.Ok;
    }
}
