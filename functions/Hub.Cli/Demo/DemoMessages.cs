using Hub.Customers;
using Hub.Messaging;
using Hub.Messaging.Channels;
using Hub.Messaging.Templates;
using Hub.Segments;
using Hub.Shops;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace Hub.Cli.Demo;

/// <summary>
/// Step 7 of the demo: the dispatcher, ledger and templates on the outbox channel. The latest order of each new buyer
/// gets its "shipped" message (transactional: no marketing consent needed), and the abandoned-cart segment gets its
/// reminder (marketing: only those with email consent, with their cart's items and recovery link). The reminder job is
/// then delivered a second time, as a queue may, and sends nothing.
/// </summary>
static class DemoMessages
{
    public static async Task SendAsync(IServiceProvider services, Shop shop, string outbox, CancellationToken cancellationToken)
    {
        var dispatcher = services.GetRequiredService<MessageDispatcher>();
        var members = services.GetRequiredService<SegmentMemberStore>();
        var customers = services.GetRequiredService<CustomerStore>();

        var buyers = await members.MembersAsync(shop.Id, SegmentIds.New, cancellationToken).Take(10).ToListAsync(cancellationToken);
        var shipped = new List<DispatchReport>();
        foreach (var buyer in buyers)
        {
            var latest = (await customers.OrdersOfAsync(shop.Id, buyer.CustomerId, cancellationToken)).MaxBy(o => o.CreatedAt);
            if (latest is not null)
            {
                shipped.Add(await dispatcher.DispatchAsync(new DispatchJob(shop.Id, $"order-status:{latest.Id}:shipped", 0, Channel.Email, DefaultTemplates.OrderShipped, MessageKind.Transactional, [buyer.CustomerId])
                {
                    OrderId = latest.Id,
                }, cancellationToken));
            }
        }
        Print("order shipped (email, transactional)", shipped);

        var abandoned = await members.MembersAsync(shop.Id, SegmentIds.AbandonedCart, cancellationToken).Select(m => m.CustomerId).ToListAsync(cancellationToken);
        var reminder = new DispatchJob(shop.Id, "abandoned-cart:demo", 0, Channel.Email, DefaultTemplates.AbandonedCart, MessageKind.Marketing, abandoned) { SegmentId = SegmentIds.AbandonedCart };
        Print("abandoned-cart reminder (email, marketing)", [await dispatcher.DispatchAsync(reminder, cancellationToken)]);
        var again = await dispatcher.DispatchAsync(reminder, cancellationToken);
        AnsiConsole.MarkupLineInterpolated($"The same reminder job delivered again (as a queue may): sent {again.Sent}, already in the ledger {again.Duplicates}.");

        var sample = Directory.Exists(outbox) ? Directory.EnumerateFiles(outbox, "*.eml", SearchOption.AllDirectories).Order().FirstOrDefault() : null;
        AnsiConsole.MarkupLineInterpolated($"Outbox: [bold]{Path.GetFullPath(outbox)}[/] ({(Directory.Exists(outbox) ? Directory.EnumerateFiles(outbox, "*", SearchOption.AllDirectories).Count() : 0):N0} files; .eml for email, JSON for other channels){(sample is null ? "" : $", e.g. {sample}")}");
    }

    static void Print(string what, IReadOnlyList<DispatchReport> reports)
    {
        var skipped = reports.SelectMany(r => r.Skipped).GroupBy(s => s.Key).Select(g => $"{g.Sum(x => x.Value):N0} {g.Key}");
        AnsiConsole.MarkupLineInterpolated($"[bold]{what}[/]: sent {reports.Sum(r => r.Sent):N0}, not sent: {string.Join(", ", skipped.DefaultIfEmpty("none"))}; failed {reports.Sum(r => r.Failed):N0}.");
    }
}
