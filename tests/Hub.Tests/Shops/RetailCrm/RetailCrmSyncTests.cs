using Hub.Customers;
using Hub.Shops;
using Hub.Shops.Sync;
using Microsoft.Extensions.DependencyInjection;

namespace Hub.Tests.Shops.RetailCrm;

/// <summary>The RetailCRM pull under the real sync engine: cursors stored in SyncState, pages applied through ingestion.</summary>
public sealed class RetailCrmSyncTests(AzuriteFixture azurite)
{
    static readonly DateTimeOffset T = new(2026, 11, 20, 9, 30, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_backfill_stores_every_customer_and_leaves_a_cursor_from_which_the_next_run_reads_only_the_change()
    {
        using var host = new RetailCrmHost(azurite);
        await host.Services.GetRequiredService<ShopStore>().SaveAsync(host.Shop);
        for (var id = 1; id <= 130; id++)
        {
            host.Fake.AddCustomer(id);
        }
        var entry = host.Fake.AddHistory("customers", 7, T, "email");
        var engine = host.Services.GetRequiredService<SyncEngine>();
        var ingestion = host.Services.GetRequiredService<CustomerIngestion>();

        var backfill = await engine.RunToEndAsync(host.ShopId, SyncResource.Customers, full: true);

        Assert.Equal(SyncPageOutcome.Done, backfill.Outcome);
        Assert.Equal((130L, 3), (backfill.State!.RunTotal, backfill.State.RunPages));
        Assert.Equal(131, backfill.State.RunItems);
        Assert.Equal($$"""{"sinceId":{{entry}}}""", backfill.State.Cursor);
        foreach (var id in new[] { "1", "77", "130" })
        {
            Assert.Single(await ingestion.FindAsync(host.Shop, new CustomerRecord { Source = Platforms.RetailCrm, ExternalId = id }));
        }

        host.Fake.AddCustomer(7, c => c["email"] = "new.address@example.ru");
        host.Fake.AddHistory("customers", 7, T + TimeSpan.FromHours(1), "email");
        host.Time.Advance(TimeSpan.FromHours(2));
        var incremental = await engine.RunToEndAsync(host.ShopId, SyncResource.Customers, full: false);

        Assert.Equal((SyncPageOutcome.Done, 1L, 1L), (incremental.Outcome, incremental.State!.RunItems, incremental.State.RunChanged));
        var seven = Assert.Single(await ingestion.FindAsync(host.Shop, new CustomerRecord { Source = Platforms.RetailCrm, ExternalId = "7" }));
        var stored = (await ingestion.Store.GetAsync(host.ShopId, seven))!.Customer;
        Assert.Contains(stored.Emails, e => e.Value == "new.address@example.ru");
        Assert.Equal(T + TimeSpan.FromHours(1), stored.SourceVersions[Platforms.RetailCrm]);
    }

    [Fact]
    public async Task A_merge_in_RetailCRM_of_two_records_the_hub_holds_as_one_person_leaves_the_person_live_under_the_engine()
    {
        using var host = new RetailCrmHost(azurite);
        await host.Services.GetRequiredService<ShopStore>().SaveAsync(host.Shop);
        host.Fake.AddCustomer(20, c => c["email"] = "one.person@example.ru");
        host.Fake.AddCustomer(21, c => c["email"] = "one.person@example.ru");
        var engine = host.Services.GetRequiredService<SyncEngine>();
        var ingestion = host.Services.GetRequiredService<CustomerIngestion>();
        await engine.RunToEndAsync(host.ShopId, SyncResource.Customers, full: true);
        var person = Assert.Single(await ingestion.FindAsync(host.Shop, new CustomerRecord { Source = Platforms.RetailCrm, ExternalId = "20" }));
        Assert.Equal([person], await ingestion.FindAsync(host.Shop, new CustomerRecord { Source = Platforms.RetailCrm, ExternalId = "21" }));

        host.Fake.RemoveCustomer(20);
        host.Fake.AddHistory("customers", 21, T + TimeSpan.FromHours(1), "phones");
        host.Fake.AddHistory("customers", 20, T + TimeSpan.FromHours(1), combinedTo: 21, deleted: true);
        host.Time.Advance(TimeSpan.FromHours(2));
        var run = await engine.RunToEndAsync(host.ShopId, SyncResource.Customers, full: false);

        Assert.Equal(SyncPageOutcome.Done, run.Outcome);
        var stored = (await ingestion.Store.GetAsync(host.ShopId, person))!.Customer;
        Assert.Null(stored.DeletedAt);
        Assert.Equal(T + TimeSpan.FromHours(1) + TimeSpan.FromSeconds(1), stored.SourceVersions[Platforms.RetailCrm]);
    }
}
