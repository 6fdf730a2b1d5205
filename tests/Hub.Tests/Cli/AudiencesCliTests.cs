using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Hub.Tests.Cli;

/// <summary>`hub audiences` in-process on Azurite: a shop of leads imported from CSV with advertising consent.</summary>
[Collection(nameof(ConsoleCapture))]
public sealed class AudiencesCliTests(AzuriteFixture azurite) : IDisposable
{
    readonly HubCliRun cli = new(azurite);

    public void Dispose() => cli.Dispose();

    static string Sha256(string value) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)));

    /// <summary>A computed shop of <paramref name="consenting"/> leads who gave advertising consent and 5 who refused it.</summary>
    async Task<string> LeadsShopAsync(int consenting)
    {
        var shop = AzuriteFixture.NewShopId("audcli");
        Assert.Equal(0, (await cli.RunAsync("shops", "add", "--id", shop, "--platform", "csv")).Exit);
        var csv = new StringBuilder("Имя;E-mail;Телефон;Согласие на рекламу\n");
        for (var i = 0; i < consenting; i++)
        {
            csv.Append($"Покупатель {i};Lead{i}@Mail.ru;8 (916) {i / 10000 % 10}{i:00-00-00}-0;да\n".Replace("-0;", ";"));
        }
        for (var i = 0; i < 5; i++)
        {
            csv.Append($"Отказ {i};refused{i}@mail.ru;;нет\n");
        }
        var file = cli.Write($"{shop}.csv", csv.ToString());
        var import = await cli.RunAsync("import", "customers", file, "--shop", shop, "--json");
        Assert.True(import.Exit == 0, import.Error);
        var compute = await cli.RunAsync("segments", "compute", "--shop", shop, "--json");
        Assert.True(compute.Exit == 0, compute.Error);
        return shop;
    }

    [Fact]
    public async Task Build_writes_exactly_the_hashed_yandex_file_with_no_network()
    {
        var shop = await LeadsShopAsync(120);
        var output = Path.Combine(cli.Folder, "leads.csv");

        var (exit, json, error) = await cli.RunAsync("audiences", "build", "--shop", shop, "--segment", "leads", "--system", "yandex", "--out", output, "--json");

        Assert.True(exit == 0, error);
        var lines = File.ReadAllLines(output);
        Assert.Equal("email,phone", lines[0]);
        Assert.Equal(121, lines.Length);
        Assert.Contains(lines, l => l.StartsWith(Sha256("lead7@mail.ru") + ",", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.Contains(Sha256("refused0@mail.ru"), StringComparison.Ordinal));
        Assert.All(lines.Skip(1), l => Assert.Matches("^[0-9a-f]{64},[0-9a-f]{64}$", l));
        var result = JsonDocument.Parse(json).RootElement;
        Assert.Equal(120, result.GetProperty("uniqueContacts").GetInt64());
        Assert.Equal(5, result.GetProperty("excluded").GetProperty("no-ads-consent").GetInt64());
    }

    [Fact]
    public async Task Below_the_minimum_build_exits_3_with_the_counts_and_writes_no_file()
    {
        var shop = await LeadsShopAsync(99);
        var output = Path.Combine(cli.Folder, "small.csv");

        var (exit, _, error) = await cli.RunAsync("audiences", "build", "--shop", shop, "--segment", "leads", "--system", "yandex", "--out", output);

        Assert.Equal(3, exit);
        Assert.Contains("99 unique contacts; Yandex Audience needs at least 100", error);
        Assert.False(File.Exists(output));
    }

    [Fact]
    public async Task An_audience_is_added_listed_and_its_push_names_the_missing_token()
    {
        var shop = await LeadsShopAsync(100);

        var add = await cli.RunAsync("audiences", "add", "--shop", shop, "--id", "leads-seed", "--segment", "leads", "--system", "yandex", "--purpose", "seed", "--every", "12h");
        var list = await cli.RunAsync("audiences", "list", "--shop", shop, "--json");
        var push = await cli.RunAsync("audiences", "push", "--shop", shop, "--audience", "leads-seed");
        var status = await cli.RunAsync("audiences", "status", "--shop", shop, "--json");

        Assert.True(add.Exit == 0, add.Error);
        var audience = JsonDocument.Parse(list.Out).RootElement.EnumerateArray().Single();
        Assert.Equal(("leads-seed", "leads", "yandex", "12h"), (audience.GetProperty("id").GetString(), audience.GetProperty("segment").GetString(), audience.GetProperty("system").GetString(), audience.GetProperty("every").GetString()));
        Assert.Equal(4, push.Exit);
        Assert.Contains($"Shops__{shop}__YandexAudienceToken", push.Error);
        var sync = JsonDocument.Parse(status.Out).RootElement.EnumerateArray().First();
        Assert.Equal("error", sync.GetProperty("status").GetString());
        Assert.Equal(100, sync.GetProperty("uniqueContacts").GetInt64());
    }

    [Theory]
    [InlineData("--segment", "lapsd", "did you mean 'lapsed'")]
    [InlineData("--system", "google", "--system 'google' must be one of: yandex, vk")]
    [InlineData("--every", "5m", "at least an hour")]
    public async Task Bad_audience_definitions_exit_2_naming_the_fault(string option, string value, string message)
    {
        var shop = AzuriteFixture.NewShopId("audcli");
        await cli.RunAsync("shops", "add", "--id", shop, "--platform", "csv");
        var args = new Dictionary<string, string> { ["--segment"] = "lapsed", ["--system"] = "yandex", ["--every"] = "24h" };
        args[option] = value;

        var (exit, _, error) = await cli.RunAsync(["audiences", "add", "--shop", shop, "--id", "bad", .. args.SelectMany(a => new[] { a.Key, a.Value })]);

        Assert.Equal(2, exit);
        Assert.Contains(message, error);
    }
}
