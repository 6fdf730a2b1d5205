using System.ComponentModel;
using System.Text.Json;
using Hub.Customers;
using Hub.Messaging.Campaigns;
using Hub.Shops;
using Hub.Storage;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Hub.Cli.Commands;

sealed class CustomersShowSettings : HubSettings
{
    [CommandOption("--shop <ID>")]
    public string Shop { get; init; } = "";

    [CommandOption("--email <EMAIL>")]
    public string? Email { get; init; }

    [CommandOption("--phone <PHONE>")]
    [Description("Any format: 8 (999) 555-11-11, +7 999 555 11 11, 9995551111 …")]
    public string? Phone { get; init; }

    [CommandOption("--id <ID>")]
    [Description("The hub's customer id.")]
    public string? Id { get; init; }

    [CommandOption("--json")]
    public bool Json { get; init; }

    public override ValidationResult Validate()
    {
        if (string.IsNullOrWhiteSpace(Shop)) return ValidationResult.Error("--shop is required");
        var given = new[] { Email, Phone, Id }.Count(v => !string.IsNullOrWhiteSpace(v));
        return given == 1 ? ValidationResult.Success() : ValidationResult.Error("give exactly one of --email, --phone or --id");
    }
}

sealed class CustomersShowCommand : AsyncCommand<CustomersShowSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, CustomersShowSettings settings, CancellationToken cancellationToken)
    {
        using var services = CliServices.Build(settings);
        var shop = await services.GetRequiredService<ShopStore>().RequireAsync(settings.Shop, cancellationToken);
        var ingestion = services.GetRequiredService<CustomerIngestion>();
        string? id = settings.Id;
        if (id is null)
        {
            var probe = new CustomerRecord
            {
                Source = "cli",
                Emails = settings.Email is null ? [] : [settings.Email],
                Phones = settings.Phone is null ? [] : [settings.Phone],
            };
            id = (await ingestion.FindAsync(shop, probe, cancellationToken)).FirstOrDefault();
        }
        var stored = id is null ? null : await ingestion.Store.GetAsync(shop.Id, id, cancellationToken);
        if (stored is null)
        {
            throw new BadInputException($"no customer in shop '{shop.Id}' matches {(settings.Email is not null ? "that email" : settings.Phone is not null ? "that phone" : $"id '{settings.Id}'")}");
        }
        var customer = stored.Customer with { Rfm = await services.GetRequiredService<Hub.Segments.SegmentMemberStore>().ScoreAsync(shop.Id, stored.Customer.Id, cancellationToken) };
        var orders = await ingestion.Store.OrdersOfAsync(shop.Id, customer.Id, cancellationToken);
        var carts = await ingestion.Store.CartsOfAsync(shop.Id, customer.Id, cancellationToken);
        var view = CustomerView.From(customer, shop, orders, carts);
        if (settings.Json)
        {
            Console.WriteLine(JsonSerializer.Serialize(view, HubJson.Indented));
            return ExitCodes.Ok;
        }
        CustomerView.Render(view);
        return ExitCodes.Ok;
    }
}

/// <summary>What `hub customers show` prints: the customer as an admin needs to see it.</summary>
sealed record CustomerView(
    string Id,
    string? FirstName,
    string? LastName,
    string? MiddleName,
    IReadOnlyList<string> Emails,
    IReadOnlyList<string> Phones,
    IReadOnlyList<ContactPoint> InvalidContacts,
    DateOnly? Birthday,
    string? Gender,
    string? City,
    string TimeZone,
    string TimeZoneBasis,
    IReadOnlyDictionary<string, Consent> Consents,
    IReadOnlyDictionary<string, string> ExternalIds,
    int OrdersCount,
    decimal TotalSpent,
    decimal AverageCheck,
    string? Currency,
    DateTimeOffset? FirstOrderAt,
    DateTimeOffset? LastOrderAt,
    IReadOnlyList<string> Brands,
    IReadOnlyList<string> Categories,
    IReadOnlyList<object> Orders,
    IReadOnlyList<object> Carts,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? DeletedAt,
    object? Rfm)
{
    public static CustomerView From(Customer c, Shop shop, IReadOnlyList<Order> orders, IReadOnlyList<Cart> carts) => From(c, RecipientTimeZone.For(c, shop), orders, carts);

