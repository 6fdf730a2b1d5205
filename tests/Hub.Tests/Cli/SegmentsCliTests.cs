using System.Globalization;
using System.Text.Json;
using Hub.Cli;
using Spectre.Console;

namespace Hub.Tests.Cli;

/// <summary>
/// `hub segments` run in-process against Azurite on a small shop imported through `hub import`: a lead who never ordered
/// (birthday in 3 days), a new buyer, a one-time buyer, a repeat buyer and a lapsed one.
/// </summary>
[Collection(nameof(ConsoleCapture))]
public sealed class SegmentsCliTests(AzuriteFixture azurite) : IDisposable
{
    /// <summary>The shared shop, imported and computed once: the tests that use it only read.</summary>
    sealed record ComputedShop(string Id, string LeadId, string RepeatId, JsonElement FirstCompute);

    static readonly SemaphoreSlim SeedGate = new(1, 1);
    static ComputedShop? computed;

    readonly HubCliRun cli = new(azurite);

    string folder => cli.Folder;

    public void Dispose() => cli.Dispose();

    Task<(int Exit, string Out, string Error)> HubAsync(params string[] args) => cli.RunAsync(args);

    async Task<(int Exit, JsonElement Json, string Error)> HubJsonAsync(params string[] args)
    {
        var (exit, output, error) = await HubAsync([.. args, "--json"]);
        Assert.True(exit == 0, $"exit {exit}: {error}{output}");
        return (exit, JsonDocument.Parse(output).RootElement.Clone(), error);
    }

    async Task<string> ShopAsync()
    {
        var id = AzuriteFixture.NewShopId("seg");
        var (exit, _, error) = await HubAsync("shops", "add", "--id", id, "--platform", "csv");
        Assert.True(exit == 0, error);
        return id;
    }

    string Write(string name, string text) => cli.Write(name, text);

    /// <summary>The calendar date <paramref name="days"/> from today in Moscow (UTC+3), the shop's default time zone.</summary>
    static DateOnly MoscowDate(int days) => DateOnly.FromDateTime(DateTime.UtcNow.AddHours(3)).AddDays(days);

    static string Day(int days) => MoscowDate(days).ToString("dd.MM.yyyy", CultureInfo.InvariantCulture);

    /// <summary>A shop with five customers; 9 500 of revenue: new 1 000, one-time 2 000, repeat 6 000, lapsed 500.</summary>
    async Task<string> ImportedShopAsync()
    {
        var shop = await ShopAsync();
        var birthday = MoscowDate(3);
        var customers = Write("customers.csv",
            "Фамилия;Имя;E-mail;Дата рождения\n" +
            $"Лидова;Лида;lead@mail.ru;{birthday.Day:00}.{birthday.Month:00}.1992\n" +
            "Новикова;Нина;new@mail.ru;\n" +
            "Одинцов;Олег;once@mail.ru;\n" +
            "Повторов;Пётр;repeat@mail.ru;\n" +
            "Спящев;Семён;lapsed@mail.ru;\n");
        var orders = Write("orders.csv",
            "Номер заказа;Дата;E-mail;Артикул;Товар;Бренд;Категория;Количество;Цена\n" +
            $"N-1;{Day(-5)} 12:00;new@mail.ru;ALC-1;Линзы Air Optix;Alcon;Линзы;1;1000\n" +
            $"O-1;{Day(-100)} 12:00;once@mail.ru;ALC-1;Линзы Air Optix;Alcon;Линзы;1;2000\n" +
            $"R-1;{Day(-200)} 12:00;repeat@mail.ru;ALC-1;Линзы Air Optix;Alcon;Линзы;2;2500\n" +
            $"R-2;{Day(-20)} 12:00;repeat@mail.ru;SYS-1;Капли Systane;Alcon;Капли;1;1000\n" +
            $"L-1;{Day(-400)} 12:00;lapsed@mail.ru;ALC-1;Линзы Air Optix;Alcon;Линзы;1;500\n");
        foreach (var (what, file) in new[] { ("customers", customers), ("orders", orders) })
        {
            var (exit, _, error) = await HubAsync("import", what, file, "--shop", shop, "--json");
            Assert.True(exit == 0, error);
        }
        return shop;
    }

