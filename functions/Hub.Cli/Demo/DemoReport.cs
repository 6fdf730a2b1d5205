using Azure.Data.Tables;
using Hub.Customers;
using Hub.Shops;
using Hub.Storage;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace Hub.Cli.Demo;

/// <summary>What the demo prints at the end: the customer base as an admin would check it.</summary>
static class DemoReport
{
    public static async Task PrintAsync(IServiceProvider services, Shop shop, DemoShopData data, CancellationToken cancellationToken)
    {
        var storage = services.GetRequiredService<StorageClients>();
        var store = services.GetRequiredService<CustomerIngestion>().Store;
        int customers = 0, buyers = 0, repeat = 0, leads = 0, invalid = 0, withEmail = 0, withPhone = 0, emailConsent = 0, both = 0;
        decimal revenue = 0;
        var brands = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        var categories = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        Customer? sample = null;
        await foreach (var c in store.ScanAsync(shop.Id, cancellationToken))
        {
            customers++;
            var a = c.Aggregates;
            if (a.OrdersCount == 0) leads++; else buyers++;
            if (a.OrdersCount > 1) repeat++;
            revenue += a.TotalSpent;
            if (c.Emails.Concat(c.Phones).Any(p => !p.Valid)) invalid++;
            var hasEmail = c.Emails.Any(e => e.Valid);
            var hasPhone = c.Phones.Any(p => p.Valid);
            if (hasEmail) withEmail++;
            if (hasPhone) withPhone++;
            if (hasEmail && hasPhone) both++;
            if (c.Consents.TryGetValue(Channel.Email, out var consent) && consent.State == ConsentState.Granted) emailConsent++;
            foreach (var b in a.Brands.Select(x => x.Name)) brands[b] = brands.GetValueOrDefault(b) + 1;
            foreach (var k in a.Categories.Select(x => x.Name)) categories[k] = categories.GetValueOrDefault(k) + 1;
            if (sample is null && a.OrdersCount >= 3 && c.ExternalIds.Count > 0 && hasPhone && hasEmail)
            {
                sample = c;
            }
        }
        var merges = 0;
        await foreach (var _ in storage.Tables.GetTableClient(TableNames.Merges).QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {shop.Id}"), select: ["RowKey"], cancellationToken: cancellationToken))
        {
            merges++;
        }
        var carts = 0;
        for (var bucket = 0; bucket < Buckets.Count; bucket++)
        {
            var pk = Buckets.Partition(shop.Id, bucket);
            await foreach (var _ in store.Carts.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {pk}"), select: ["RowKey"], cancellationToken: cancellationToken))
            {
                carts++;
            }
        }

        var table = new Table().AddColumns("", "count").HideHeaders();
        table.AddRow("people generated", $"{data.People.Count:N0}");
        table.AddRow("customers in the hub (after merging duplicates)", $"[bold]{customers:N0}[/]");
        table.AddRow("customers merged because one record linked them", $"{merges:N0}");
        table.AddRow("with a valid email / phone / both", $"{withEmail:N0} / {withPhone:N0} / {both:N0}");
        table.AddRow("with an invalid contact kept and flagged", $"{invalid:N0}");
        table.AddRow("with email marketing consent", $"{emailConsent:N0}");
        table.AddRow("buyers / repeat buyers / leads who never bought", $"{buyers:N0} / {repeat:N0} / {leads:N0}");
        table.AddRow("revenue (cancelled orders excluded)", $"{revenue:N2} {shop.Currency}");
        table.AddRow("open carts", $"{carts:N0}");
        AnsiConsole.Write(table);

        var top = new Table().AddColumns("brand", "buyers", "category", "buyers");
        var topBrands = brands.OrderByDescending(p => p.Value).Take(6).ToArray();
        var topCategories = categories.OrderByDescending(p => p.Value).Take(6).ToArray();
        for (var i = 0; i < Math.Max(topBrands.Length, topCategories.Length); i++)
        {
            top.AddRow(
                i < topBrands.Length ? Markup.Escape(topBrands[i].Key) : "", i < topBrands.Length ? $"{topBrands[i].Value:N0}" : "",
                i < topCategories.Length ? Markup.Escape(topCategories[i].Key) : "", i < topCategories.Length ? $"{topCategories[i].Value:N0}" : "");
        }
        AnsiConsole.Write(top);

        if (sample is not null)
        {
            var a = sample.Aggregates;
            AnsiConsole.MarkupLineInterpolated(
                $"One customer (contacts masked): {sample.Id}, {PersonalData.MaskEmail(sample.Emails.First(e => e.Valid).Value)}, {PersonalData.MaskPhone(sample.Phones.First(p => p.Valid).Value)}, ids {string.Join(", ", sample.ExternalIds.Keys)}; {a.OrdersCount} orders, {a.TotalSpent:N2} {a.Currency}, average {a.AverageCheck:N2}, last {a.LastOrderAt:yyyy-MM-dd}, brands {string.Join(", ", a.Brands.Select(b => b.Name))}");
            AnsiConsole.MarkupLineInterpolated($"To keep the data and look around with [bold]hub customers show --shop {shop.Id} --id {sample.Id}[/], run Azurite ([bold]npm run azurite[/]) and the demo with [bold]--storage UseDevelopmentStorage=true[/].");
        }
    }
}
