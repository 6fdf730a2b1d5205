using System.ComponentModel;
using System.Globalization;
using System.Text.Json;
using Hub.Cli.Reports;
using Hub.Customers;
using Hub.Segments;
using Hub.Shops;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Hub.Cli.Commands;

sealed class SegmentsMembersSettings : SegmentsOneSettings
{
    [CommandOption("--limit <N>")]
    [Description("At most this many members; 0 for all.")]
    [DefaultValue(50)]
    public int Limit { get; init; } = 50;

    public override ValidationResult Validate()
    {
        var result = base.Validate();
        return !result.Successful ? result : Limit < 0 ? ValidationResult.Error("--limit must be 0 (all) or more") : ValidationResult.Success();
    }
}

/// <summary>One line of `hub segments members --json`.</summary>
sealed record SegmentMemberView(string CustomerId, DateTimeOffset EnteredAt, decimal Spent, MemberDetail? Detail);

/// <summary>
/// `hub segments members`: the stored members of one segment, bucket by bucket, with the detail a campaign would use.
/// The table shows contacts masked; <c>hub customers show</c> is the place for a whole customer.
/// </summary>
sealed class SegmentsMembersCommand : AsyncCommand<SegmentsMembersSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, SegmentsMembersSettings settings, CancellationToken cancellationToken)
    {
        using var services = CliServices.Build(settings);
        var shop = await services.GetRequiredService<ShopStore>().RequireAsync(settings.Shop, cancellationToken);
        var (computed, rows) = await SegmentSizes.ReadAsync(services.GetRequiredService<SegmentOverview>(), shop.Id, cancellationToken);
        var segment = SegmentSizes.Find(rows, shop.Id, settings.Segment);
        var members = services.GetRequiredService<SegmentEngine>().Members.MembersAsync(shop.Id, segment.Id, cancellationToken);
        if (settings.Limit > 0)
        {
            members = members.Take(settings.Limit);
        }
        if (settings.Json)
        {
            await WriteJsonAsync(members, cancellationToken);
            return ExitCodes.Ok;
        }
        if (!computed)
        {
            SegmentSizes.HintNotComputed(shop.Id);
        }
        var list = await members.ToListAsync(cancellationToken);
        var contacts = await ContactsAsync(services.GetRequiredService<CustomerIngestion>().Store, shop.Id, list, cancellationToken);
        var zone = SegmentEngine.ZoneOf(shop);
        var columns = DetailColumns(segment.Id, zone);
        var table = new Table()
            .AddColumn(new TableColumn("customer").NoWrap())
            .AddColumn("contact")
            .AddColumn("entered")
            .AddColumn(new TableColumn($"spent, {shop.Currency}").RightAligned())
            .AddColumns(columns.Select(c => c.Header).ToArray());
        foreach (var m in list)
        {
            table.AddRow([
                Markup.Escape(m.CustomerId), Markup.Escape(contacts.GetValueOrDefault(m.CustomerId, "")), $"{TimeZoneInfo.ConvertTime(m.EnteredAt, zone):yyyy-MM-dd HH:mm}",
                ReportNumberFormat.Count((long)Math.Round(m.Spent, MidpointRounding.AwayFromZero)), .. columns.Select(c => Markup.Escape(m.Detail is null ? "" : c.Value(m.Detail))),
            ]);
        }
        AnsiConsole.MarkupLineInterpolated($"[bold]{segment.Name}[/] ({segment.Id}): {ReportNumberFormat.Count(segment.Members)} members at the last compute; showing {ReportNumberFormat.Count(list.Count)}.");
        AnsiConsole.Write(table);
        return ExitCodes.Ok;
    }

    /// <summary>An array with one member per line, written as members arrive.</summary>
    static async Task WriteJsonAsync(IAsyncEnumerable<SegmentMember> members, CancellationToken cancellationToken)
    {
        var first = true;
        Console.Out.Write('[');
        await foreach (var m in members.WithCancellation(cancellationToken))
        {
            Console.Out.Write(first ? "\n  " : ",\n  ");
            Console.Out.Write(JsonSerializer.Serialize(new SegmentMemberView(m.CustomerId, m.EnteredAt, m.Spent, m.Detail), HubJson.Options));
            first = false;
        }
        Console.Out.WriteLine(first ? "]" : "\n]");
    }

    /// <summary>Each member's first valid email, else phone, masked.</summary>
    static async Task<Dictionary<string, string>> ContactsAsync(CustomerStore store, string shopId, List<SegmentMember> members, CancellationToken cancellationToken)
    {
        var contacts = new System.Collections.Concurrent.ConcurrentDictionary<string, string>(StringComparer.Ordinal);
        await Parallel.ForEachAsync(members, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken }, async (m, ct) =>
        {
            if (await store.GetAsync(shopId, m.CustomerId, ct) is { } stored)
            {
                var c = stored.Customer;
                contacts[m.CustomerId] = c.Emails.FirstOrDefault(e => e.Valid) is { } email ? PersonalData.MaskEmail(email.Value)
                    : c.Phones.FirstOrDefault(p => p.Valid) is { } phone ? PersonalData.MaskPhone(phone.Value)
                    : "";
            }
        });
        return new Dictionary<string, string>(contacts, StringComparer.Ordinal);
    }

    sealed record DetailColumn(string Header, Func<MemberDetail, string> Value);

    /// <summary>The detail that matters for the segment; times in the shop's time zone.</summary>
    static IReadOnlyList<DetailColumn> DetailColumns(string segmentId, TimeZoneInfo zone) => segmentId switch
    {
        SegmentIds.AbandonedCart =>
        [
            new("cart", d => d.CartId ?? ""),
            new("cart total", d => d.CartTotal is { } t ? ReportNumberFormat.Money(t, d.Currency ?? "") : ""),
            new("left at", d => d.AbandonedAt is { } at ? $"{TimeZoneInfo.ConvertTime(at, zone):yyyy-MM-dd HH:mm}" : ""),
            new("recovery URL", d => d.RecoveryUrl ?? ""),
        ],
        SegmentIds.ReplenishmentDue =>
        [
            new("product", d => d.ProductName is { } name ? $"{name} ({d.Product})" : d.Product ?? ""),
            new("expected", d => $"{d.ExpectedOn:yyyy-MM-dd}"),
            new("interval", d => d.IntervalDays is { } days ? $"{days.ToString("0.#", CultureInfo.InvariantCulture)} days, {d.IntervalBasis}" + (d.SampleCustomers is > 0 ? $" of {d.SampleCustomers} buyers" : "") : ""),
            new("products due", d => d.DueProducts?.ToString(CultureInfo.InvariantCulture) ?? ""),
        ],
        SegmentIds.BirthdaySoon =>
        [
            new("birthday", d => $"{d.BirthdayOn:yyyy-MM-dd}"),
            new("in days", d => d.InDays?.ToString(CultureInfo.InvariantCulture) ?? ""),
        ],
        _ when segmentId.StartsWith("rfm-", StringComparison.Ordinal) =>
        [
            new("R", d => d.R?.ToString(CultureInfo.InvariantCulture) ?? ""),
            new("F", d => d.F?.ToString(CultureInfo.InvariantCulture) ?? ""),
            new("M", d => d.M?.ToString(CultureInfo.InvariantCulture) ?? ""),
        ],
        _ => [],
    };
}