    async Task<string> CustomerIdAsync(string shop, string email) =>
        (await HubJsonAsync("customers", "show", "--shop", shop, "--email", email)).Json.GetProperty("id").GetString()!;

    async Task<ComputedShop> ComputedShopAsync()
    {
        await SeedGate.WaitAsync();
        try
        {
            if (computed is null)
            {
                var shop = await ImportedShopAsync();
                var (_, first, _) = await HubJsonAsync("segments", "compute", "--shop", shop);
                computed = new ComputedShop(shop, await CustomerIdAsync(shop, "lead@mail.ru"), await CustomerIdAsync(shop, "repeat@mail.ru"), first);
            }
            return computed;
        }
        finally
        {
            SeedGate.Release();
        }
    }

    static Dictionary<string, JsonElement> ById(JsonElement segments) =>
        segments.EnumerateArray().ToDictionary(s => s.GetProperty("id").GetString()!);

    [Fact]
    public async Task Compute_json_reports_what_was_learned_and_changed_and_a_second_run_changes_nothing()
    {
        var shop = await ComputedShopAsync();
        var first = shop.FirstCompute;

        var (_, second, _) = await HubJsonAsync("segments", "compute", "--shop", shop.Id);

        Assert.False(string.IsNullOrEmpty(first.GetProperty("runId").GetString()));
        Assert.Equal(5, first.GetProperty("customers").GetInt32());
        Assert.Equal(4, first.GetProperty("buyers").GetInt32());
        // One repeat buyer is too few to learn from: the default threshold.
        Assert.Equal(180, first.GetProperty("lapsedAfterDays").GetDouble());
        Assert.Equal("default", first.GetProperty("lapsedBasis").GetString());
        // Five lifecycle stages, four RFM cells, one birthday.
        Assert.Equal(10, first.GetProperty("entered").GetInt32());
        Assert.Equal(0, first.GetProperty("left").GetInt32());
        // One member row per customer, holding all their memberships.
        Assert.Equal(5, first.GetProperty("writes").GetInt32());
        var segments = ById(first.GetProperty("segments"));
        foreach (var stage in new[] { "leads", "new", "one-time", "repeat", "lapsed" })
        {
            Assert.Equal(1, segments[stage].GetProperty("members").GetInt32());
        }
        Assert.Equal(1, segments["birthday-soon"].GetProperty("members").GetInt32());
        Assert.Equal(0, segments["abandoned-cart"].GetProperty("members").GetInt32());
        Assert.Equal(0, second.GetProperty("entered").GetInt32());
        Assert.Equal(0, second.GetProperty("left").GetInt32());
        Assert.Equal(0, second.GetProperty("writes").GetInt32());
        Assert.True(string.CompareOrdinal(second.GetProperty("runId").GetString(), first.GetProperty("runId").GetString()) > 0);
    }

    [Fact]
    public async Task List_json_has_the_fields_scripts_use_and_lifecycle_revenue_shares_sum_to_one()
    {
        var shop = await ComputedShopAsync();

        var (_, list, _) = await HubJsonAsync("segments", "list", "--shop", shop.Id);

        Assert.Equal(JsonValueKind.Array, list.ValueKind);
        foreach (var segment in list.EnumerateArray())
        {
            Assert.Equal(JsonValueKind.String, segment.GetProperty("id").ValueKind);
            Assert.Equal(JsonValueKind.String, segment.GetProperty("name").ValueKind);
            Assert.Equal(JsonValueKind.Number, segment.GetProperty("members").ValueKind);
            Assert.InRange(segment.GetProperty("revenueShare").GetDouble(), 0, 1);
        }
        Assert.Equal(["leads", "new", "one-time", "repeat", "lapsed"], list.EnumerateArray().Take(5).Select(s => s.GetProperty("id").GetString()));
        var segments = ById(list);
        var lifecycle = new[] { "leads", "new", "one-time", "repeat", "lapsed" }.Select(id => segments[id]).ToArray();
        Assert.Equal(1.0, lifecycle.Sum(s => s.GetProperty("revenueShare").GetDouble()), 0.001);
        Assert.Equal(6000m, segments["repeat"].GetProperty("revenue").GetDecimal());
        Assert.Equal(0.6316, segments["repeat"].GetProperty("revenueShare").GetDouble(), 0.0001);
        Assert.Equal("rfm", segments["rfm-champions"].GetProperty("kind").GetString());
    }

