using System.Text;
using System.Text.Json;
using Hub.Cli;
using Hub.Webhooks;

namespace Hub.Tests.Cli;

[CollectionDefinition(nameof(ConsoleCapture), DisableParallelization = true)]
public sealed class ConsoleCapture;

/// <summary>The `hub` command line run in-process against Azurite, as an admin would run it.</summary>
[Collection(nameof(ConsoleCapture))]
public sealed class CliTests(AzuriteFixture azurite) : IDisposable
{
    readonly HubCliRun cli = new(azurite);

    string folder => cli.Folder;

    public void Dispose() => cli.Dispose();

    Task<(int Exit, string Out, string Error)> HubAsync(params string[] args) => cli.RunAsync(args);

    async Task<string> ShopAsync(string platform = "csv", string? secret = null)
    {
        var id = AzuriteFixture.NewShopId("cli");
        string[] args = ["shops", "add", "--id", id, "--platform", platform];
        var (exit, _, error) = await HubAsync(secret is null ? args : [.. args, "--webhook-secret", secret]);
        Assert.True(exit == 0, error);
        return id;
    }

    string Write1251(string name, string text)
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var path = Path.Combine(folder, name);
        File.WriteAllText(path, text, Encoding.GetEncoding(1251));
        return path;
    }

    [Fact]
    public async Task Importing_a_1C_customers_file_reports_counts_as_json_and_writes_the_broken_row_to_rejects()
    {
        var shop = await ShopAsync();
        var file = Write1251("clients.csv",
            "Фамилия;Имя;Телефон;E-mail;Дата рождения;Пол\r\n" +
            "Иванова;Анна;8 (999) 555-11-11;Anna@Mail.ru;05.03.1990;Ж\r\n" +
            "Петров;Олег;+7 912 000 11 22;;31.02.1985;М\r\n" +
            "Иванова;Анна;9995551111;;;Ж\r\n" +
            "Сидоров;Иван;89161234567;ivan@yandex.ru;;М\r\n");

        var (exit, output, error) = await HubAsync("import", "customers", file, "--shop", shop, "--json");

        Assert.True(exit == 0, error);
        var json = JsonDocument.Parse(output).RootElement;
        Assert.Equal(4, json.GetProperty("read").GetInt32());
        Assert.Equal(3, json.GetProperty("imported").GetInt32());
        Assert.Equal(1, json.GetProperty("merged").GetInt32());
        Assert.Equal(1, json.GetProperty("rejected").GetInt32());
        var rejects = await File.ReadAllTextAsync(file + ".rejects.csv");
        Assert.Contains("31.02.1985", rejects);
        Assert.Matches(@"(?m)^3;", rejects);

        var show = await HubAsync("customers", "show", "--shop", shop, "--phone", "+7 999 555 11 11", "--json");
        Assert.True(show.Exit == 0, show.Error);
        var customer = JsonDocument.Parse(show.Out).RootElement;
        Assert.Equal(["anna@mail.ru"], customer.GetProperty("emails").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["+79995551111"], customer.GetProperty("phones").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("female", customer.GetProperty("gender").GetString());
        Assert.Equal(0, customer.GetProperty("ordersCount").GetInt32());
        Assert.StartsWith("c", customer.GetProperty("id").GetString());
    }

    [Fact]
    public async Task Customers_show_says_which_time_zone_messages_are_timed_in_and_why()
    {
        var shop = await ShopAsync();
        var file = Write1251("zones.csv",
            "Телефон;Часовой пояс\r\n" +
            "8 (999) 555-11-12;Asia/Vladivostok\r\n" +
            "+375 29 123-45-67;\r\n" +
            "8 (999) 555-11-13;\r\n");
        var (exit, _, error) = await HubAsync("import", "customers", file, "--shop", shop);
        Assert.True(exit == 0, error);

        async Task<(string?, string?)> ZoneOfAsync(string phone)
        {
            var show = await HubAsync("customers", "show", "--shop", shop, "--phone", phone, "--json");
            Assert.True(show.Exit == 0, show.Error);
            var customer = JsonDocument.Parse(show.Out).RootElement;
            return (customer.GetProperty("timeZone").GetString(), customer.GetProperty("timeZoneBasis").GetString());
        }

        Assert.Equal(("Asia/Vladivostok", "customer"), await ZoneOfAsync("+79995551112"));
        Assert.Equal(("Europe/Minsk", "phone"), await ZoneOfAsync("+375291234567"));
        Assert.Equal(("Europe/Moscow", "shop"), await ZoneOfAsync("+79995551113"));
        var text = await HubAsync("customers", "show", "--shop", shop, "--phone", "+79995551112");
        Assert.Contains("Asia/Vladivostok (customer)", text.Out);
    }

    [Fact]
    public async Task Importing_orders_groups_lines_and_keeps_aggregates_on_the_customer()
    {
        var shop = await ShopAsync();
        var file = Write1251("orders.csv",
            "Номер заказа;Дата;Телефон;Артикул;Товар;Бренд;Категория;Количество;Цена\r\n" +
            "A-1;01.03.2026 10:30;8 916 123-45-67;ALC-1;Линзы Air Optix;Alcon;Линзы;2;1 250,50\r\n" +
            "A-2;15.04.2026;89161234567;BL-1;Раствор ReNu;Bausch+Lomb;Растворы;1;590\r\n" +
            "A-1;01.03.2026 10:30;8 916 123-45-67;SYS-1;Капли Systane;Alcon;Капли;1;690,00\r\n");

        var (exit, output, error) = await HubAsync("import", "orders", file, "--shop", shop, "--json");

        Assert.True(exit == 0, error);
        var json = JsonDocument.Parse(output).RootElement;
        Assert.Equal(3, json.GetProperty("read").GetInt32());
        Assert.Equal(0, json.GetProperty("rejected").GetInt32());
        var show = await HubAsync("customers", "show", "--shop", shop, "--phone", "+79161234567", "--json");
        var customer = JsonDocument.Parse(show.Out).RootElement;
        Assert.Equal(2, customer.GetProperty("ordersCount").GetInt32());
        Assert.Equal(3781.00m, customer.GetProperty("totalSpent").GetDecimal());
        Assert.Equal(["Bausch+Lomb", "Alcon"], customer.GetProperty("brands").EnumerateArray().Select(b => b.GetString()));
    }

    [Fact]
    public async Task No_matching_customer_exits_2_naming_what_was_looked_for()
    {
        var shop = await ShopAsync();

        var (exit, _, error) = await HubAsync("customers", "show", "--shop", shop, "--email", "nobody@mail.ru");

        Assert.Equal(2, exit);
        Assert.Contains("no customer", error);
        Assert.DoesNotContain("nobody@mail.ru", error);
    }

    [Fact]
    public async Task Usage_errors_exit_1_and_bad_input_exits_2()
    {
        var missingOption = await HubAsync("customers", "show", "--email", "a@b.ru");
        var unknownShop = await HubAsync("import", "customers", Write1251("x.csv", "Телефон\r\n89161234567\r\n"), "--shop", "no-such-shop");
        var badPlatform = await HubAsync("shops", "add", "--id", "x-shop", "--platform", "magento");

        Assert.Equal(1, missingOption.Exit);
        Assert.Equal(2, unknownShop.Exit);
        Assert.Contains("no-such-shop", unknownShop.Error);
        Assert.Equal(2, badPlatform.Exit);
        Assert.Contains("magento", badPlatform.Error);
    }

    [Fact]
    public async Task A_csv_without_any_identity_column_exits_2_naming_the_missing_header()
    {
        var shop = await ShopAsync();

        var (exit, _, error) = await HubAsync("import", "customers", Write1251("names.csv", "Имя;Фамилия\r\nАнна;Иванова\r\n"), "--shop", shop);

        Assert.Equal(2, exit);
        Assert.Contains("E-mail", error);
    }

    [Fact]
    public async Task Replay_runs_the_same_verification_and_processing_as_the_http_function()
    {
        const string secret = "replay-secret";
        var shop = await ShopAsync("shopify", secret);
        const string body = """{"id":42,"email":"replay@mail.ru","first_name":"Вера","updated_at":"2026-11-20T10:00:00Z","created_at":"2026-11-01T10:00:00Z"}""";
        var bodyFile = Path.Combine(folder, "delivery.json");
        await File.WriteAllTextAsync(bodyFile, body);
        string[] headers = ["--header", "X-Shopify-Topic: customers/create", "--header", "X-Shopify-Webhook-Id: replay-1"];

        var forged = await HubAsync(["webhooks", "replay", "--shop", shop, "--platform", "shopify", "--body", bodyFile, .. headers,
            "--header", "X-Shopify-Hmac-Sha256: " + HmacSignature.Compute(Encoding.UTF8.GetBytes(body), "wrong")]);
        var genuine = await HubAsync(["webhooks", "replay", "--shop", shop, "--platform", "shopify", "--body", bodyFile, .. headers,
            "--header", "X-Shopify-Hmac-Sha256: " + HmacSignature.Compute(Encoding.UTF8.GetBytes(body), secret)]);

        Assert.Equal(2, forged.Exit);
        Assert.Contains("does not match", forged.Error);
        Assert.True(genuine.Exit == 0, genuine.Error);
        var show = await HubAsync("customers", "show", "--shop", shop, "--email", "REPLAY@mail.ru", "--json");
        Assert.Equal("Вера", JsonDocument.Parse(show.Out).RootElement.GetProperty("firstName").GetString());
    }
}
