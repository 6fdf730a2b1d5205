using Hub.Customers;
using Hub.Shops.Shopify;
using Hub.Shops.Sync;
using Microsoft.Extensions.DependencyInjection;
using static Hub.Tests.Shops.Shopify.ShopifyFakeNodes;

namespace Hub.Tests.Shops.Shopify;

/// <summary>
/// A person, order or checkout seen by a webhook (REST ids) and by a pull (GIDs) is one entity: the pull keys records
/// exactly as <see cref="ShopifyWebhooks"/> does. The webhook side reads the same fixtures as the webhook tests.
/// </summary>
public sealed class ShopifyPullIdentityTests(AzuriteFixture azurite) : IDisposable
{
    readonly ShopifyPullHost host = new(azurite);
    readonly ShopifyWebhooks webhooks = new();

    public void Dispose() => host.Dispose();

    [Fact]
    public async Task A_customer_pulled_has_the_external_id_of_the_same_customers_webhook()
    {
        var hook = Webhook<ShopChange.UpsertCustomer>("customers/create", "customers-create.json").Customer;
        host.Fake.Customers.Add(Customer(706405506930370084, Base, email: "anna.smirnova@example.com"));

        var pulled = ((ShopChange.UpsertCustomer)Assert.Single((await host.PullAsync(SyncResource.Customers)).Changes)).Customer;

        Assert.Equal(hook.ExternalId, pulled.ExternalId);
    }

    [Fact]
    public async Task An_order_pulled_has_the_ids_of_the_same_orders_webhook_for_itself_its_buyer_and_its_products()
    {
        var hook = Webhook<ShopChange.UpsertOrder>("orders/create", "orders-create.json").Order;
        host.Fake.Orders.Add(Order(5745118543949, Base, customer: Buyer(706405506930370084, Base)));

        var pulled = ((ShopChange.UpsertOrder)Assert.Single((await host.PullAsync(SyncResource.Orders)).Changes)).Order;

        Assert.Equal(hook.ExternalId, pulled.ExternalId);
        Assert.Equal(hook.Customer.ExternalId, pulled.Customer.ExternalId);
        Assert.Equal(hook.Items[0].ProductId, pulled.Items[0].ProductId);
    }

    [Fact]
    public async Task A_checkout_pulled_is_the_same_cart_as_the_checkouts_webhook()
    {
        var hook = Webhook<ShopChange.UpsertCart>("checkouts/create", "checkouts-create.json").Cart;
        host.Fake.Checkouts.Add(Checkout(36215489552718, Base, customer: CheckoutBuyer(706405506930370085, "ivan.petrov@example.com")));

        var pulled = ((ShopChange.UpsertCart)Assert.Single((await host.PullAsync(SyncResource.Carts)).Changes)).Cart;

        Assert.Equal(hook.ExternalId, pulled.ExternalId);
        Assert.Equal(hook.Customer.ExternalId, pulled.Customer.ExternalId);
    }

    [Fact]
    public async Task A_customer_from_a_webhook_and_then_a_pull_is_one_customer_in_the_store()
    {
        var ingestion = host.Services.GetRequiredService<CustomerIngestion>();
        var fromWebhook = await ingestion.ApplyAsync(host.Shop, Assert.Single(webhooks.Map("customers/create", Fixture("customers-create.json"))));
        // Pulled a day later under another email: only the Shopify id links the two.
        host.Fake.Customers.Add(Customer(706405506930370084, new DateTimeOffset(2025, 3, 15, 9, 0, 0, TimeSpan.Zero), email: "anna.new@example.com", emailState: "UNSUBSCRIBED"));

        var fromPull = await ingestion.ApplyAsync(host.Shop, Assert.Single((await host.PullAsync(SyncResource.Customers)).Changes));

        Assert.Equal(IngestStatus.Created, fromWebhook.Status);
        Assert.Equal(fromWebhook.CustomerId, fromPull.CustomerId);
        var stored = (await ingestion.Store.GetAsync(host.ShopId, fromPull.CustomerId!))!.Customer;
        Assert.Equal(ConsentState.Denied, stored.Consents[Channel.Email].State);
    }

    T Webhook<T>(string topic, string fixture) where T : ShopChange => Assert.IsType<T>(Assert.Single(webhooks.Map(topic, Fixture(fixture))));

    static byte[] Fixture(string name) => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "fixtures", "shopify", name));
}