    [Fact]
    public async Task List_before_the_first_compute_hints_to_run_compute_but_json_stays_clean()
    {
        var shop = await ShopAsync();

        var (exit, output, _) = await HubAsync("segments", "list", "--shop", shop);
        var (_, json, _) = await HubJsonAsync("segments", "list", "--shop", shop);

        Assert.Equal(0, exit);
        Assert.Contains($"hub segments compute --shop {shop}", output);
        Assert.Contains("lapsed", output);
        Assert.All(json.EnumerateArray(), s => Assert.Equal(0, s.GetProperty("members").GetInt32()));
    }

    [Fact]
    public async Task Members_of_leads_is_exactly_the_customer_who_never_ordered()
    {
        var shop = await ComputedShopAsync();

        var (_, leads, _) = await HubJsonAsync("segments", "members", "--shop", shop.Id, "--segment", "leads");
        var (_, rfm, _) = await HubJsonAsync("segments", "members", "--shop", shop.Id, "--segment", "rfm-loyal", "--limit", "0");

        var member = Assert.Single(leads.EnumerateArray());
        Assert.Equal(shop.LeadId, member.GetProperty("customerId").GetString());
        Assert.Equal(0m, member.GetProperty("spent").GetDecimal());
        Assert.True(member.GetProperty("enteredAt").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddHours(-1));
        var loyal = Assert.Single(rfm.EnumerateArray());
        Assert.Equal(shop.RepeatId, loyal.GetProperty("customerId").GetString());
        Assert.Equal(6000m, loyal.GetProperty("spent").GetDecimal());
        Assert.InRange(loyal.GetProperty("detail").GetProperty("r").GetInt32(), 1, 5);
    }

    [Fact]
    public async Task Members_table_shows_the_birthday_and_masks_contacts()
    {
        var shop = await ComputedShopAsync();

        var (exit, output, error) = await HubAsync("segments", "members", "--shop", shop.Id, "--segment", "birthday-soon");

        Assert.True(exit == 0, error);
        Assert.Contains(shop.LeadId, output);
        Assert.Contains(MoscowDate(3).ToString("MM-dd", CultureInfo.InvariantCulture), output);
        Assert.Matches(@"[│|]\s*3\s*[│|]", output);
        Assert.Contains("l***@mail.ru", output);
        Assert.DoesNotContain("lead@mail.ru", output);
    }

    [Fact]
    public async Task Members_of_an_unknown_segment_exits_2_and_says_how_to_list_ids()
    {
        var shop = await ComputedShopAsync();

        var (exit, _, error) = await HubAsync("segments", "members", "--shop", shop.Id, "--segment", "lead");

        Assert.Equal(2, exit);
        Assert.Contains("unknown segment 'lead'", error);
        Assert.Contains("'leads'", error);
        Assert.Contains($"hub segments list --shop {shop.Id}", error);
    }