    static CustomerView From(Customer c, (TimeZoneInfo Zone, string Basis) timeZone, IReadOnlyList<Order> orders, IReadOnlyList<Cart> carts) => new(
        c.Id, c.FirstName, c.LastName, c.MiddleName,
        c.Emails.Where(e => e.Valid).Select(e => e.Value).ToArray(),
        c.Phones.Where(p => p.Valid).Select(p => p.Value).ToArray(),
        c.Emails.Concat(c.Phones).Where(p => !p.Valid).ToArray(),
        c.Birthday, c.Gender?.ToString().ToLowerInvariant(), c.City,
        timeZone.Zone.Id, timeZone.Basis,
        c.Consents.ToDictionary(p => p.Key.ToString().ToLowerInvariant(), p => p.Value),
        c.ExternalIds,
        c.Aggregates.OrdersCount, c.Aggregates.TotalSpent, c.Aggregates.AverageCheck, c.Aggregates.Currency,
        c.Aggregates.FirstOrderAt, c.Aggregates.LastOrderAt, [.. c.Aggregates.Brands.Select(b => b.Name)], [.. c.Aggregates.Categories.Select(b => b.Name)],
        orders.OrderByDescending(o => o.CreatedAt).Select(o => (object)new { o.Id, o.Number, o.Status, o.Cancelled, o.Total, o.Currency, o.CreatedAt, Items = o.Items.Count }).ToArray(),
        carts.Select(x => (object)new { x.Id, x.Total, x.Currency, x.Converted, x.UpdatedAt, x.RecoveryUrl, Items = x.Items.Count }).ToArray(),
        c.CreatedAt, c.UpdatedAt, c.DeletedAt,
        c.Rfm is { } rfm ? new { rfm.R, rfm.F, rfm.M, Segment = rfm.Segment.Id } : null);

    public static void Render(CustomerView v)
    {
        var grid = new Grid().AddColumn().AddColumn();
        void Row(string name, object? value) => grid.AddRow(new Text(name, new Style(decoration: Decoration.Bold)), new Text(value?.ToString() ?? "—"));
        Row("id", v.Id);
        Row("name", string.Join(' ', new[] { v.LastName, v.FirstName, v.MiddleName }.Where(s => s is not null)));
        Row("emails", string.Join(", ", v.Emails));
        Row("phones", string.Join(", ", v.Phones));
        if (v.InvalidContacts.Count > 0) Row("invalid", string.Join("; ", v.InvalidContacts.Select(i => $"{i.Value} ({i.InvalidReason})")));
        Row("birthday", v.Birthday);
        Row("gender", v.Gender);
        Row("city", v.City);
        Row("time zone", $"{v.TimeZone} ({v.TimeZoneBasis})");
        Row("consents", string.Join(", ", v.Consents.Select(c => $"{c.Key}: {c.Value.State.ToString().ToLowerInvariant()} ({c.Value.Source})")));
        Row("platform ids", string.Join(", ", v.ExternalIds.Select(p => $"{p.Key}={p.Value}")));
        Row("orders", $"{v.OrdersCount}, total {v.TotalSpent:N2} {v.Currency}, average {v.AverageCheck:N2}");
        Row("first / last order", $"{v.FirstOrderAt:yyyy-MM-dd} / {v.LastOrderAt:yyyy-MM-dd}");
        Row("RFM", v.Rfm is null ? "— (no orders, or segments not computed yet)" : JsonSerializer.Serialize(v.Rfm, HubJson.Options));
        Row("brands", string.Join(", ", v.Brands));
        Row("categories", string.Join(", ", v.Categories));
        Row("carts", v.Carts.Count);
        AnsiConsole.Write(grid);
    }
}
