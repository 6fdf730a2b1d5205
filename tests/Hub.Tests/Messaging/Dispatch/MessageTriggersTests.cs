using Azure.Storage.Queues;
using Hub.Customers;
using Hub.Messaging;
using Hub.Shops;
using Hub.Storage;

namespace Hub.Tests.Messaging.Dispatch;

/// <summary>
/// Messages that webhooks trigger, from ingestion through the dispatch queue: an order's status message (the shop
/// chose email), once per stage; an abandoned-cart reminder when it comes due, cancelled by conversion or by a newer
/// version of the cart.
/// </summary>
public sealed class MessageTriggersTests(AzuriteFixture azurite)
{
    static readonly DateTimeOffset At = new(2026, 11, 25, 8, 0, 0, TimeSpan.Zero);

    static CustomerRecord Buyer(string email) => new()
    {
        Source = Platforms.Shopify,
        ExternalId = "cust-" + email,
        FirstName = "Ольга",
        Emails = [email],
        Consents = new Dictionary<Channel, Consent> { [Channel.Email] = new(ConsentState.Granted, "shopify", At) },
    };

    static OrderRecord Order(string email, string status) => new()
    {
        Source = Platforms.Shopify, ExternalId = "5001", Number = "#1042", Status = status, Currency = "RUB", Total = 2190m,
        CreatedAt = At, UpdatedAt = At, Customer = Buyer(email),
        Items = [new LineItem("101", "ACU-OAS-6", "Acuvue Oasys, 6 линз", "Acuvue", "Линзы", 1, 2190m)],
    };

    static CartRecord Cart(string email, DateTimeOffset updatedAt, bool converted = false) => new()
    {
        Source = Platforms.Shopify, ExternalId = "cart-77", Customer = Buyer(email), Total = 2390m, Currency = "RUB", UpdatedAt = updatedAt, Converted = converted,
        RecoveryUrl = "https://shop.example/cart/recover/77",
        Items = [new LineItem("103", "ALC-AO-6", "Air Optix plus HydraGlyde, 6 линз", "Alcon", "Линзы", 1, 2390m)],
    };

    static async Task<int> HandleQueuedAsync(DispatchHarness h)
    {
        var handled = 0;
        foreach (var message in await h.Queues.TakeAsync(QueueNames.Dispatch))
        {
            await h.Get<DispatchQueueHandler>().HandleAsync(QueueEnvelope.Parse(message.MessageText));
            handled++;
        }
        return handled;
    }

    [Fact]
    public async Task A_shipped_order_gets_its_status_message_once_on_the_shops_channel()
    {
        await using var h = await new DispatchHarness(azurite, shop => new Dictionary<string, string?> { [MessageTriggers.OrderChannelKey(shop)] = "email" }).WithShopAsync();
        var shop = await h.Get<ShopStore>().RequireAsync(h.ShopId);
        var email = $"olga-{h.ShopId}@mail.ru";
        var ingestion = h.Get<CustomerIngestion>();
        var triggers = h.Get<MessageTriggers>();

        foreach (var status in new[] { "paid", "paid/fulfilled", "paid/fulfilled" })
        {
            var change = new ShopChange.UpsertOrder(Order(email, status) with { UpdatedAt = At.AddMinutes(status.Length) });
            await triggers.OnChangeAsync(shop, change, await ingestion.ApplyAsync(shop, change));
        }
        var handled = await HandleQueuedAsync(h);

        Assert.Equal(2, handled);
        var sent = h.Email.Sent.Select(m => m.Content.Text).ToList();
        Assert.Equal(2, sent.Count);
        Assert.Contains(sent, t => t.Contains("#1042") && t.Contains("получили ваш заказ"));
        Assert.Contains(sent, t => t.Contains("#1042") && t.Contains("передан"));
        Assert.All(h.Email.Sent, m => Assert.Equal(email, m.Address));
    }

    [Fact]
    public async Task Shops_that_chose_no_order_channel_send_no_status_messages()
    {
        await using var h = await new DispatchHarness(azurite).WithShopAsync();
        var shop = await h.Get<ShopStore>().RequireAsync(h.ShopId);
        var change = new ShopChange.UpsertOrder(Order($"quiet-{h.ShopId}@mail.ru", "paid"));

        await h.Get<MessageTriggers>().OnChangeAsync(shop, change, await h.Get<CustomerIngestion>().ApplyAsync(shop, change));

        Assert.Equal(0, await HandleQueuedAsync(h));
    }

    [Fact]
    public async Task A_due_reminder_for_an_open_cart_is_sent_once_with_the_cart_and_its_link()
    {
        await using var h = await new DispatchHarness(azurite).WithShopAsync();
        var shop = await h.Get<ShopStore>().RequireAsync(h.ShopId);
        var outcome = await h.Get<CustomerIngestion>().ApplyAsync(shop, new ShopChange.UpsertCart(Cart($"cart-{h.ShopId}@mail.ru", At)));
        var job = new CartReminderJob(h.ShopId, outcome.CustomerId!, "cart-77", At);

        await h.Get<MessageTriggers>().RemindAsync(job);
        await h.Get<MessageTriggers>().RemindAsync(job);

        var message = Assert.Single(h.Email.Sent);
        Assert.Contains("https://shop.example/cart/recover/77", message.Content.Text);
        Assert.Contains("1 товар", message.Content.Text);
    }

    [Fact]
    public async Task A_reminder_is_cancelled_when_the_cart_converts_first()
    {
        await using var h = await new DispatchHarness(azurite).WithShopAsync();
        var shop = await h.Get<ShopStore>().RequireAsync(h.ShopId);
        var email = $"bought-{h.ShopId}@mail.ru";
        var ingestion = h.Get<CustomerIngestion>();
        var outcome = await ingestion.ApplyAsync(shop, new ShopChange.UpsertCart(Cart(email, At)));
        await ingestion.ApplyAsync(shop, new ShopChange.UpsertOrder(Order(email, "paid") with { CreatedAt = At.AddMinutes(20), UpdatedAt = At.AddMinutes(20) }));

        var report = await h.Get<MessageTriggers>().RemindAsync(new CartReminderJob(h.ShopId, outcome.CustomerId!, "cart-77", At));

        Assert.Null(report);
        Assert.Empty(h.Email.Sent);
        var entry = await h.Ledger.GetAsync(h.ShopId, "abandoned-cart:cart-77", outcome.CustomerId!, 0);
        Assert.Equal((SendStatus.Skipped, MessageTriggers.Converted), (entry!.Status, entry.Error));
    }

    [Fact]
    public async Task A_reminder_for_a_cart_changed_since_waits_for_the_newer_one()
    {
        await using var h = await new DispatchHarness(azurite).WithShopAsync();
        var shop = await h.Get<ShopStore>().RequireAsync(h.ShopId);
        var email = $"changed-{h.ShopId}@mail.ru";
        var ingestion = h.Get<CustomerIngestion>();
        var outcome = await ingestion.ApplyAsync(shop, new ShopChange.UpsertCart(Cart(email, At)));
        await ingestion.ApplyAsync(shop, new ShopChange.UpsertCart(Cart(email, At.AddMinutes(30))));

        var stale = await h.Get<MessageTriggers>().RemindAsync(new CartReminderJob(h.ShopId, outcome.CustomerId!, "cart-77", At));
        var current = await h.Get<MessageTriggers>().RemindAsync(new CartReminderJob(h.ShopId, outcome.CustomerId!, "cart-77", At.AddMinutes(30)));

        Assert.Null(stale);
        Assert.Equal(1, current!.Sent);
        Assert.Single(h.Email.Sent);
    }
}