    [Fact]
    public async Task Define_with_errors_exits_2_prints_every_error_path_and_saves_nothing()
    {
        var shop = await ShopAsync();
        var file = Write("bad.json", """
            [
              { "id": "bad-one", "name": "Bad", "rule": { "all": [ { "field": "ordersCount", "op": "greater", "value": 3 } ] } },
              { "id": "fine-one", "name": "Fine", "rule": { "consent": "mail" } }
            ]
            """);

        var (exit, _, error) = await HubAsync("segments", "define", "--shop", shop, "--file", file);
        var missing = await HubAsync("segments", "define", "--shop", shop, "--file", Path.Combine(folder, "nope.json"));
        var (_, list, _) = await HubJsonAsync("segments", "list", "--shop", shop);

        Assert.Equal(2, exit);
        var lines = error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains(lines, l => l.StartsWith("bad-one: rule.all[0].op: unknown operator 'greater'", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("fine-one: rule.consent: unknown channel 'mail'", StringComparison.Ordinal));
        Assert.Equal(2, missing.Exit);
        Assert.Contains("nope.json", missing.Error);
        Assert.DoesNotContain(list.EnumerateArray(), s => s.GetProperty("id").GetString() is "bad-one" or "fine-one");
    }

    [Fact]
    public async Task A_defined_segment_is_computed_shown_with_its_rule_and_lists_its_members()
    {
        var shop = await ImportedShopAsync();
        var file = Write("big.json", """
            // whoever spent 5 000 or more
            { "id": "big-spenders", "name": "Big spenders", "description": "5 000 or more",
              "rule": { "all": [ { "field": "totalSpent", "op": "gte", "value": 5000 }, { "inSegment": "repeat" } ] } }
            """);

        var define = await HubAsync("segments", "define", "--shop", shop, "--file", file);
        var (_, compute, _) = await HubJsonAsync("segments", "compute", "--shop", shop);
        var (_, members, _) = await HubJsonAsync("segments", "members", "--shop", shop, "--segment", "big-spenders");
        var (_, show, _) = await HubJsonAsync("segments", "show", "--shop", shop, "--segment", "big-spenders");
        var text = await HubAsync("segments", "show", "--shop", shop, "--segment", "big-spenders");

        Assert.True(define.Exit == 0, define.Error);
        Assert.Contains("added big-spenders", define.Out);
        var big = ById(compute.GetProperty("segments"))["big-spenders"];
        Assert.Equal("custom", big.GetProperty("kind").GetString());
        Assert.Equal(1, big.GetProperty("members").GetInt32());
        Assert.Equal(await CustomerIdAsync(shop, "repeat@mail.ru"), Assert.Single(members.EnumerateArray()).GetProperty("customerId").GetString());
        Assert.Equal("5 000 or more", show.GetProperty("description").GetString());
        Assert.Equal(5000, show.GetProperty("rule").GetProperty("all")[0].GetProperty("value").GetInt32());
        Assert.False(show.TryGetProperty("explanation", out _));
        Assert.Contains("\"inSegment\": \"repeat\"", text.Out);
    }

    [Fact]
    public async Task Delete_refuses_built_ins_and_segments_others_use_and_removes_a_custom_one()
    {
        var shop = await ShopAsync();
        var file = Write("two.json", """
            [ { "id": "alcon", "name": "Alcon buyers", "rule": { "bought": { "brand": "Alcon" } } },
              { "id": "alcon-email", "name": "Alcon buyers by email", "rule": { "all": [ { "inSegment": "alcon" }, { "consent": "email" } ] } } ]
            """);
        Assert.Equal(0, (await HubAsync("segments", "define", "--shop", shop, "--file", file)).Exit);

        var builtIn = await HubAsync("segments", "delete", "--shop", shop, "--segment", "lapsed");
        var used = await HubAsync("segments", "delete", "--shop", shop, "--segment", "alcon");
        var dependent = await HubAsync("segments", "delete", "--shop", shop, "--segment", "alcon-email");
        var again = await HubAsync("segments", "delete", "--shop", shop, "--segment", "alcon-email");
        var (_, list, _) = await HubJsonAsync("segments", "list", "--shop", shop);

        Assert.Equal(2, builtIn.Exit);
        Assert.Contains("built-in", builtIn.Error);
        Assert.Equal(2, used.Exit);
        Assert.Contains("'alcon-email'", used.Error);
        Assert.True(dependent.Exit == 0, dependent.Error);
        Assert.Equal(2, again.Exit);
        var ids = list.EnumerateArray().Select(s => s.GetProperty("id").GetString()).ToArray();
        Assert.Contains("alcon", ids);
        Assert.DoesNotContain("alcon-email", ids);
        Assert.Contains("lapsed", ids);
    }

    [Fact]
    public async Task Settings_file_with_an_unknown_setting_or_malformed_json_exits_2_naming_it_and_saves_nothing()
    {
        var shop = await ShopAsync();

        var unknown = await HubAsync("segments", "settings", "--shop", shop, "--file", Write("unknown.json", """{ "newWithinDays": 45, "lapsedFactr": 3 }"""));
        var malformed = await HubAsync("segments", "settings", "--shop", shop, "--file", Write("malformed.json", "{\n  \"newWithinDays\": 45\n  \"lapsedFactor\": 3\n}"));
        var senseless = await HubAsync("segments", "settings", "--shop", shop, "--file", Write("zero.json", """{ "newWithinDays": 0 }"""));
        var (_, current, _) = await HubJsonAsync("segments", "settings", "--shop", shop);

        Assert.Equal(2, unknown.Exit);
        Assert.Contains("unknown setting 'lapsedFactr'", unknown.Error);
        Assert.Contains("'lapsedFactor'", unknown.Error);
        Assert.Equal(2, malformed.Exit);
        Assert.Contains("line 3, position 3", malformed.Error);
        Assert.Equal(2, senseless.Exit);
        Assert.Contains("newWithinDays must be at least 1", senseless.Error);
        Assert.Equal(30, current.GetProperty("newWithinDays").GetInt32());
    }

    [Fact]
    public async Task Settings_file_changes_what_show_explains_and_keeps_settings_it_leaves_out()
    {
        var shop = await ShopAsync();
        var before = await HubAsync("segments", "show", "--shop", shop, "--segment", "new");

        var first = await HubAsync("segments", "settings", "--shop", shop, "--file", Write("lapsed.json", """{ "lapsedAfterDays": 90 }"""));
        var (_, saved, _) = await HubJsonAsync("segments", "settings", "--shop", shop, "--file", Write("new.json", """{ "newWithinDays": 45, /* a comment */ }"""));
        var after = await HubAsync("segments", "show", "--shop", shop, "--segment", "new");
        var (_, lapsed, _) = await HubJsonAsync("segments", "show", "--shop", shop, "--segment", "lapsed");

        Assert.Contains("first order within 30 days", before.Out);
        Assert.True(first.Exit == 0, first.Error);
        Assert.Equal(45, saved.GetProperty("newWithinDays").GetInt32());
        Assert.Equal(90, saved.GetProperty("lapsedAfterDays").GetInt32());
        Assert.Contains("first order within 45 days", after.Out);
        Assert.Equal("no order for more than 90 days (fixed in the shop's segment settings)", lapsed.GetProperty("explanation").GetString());
    }

    [Fact]
    public async Task Report_writes_the_heat_map_the_sizes_chart_and_the_page()
    {
        var shop = await ComputedShopAsync();
        var dir = Path.Combine(folder, "report");

        var (exit, output, error) = await HubAsync("segments", "report", "--shop", shop.Id, "--out", dir);

        Assert.True(exit == 0, error);
        var paths = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal(["rfm-heatmap.png", "segment-sizes.png", "segments.html"], paths.Select(p => Path.GetFileName(p)));
        Assert.All(paths, p => Assert.True(new FileInfo(p).Length > 0, p));
        Assert.Contains("Repeat buyers", await File.ReadAllTextAsync(paths[2]));
    }

    [Fact]
    public async Task Segment_commands_on_an_unknown_shop_exit_2_naming_it()
    {
        string[][] commands =
        [
            ["segments", "compute", "--shop", "no-such-shop"],
            ["segments", "list", "--shop", "no-such-shop"],
            ["segments", "show", "--shop", "no-such-shop", "--segment", "lapsed"],
            ["segments", "settings", "--shop", "no-such-shop"],
        ];
        foreach (var command in commands)
        {
            var (exit, _, error) = await HubAsync(command);

            Assert.Equal(2, exit);
            Assert.Contains("no-such-shop", error);
        }
        Assert.Equal(1, (await HubAsync("segments", "members", "--shop", "no-such-shop")).Exit);
    }
}
