using Hub.Cli.Commands;
using Spectre.Console.Cli;

namespace Hub.Cli;

/// <summary>The `hub` command line: the same services as the Functions app, for admins and support staff.</summary>
public static class HubCli
{
    public static Task<int> Main(string[] args) => RunAsync(args);

    public static Task<int> RunAsync(string[] args)
    {
        var app = new CommandApp();
        app.Configure(Configure);
        return app.RunAsync(args);
    }

    static void Configure(IConfigurator config)
    {
        config.SetApplicationName("hub");
        config.AddBranch("shops", shops =>
        {
            shops.SetDescription("Connect shops and list them.");
            shops.AddCommand<ShopsAddCommand>("add").WithDescription("Add a shop, or change its settings.")
                .WithExample("shops", "add", "--id", "lensmarket", "--platform", "shopify", "--webhook-secret", "shpss_...");
            shops.AddCommand<ShopsListCommand>("list").WithDescription("List connected shops.");
        });
        config.AddBranch("import", import =>
        {
            import.SetDescription("Import CSV exports (Excel, 1C).");
            import.AddCommand<ImportCustomersCommand>("customers").WithDescription("Import customers from a CSV file.")
                .WithExample("import", "customers", "clients.csv", "--shop", "lensmarket");
            import.AddCommand<ImportOrdersCommand>("orders").WithDescription("Import orders (one row per order line) from a CSV file.")
                .WithExample("import", "orders", "orders.csv", "--shop", "lensmarket", "--json");
        });
        config.AddBranch("customers", customers =>
        {
            customers.SetDescription("Look at the customer base.");
            customers.AddCommand<CustomersShowCommand>("show").WithDescription("Show one customer by email, phone or id.")
                .WithExample("customers", "show", "--shop", "lensmarket", "--phone", "8 999 555-11-11");
        });
        config.AddBranch("segments", segments =>
        {
            segments.SetDescription("Compute customer segments, look at them, and define the shop's own.");
            segments.AddCommand<SegmentsComputeCommand>("compute").WithDescription("Compute every segment of a shop now: learn its figures, then place every customer.")
                .WithExample("segments", "compute", "--shop", "lensmarket");
            segments.AddCommand<SegmentsListCommand>("list").WithDescription("List segments with members, revenue and revenue share.")
                .WithExample("segments", "list", "--shop", "lensmarket", "--json");
            segments.AddCommand<SegmentsMembersCommand>("members").WithDescription("List a segment's members with the detail a campaign uses (cart, product due, birthday, RFM scores).")
                .WithExample("segments", "members", "--shop", "lensmarket", "--segment", "abandoned-cart", "--limit", "20");
            segments.AddCommand<SegmentsShowCommand>("show").WithDescription("Show one segment: its size and the rule that puts a customer in it, with the shop's parameters.")
                .WithExample("segments", "show", "--shop", "lensmarket", "--segment", "lapsed");
            segments.AddCommand<SegmentsDefineCommand>("define").WithDescription("Add or replace custom segments from a JSON file (docs/segments.md); a file with any error saves nothing.")
                .WithExample("segments", "define", "--shop", "lensmarket", "--file", "vip-lenses.json");
            segments.AddCommand<SegmentsDeleteCommand>("delete").WithDescription("Delete a custom segment and its members.")
                .WithExample("segments", "delete", "--shop", "lensmarket", "--segment", "vip-lenses");
            segments.AddCommand<SegmentsSettingsCommand>("settings").WithDescription("Print the shop's segment settings as JSON, or change them from a JSON file.")
                .WithExample("segments", "settings", "--shop", "lensmarket", "--file", "segment-settings.json");
            segments.AddCommand<SegmentsReportCommand>("report").WithDescription("Write the segments report: RFM heat map, segment sizes and an HTML page.")
                .WithExample("segments", "report", "--shop", "lensmarket", "--out", "out/report");
        });
        config.AddBranch("audiences", audiences =>
        {
            audiences.SetDescription("Send segments to ad systems (Yandex Audience, VK Ads) as hashed contact files.");
            audiences.AddCommand<AudiencesAddCommand>("add").WithDescription("Bind a segment (minus an exclusion segment) to an ad system, with a refresh interval and a purpose.")
                .WithExample("audiences", "add", "--shop", "lensmarket", "--id", "lapsed-seed", "--segment", "lapsed", "--exclude", "abandoned-cart", "--system", "yandex", "--purpose", "seed", "--every", "24h");
            audiences.AddCommand<AudiencesListCommand>("list").WithDescription("List a shop's audiences and how their last sync ended.")
                .WithExample("audiences", "list", "--shop", "lensmarket");
            audiences.AddCommand<AudiencesBuildCommand>("build").WithDescription("Write the file an ad system would receive, with no network; exit 3 when below its minimum.")
                .WithExample("audiences", "build", "--shop", "lensmarket", "--segment", "rfm-champions", "--system", "yandex", "--out", "champions.csv");
            audiences.AddCommand<AudiencesPushCommand>("push").WithDescription("Build and upload an audience now (create the first time, replace afterwards).")
                .WithExample("audiences", "push", "--shop", "lensmarket", "--audience", "lapsed-seed");
            audiences.AddCommand<AudiencesStatusCommand>("status").WithDescription("Show the latest syncs; --poll asks the ad system about pending uploads first.")
                .WithExample("audiences", "status", "--shop", "lensmarket", "--poll");
        });
        config.AddBranch("campaigns", campaigns =>
        {
            campaigns.SetDescription("Campaigns and cost-aware cascades: define, plan, run, and see the results.");
            campaigns.AddCommand<CampaignsAddCommand>("add").WithDescription("Add or replace campaigns from a JSON file (docs/campaigns.md); a file with any error saves nothing.")
                .WithExample("campaigns", "add", "--shop", "lensmarket", "--file", "win-back.json");
            campaigns.AddCommand<CampaignsListCommand>("list").WithDescription("List campaigns: kind, segment, cascade, when they start.")
                .WithExample("campaigns", "list", "--shop", "lensmarket");
            campaigns.AddCommand<CampaignsPlanCommand>("plan").WithDescription("Per step and channel: recipients, who is left out and why, and the estimated cost. Sends nothing.")
                .WithExample("campaigns", "plan", "--shop", "lensmarket", "--campaign", "win-back");
            campaigns.AddCommand<CampaignsRunCommand>("run").WithDescription("Start a run now; its first step is sent before the command ends, later steps come from the timer.")
                .WithExample("campaigns", "run", "--shop", "lensmarket", "--campaign", "black-friday");
            campaigns.AddCommand<CampaignsStatsCommand>("stats").WithDescription("Results per step and channel: planned, sent, delivered, opened, clicked, converted, revenue, cost; --out writes the funnel.")
                .WithExample("campaigns", "stats", "--shop", "lensmarket", "--campaign", "win-back", "--out", "out/report");
            campaigns.AddCommand<CampaignsTickCommand>("tick").WithDescription("The campaigns timer's look, now: start due runs, send due steps and messages whose wait is over.")
                .WithExample("campaigns", "tick", "--shop", "lensmarket");
            campaigns.AddCommand<CampaignsSettingsCommand>("settings").WithDescription("Print the shop's campaign settings (caps, quiet hours, prices), or change them from a JSON file.")
                .WithExample("campaigns", "settings", "--shop", "lensmarket", "--file", "campaign-settings.json");
        });
        config.AddBranch("messages", messages =>
        {
            messages.SetDescription("Send a test message, and see what the hub sent a customer.");
            messages.AddCommand<MessagesSendTestCommand>("send-test").WithDescription("Render a template and send it to one address through the shop's provider (the outbox locally).")
                .WithExample("messages", "send-test", "--shop", "lensmarket", "--channel", "email", "--to", "me@example.ru", "--template", "order-shipped");
            messages.AddCommand<MessagesShowCommand>("show").WithDescription("Every message the ledger holds for a customer: sent or skipped and why, delivered, opened, clicked, cost.")
                .WithExample("messages", "show", "--shop", "lensmarket", "--customer", "c-42");
        });
        config.AddBranch("sync", sync =>
        {
            sync.SetDescription("Pull customers, orders and carts from the shop's platform (the timer's safety net behind webhooks).");
            sync.AddCommand<SyncRunCommand>("run").WithDescription("Pull now, page by page with progress, from the stored cursor (--full: the whole history).")
                .WithExample("sync", "run", "--shop", "lensmarket", "--resource", "orders");
            sync.AddCommand<SyncStatusCommand>("status").WithDescription("Where each pull stands: status, cursor, last run, items, errors.")
                .WithExample("sync", "status", "--shop", "lensmarket", "--json");
        });
        config.AddBranch("webhooks", webhooks =>
        {
            webhooks.SetDescription("Support tools for webhook deliveries.");
            webhooks.AddCommand<WebhooksReplayCommand>("replay").WithDescription("Replay a delivery through the same verification, receipt and processing as the HTTP function.")
                .WithExample("webhooks", "replay", "--shop", "lensmarket", "--platform", "shopify", "--body", "delivery.json", "--header", "X-Shopify-Topic: orders/create");
        });
        config.AddCommand<DemoCommand>("demo").WithDescription("Generate a realistic shop, ingest it through the real paths and show the customer base.");
        config.SetExceptionHandler((exception, _) => ExitCodes.Report(exception));
    }
}
