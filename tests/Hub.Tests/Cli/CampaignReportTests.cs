using System.Buffers.Binary;
using System.Net;
using System.Text.RegularExpressions;
using Hub.Cli.Reports;
using Hub.Customers;
using Hub.Messaging.Campaigns;
using SkiaSharp;

namespace Hub.Tests.Cli;

/// <summary>
/// The campaign results picture (`hub campaigns stats --out DIR`): the funnel per channel as a PNG and one page with
/// every number, as a marketer sees them when opening the folder. No storage: the report renders a result built here.
/// </summary>
public sealed class CampaignReportTests : IDisposable
{
    const string Thin = "\u202F"; // the narrow no-break space that groups thousands in reports

    readonly string folder = Directory.CreateTempSubdirectory("hub-campaign-report-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    static readonly DateTimeOffset At = new(2025, 6, 10, 8, 15, 0, TimeSpan.Zero);

    static readonly Campaign SpringSale = new()
    {
        Id = "spring-sale",
        ShopId = "lenses",
        Name = "<script>alert('x')</script> Весенняя распродажа",
        Kind = CampaignKind.OneOff,
        SegmentId = "rfm-champions",
        ExcludeSegmentId = "bought-this-week",
        StartAt = new DateTimeOffset(2025, 6, 1, 7, 0, 0, TimeSpan.Zero),
        AttributionWindow = TimeSpan.FromDays(5),
        Steps =
        [
            new CampaignStep([Channel.Email], "spring-email", TimeSpan.FromDays(2)),
            new CampaignStep([Channel.Telegram, Channel.Viber], "spring-messenger", TimeSpan.FromHours(36)),
            new CampaignStep([Channel.Sms], "spring-sms"),
        ],
    };

    // Counts chosen so that every share of the stage before is a round figure, worked out by hand below.
    static readonly CampaignResult SpringResult = new(
        CampaignId: "spring-sale",
        Runs: 1,
        Audience: 1_280_000,
        Lines:
        [
            new ResultLine(1, Channel.Email)
            {
                Planned = 1_250_000, Sent = 1_200_000, Delivered = 1_150_000, Opened = 276_000, Clicked = 41_400, Failed = 20_000,
                Skipped = new Dictionary<string, long> { ["no-consent"] = 25_000, ["suppressed"] = 5_000 },
                Converted = 3_105, Revenue = 9_315_000m, Cost = 480_000m,
            },
            new ResultLine(2, Channel.Telegram)
            {
                Planned = 300_000, Sent = 120_000, Delivered = 118_000, Read = 70_800, Clicked = 8_850,
                Skipped = new Dictionary<string, long> { ["no-address"] = 180_000 },
                Converted = 1_062, Revenue = 3_186_000m, Cost = 0m,
            },
            new ResultLine(2, Channel.Viber)
            {
                Planned = 300_000, Sent = 90_000, Delivered = 85_500, Read = 42_750, Clicked = 3_420,
                Skipped = new Dictionary<string, long> { ["no-address"] = 210_000 },
                Converted = 513, Revenue = 1_539_000.40m, Cost = 135_000m,
            },
            new ResultLine(3, Channel.Sms)
            {
                Planned = 800, Sent = 750, Delivered = 740, Failed = 10, Waiting = 40,
                Converted = 9, Revenue = 27_450m, Cost = 1_650m,
            },
        ],
        Customers: 1_265_000,
        Converted: 4_689,
        Revenue: 14_067_450.40m,
        Cost: 616_650m,
        Currency: "RUB",
        At: At);

    static readonly Campaign Birthday = new()
    {
        Id = "birthday",
        ShopId = "lenses",
        Kind = CampaignKind.Birthday,
        DaysBefore = 3,
        Steps = [new CampaignStep([Channel.Email], "birthday-email")],
    };

    static readonly CampaignResult NothingYet = new("birthday", 0, 0, [], 0, 0, 0m, 0m, "EUR", At);

    Task<CampaignReportFiles> WriteAsync(Campaign campaign, CampaignResult result, string? into = null) =>
        CampaignReportFiles.WriteAsync(campaign, result, into ?? folder);

    [Fact]
    public async Task WriteAsync_puts_the_funnel_and_the_page_named_after_the_campaign_into_the_folder()
    {
        var target = Path.Combine(folder, "out"); // not there yet: the report creates it

        var files = await WriteAsync(SpringSale, SpringResult, target);

        Assert.Equal(Path.Combine(target, "campaign-spring-sale-funnel.png"), files.FunnelPng);
        Assert.Equal(Path.Combine(target, "campaign-spring-sale.html"), files.Html);
        Assert.Equal(["campaign-spring-sale-funnel.png", "campaign-spring-sale.html"],
            Directory.GetFiles(target).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Funnel_is_a_png_of_a_readable_size_with_every_channel_in_its_own_colour()
    {
        var files = await WriteAsync(SpringSale, SpringResult);

        var (width, height) = AssertPng(File.ReadAllBytes(files.FunnelPng));
        Assert.InRange(width, 800, 1600);
        Assert.InRange(height, 500, 1200); // four channels: two rows of two panels
        var colours = CountColours(files.FunnelPng);
        Assert.True(colours.Count >= 20, $"only {colours.Count} colours");
        foreach (var channel in (Channel[])[Channel.Email, Channel.Telegram, Channel.Viber, Channel.Sms])
            Assert.True(colours.GetValueOrDefault(ChannelColour(channel)) > 2_000, $"{channel}'s bars are missing");
        Assert.Equal(0, colours.GetValueOrDefault(ChannelColour(Channel.WhatsApp)));
    }

    [Fact]
    public async Task Funnel_shows_a_bar_for_every_stage_with_a_count_however_small_and_none_for_an_empty_stage()
    {
        var files = await WriteAsync(SpringSale, SpringResult);

        // Email: all six stages have counts, the 3 105 orders among 1 250 000 planned included.
        Assert.Equal(6, BarsOf(files.FunnelPng, Channel.Email));
        // SMS: no opens or reads and no clicks reported, so two of its six stages have no bar.
        Assert.Equal(4, BarsOf(files.FunnelPng, Channel.Sms));
    }

    [Fact]
    public async Task Funnel_stays_readable_from_one_channel_to_six_and_from_zero_to_millions()
    {
        ResultLine Line(Channel channel, long planned) => new(1, channel)
        {
            Planned = planned, Sent = planned / 2, Delivered = planned / 4, Read = planned / 8, Clicked = planned / 16, Converted = planned / 32,
        };
        var six = SpringResult with
        {
            Lines =
            [
                Line(Channel.Email, 9_876_543), Line(Channel.Sms, 64), Line(Channel.Telegram, 0),
                Line(Channel.WhatsApp, 3_200), Line(Channel.Viber, 1_000_000), Line(Channel.Vk, 1),
            ],
        };
        var one = SpringResult with { Lines = [Line(Channel.Sms, 12_345)] };

        var sixFiles = await WriteAsync(SpringSale, six, Path.Combine(folder, "six"));
        var oneFiles = await WriteAsync(SpringSale, one, Path.Combine(folder, "one"));

        var (sixWidth, sixHeight) = AssertPng(File.ReadAllBytes(sixFiles.FunnelPng));
        var (oneWidth, oneHeight) = AssertPng(File.ReadAllBytes(oneFiles.FunnelPng));
        Assert.InRange(sixWidth, 800, 1600);
        Assert.InRange(sixHeight, 800, 1600); // three rows of two panels, each panel as tall as a single one
        Assert.InRange(oneWidth, 800, 1600);
        Assert.InRange(oneHeight, 300, 500);
        Assert.True(sixHeight > oneHeight * 2);
        var sixColours = CountColours(sixFiles.FunnelPng);
        // Every channel with messages shows its bars, the one of a single message included (each panel has its own scale).
        foreach (var channel in (Channel[])[Channel.Email, Channel.Sms, Channel.WhatsApp, Channel.Viber, Channel.Vk])
            Assert.True(sixColours.GetValueOrDefault(ChannelColour(channel)) > 500, $"{channel}'s bars are missing");
        Assert.Equal(0, sixColours.GetValueOrDefault(ChannelColour(Channel.Telegram))); // planned 0: no bar at all
        Assert.True(CountColours(oneFiles.FunnelPng).GetValueOrDefault(ChannelColour(Channel.Sms)) > 2_000);
    }

    [Fact]
    public async Task Page_shows_the_totals_as_a_marketer_reads_them()
    {
        var html = await PageAsync(SpringSale, SpringResult);

        Assert.Contains($"<b>1{Thin}410{Thin}750</b>messages sent", html); // 1 200 000 + 120 000 + 90 000 + 750
        Assert.Contains($"<b>1{Thin}265{Thin}000</b>customers", html);
        Assert.Contains($"<b>4{Thin}689</b>converted orders", html);
        Assert.Contains($"<b>14{Thin}067{Thin}450 RUB</b>revenue", html);
        Assert.Contains($"<b>616{Thin}650.00 RUB</b>cost", html);
        Assert.Contains("<b>131.51 RUB</b>cost per order", html); // 616 650 / 4 689 = 131.5099…
        Assert.Contains("Results at 2025-06-10 08:15 UTC", html);
        Assert.Contains($"1 run · audience 1{Thin}280{Thin}000", html);
        Assert.DoesNotContain("Nothing sent yet", html);
    }

    [Fact]
    public async Task Page_has_a_row_per_step_and_channel_with_every_count_and_why_messages_were_skipped()
    {
        var html = await PageAsync(SpringSale, SpringResult);

        var messages = Table(html, "messages");
        var email = Cells(Row(messages, "Email"));
        // Step, channel, planned, sent, delivered, opened, clicked, read, failed, waiting, skipped (total, then why).
        Assert.Equal(["1", "Email", $"1{Thin}250{Thin}000", $"1{Thin}200{Thin}000", $"1{Thin}150{Thin}000", $"276{Thin}000",
            $"41{Thin}400", "0", $"20{Thin}000", "0", $"30{Thin}000 no-consent 25{Thin}000 suppressed 5{Thin}000"], email);
        Assert.Equal(["2", "Telegram", $"300{Thin}000", $"120{Thin}000", $"118{Thin}000", "0", $"8{Thin}850", $"70{Thin}800", "0", "0",
            $"180{Thin}000 no-address 180{Thin}000"], Cells(Row(messages, "Telegram")));
        Assert.Equal(["3", "SMS", "800", "750", "740", "0", "0", "0", "10", "40", "0"], Cells(Row(messages, "SMS")));
        // The total adds the reasons of all lines up: no-address from Telegram and Viber together.
        Assert.Equal(["Total", $"1{Thin}850{Thin}800", $"1{Thin}410{Thin}750", $"1{Thin}354{Thin}240", $"276{Thin}000", $"53{Thin}670",
            $"113{Thin}550", $"20{Thin}010", "40", $"420{Thin}000 no-address 390{Thin}000 no-consent 25{Thin}000 suppressed 5{Thin}000"],
            Cells(Row(messages, "Total")));

        var orders = Table(html, "orders");
        Assert.Equal(["1", "Email", $"3{Thin}105", $"9{Thin}315{Thin}000 RUB", $"480{Thin}000.00 RUB", "154.59 RUB"], Cells(Row(orders, "Email")));
        Assert.Equal(["2", "Telegram", $"1{Thin}062", $"3{Thin}186{Thin}000 RUB", "0.00 RUB", "0.00 RUB"], Cells(Row(orders, "Telegram")));
        Assert.Equal(["3", "SMS", "9", $"27{Thin}450 RUB", $"1{Thin}650.00 RUB", "183.33 RUB"], Cells(Row(orders, "SMS")));
        Assert.Equal(["Total", $"4{Thin}689", $"14{Thin}067{Thin}450 RUB", $"616{Thin}650.00 RUB", "131.51 RUB"], Cells(Row(orders, "Total")));
    }

    [Fact]
    public async Task Page_gives_each_channel_funnel_with_the_share_of_the_stage_before()
    {
        var html = await PageAsync(SpringSale, SpringResult);

        var funnel = Table(html, "funnel");
        // Planned, sent, delivered, opened or read, clicked, converted; each after the first with its share of the one before.
        Assert.Equal(["Email step 1", $"1{Thin}250{Thin}000", $"1{Thin}200{Thin}000 96.0%", $"1{Thin}150{Thin}000 95.8%",
            $"276{Thin}000 24.0%", $"41{Thin}400 15.0%", $"3{Thin}105 7.5%"], Cells(Row(funnel, "Email")));
        Assert.Equal(["Telegram step 2", $"300{Thin}000", $"120{Thin}000 40.0%", $"118{Thin}000 98.3%",
            $"70{Thin}800 60.0%", $"8{Thin}850 12.5%", $"1{Thin}062 12.0%"], Cells(Row(funnel, "Telegram")));
        Assert.Equal(["Viber step 2", $"300{Thin}000", $"90{Thin}000 30.0%", $"85{Thin}500 95.0%",
            $"42{Thin}750 50.0%", $"3{Thin}420 8.0%", "513 15.0%"], Cells(Row(funnel, "Viber")));
        // SMS reports no opens: there is no share of nothing.
        Assert.Equal(["SMS step 3", "800", "750 93.8%", "740 98.7%", "0 0.0%", "0 –", "9 –"], Cells(Row(funnel, "SMS")));
        // In the campaign's order: email first, then the messengers, then SMS.
        Assert.True(funnel.IndexOf("Email", StringComparison.Ordinal) < funnel.IndexOf("Telegram", StringComparison.Ordinal));
        Assert.True(funnel.IndexOf("Viber", StringComparison.Ordinal) < funnel.IndexOf("SMS", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_channel_used_in_two_steps_is_one_funnel_and_clicks_beyond_tracked_opens_are_not_capped()
    {
        var twice = new CampaignResult("spring-sale", 2, 500, [
            new ResultLine(1, Channel.Email) { Planned = 400, Sent = 380, Delivered = 360, Opened = 40, Clicked = 60, Converted = 6, Cost = 152m },
            new ResultLine(3, Channel.Email) { Planned = 100, Sent = 100, Delivered = 90, Opened = 10, Clicked = 15, Converted = 81, Cost = 40m },
        ], 450, 87, 12_000m, 192m, "RUB", At);

        var html = await PageAsync(SpringSale, twice);

        // 480 sent of 500; 450 delivered of 480 (93.75%); 50 opened; 75 clicked of 50 opened; 87 orders of 75 clicks.
        Assert.Equal(["Email steps 1, 3", "500", "480 96.0%", "450 93.8%", "50 11.1%", "75 150.0%", "87 116.0%"],
            Cells(Row(Table(html, "funnel"), "Email")));
        Assert.Contains("<b>2.21 RUB</b>cost per order", html); // 192 / 87 = 2.2069
        Assert.Contains("2 runs", html);
    }

    [Fact]
    public async Task Page_summarises_the_campaign_definition()
    {
        var html = await PageAsync(SpringSale, SpringResult);

        var definition = Table(html, "definition");
        Assert.Equal(["Kind", "one-off"], Cells(Row(definition, "Kind")));
        Assert.Equal(["When", "once, at 2025-06-01 07:00 UTC"], Cells(Row(definition, "When")));
        Assert.Equal(["Segment", "rfm-champions"], Cells(Row(definition, "Segment")));
        Assert.Equal(["Excluded segment", "bought-this-week"], Cells(Row(definition, "Excluded")));
        Assert.Equal(["Attribution window", "5 d"], Cells(Row(definition, "Attribution")));
        Assert.Equal(["Deadline after a run starts", "the shop's setting"], Cells(Row(definition, "Deadline")));
        Assert.Equal(["Status", "active"], Cells(Row(definition, "Status")));

        var steps = Table(html, "steps");
        Assert.Equal(["1", "Email", "spring-email", "2 d"], Cells(Row(steps, "spring-email")));
        Assert.Equal(["2", "Telegram + Viber", "spring-messenger", "1 d 12 h"], Cells(Row(steps, "spring-messenger")));
        Assert.Equal(["3", "SMS", "spring-sms", "– (last step)"], Cells(Row(steps, "spring-sms")));
    }

    [Fact]
    public async Task Page_encodes_what_users_typed()
    {
        var html = await PageAsync(SpringSale with { SegmentId = "a<b>&\"c\"" }, SpringResult);

        Assert.Contains("<h1>Campaign &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; Весенняя распродажа (spring-sale)</h1>", html);
        Assert.Contains("a&lt;b&gt;&amp;&quot;c&quot;", html);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<b>&", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Page_is_self_contained_with_the_funnel_embedded()
    {
        var files = await WriteAsync(SpringSale, SpringResult);
        var html = await File.ReadAllTextAsync(files.Html);

        var image = Assert.Single(Regex.Matches(html, "src=\"data:image/png;base64,([A-Za-z0-9+/=]+)\""));
        Assert.Equal(await File.ReadAllBytesAsync(files.FunnelPng), Convert.FromBase64String(image.Groups[1].Value));
        var markup = Regex.Replace(html, "data:image/png;base64,[A-Za-z0-9+/=]+", "data:");
        Assert.DoesNotContain("http", markup, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<link", markup, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("url(", markup, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("@import", markup, StringComparison.OrdinalIgnoreCase);
        Assert.Single(Regex.Matches(markup, "src="));
        Assert.StartsWith("<!DOCTYPE html>", html);
        Assert.NotEqual(0xEF, (await File.ReadAllBytesAsync(files.Html))[0]); // no byte-order mark
    }

    [Fact]
    public async Task Campaign_that_has_sent_nothing_yet_gets_both_files_saying_so()
    {
        var files = await WriteAsync(Birthday, NothingYet);

        var html = await File.ReadAllTextAsync(files.Html);
        Assert.Contains("<strong>Nothing sent yet.</strong>", html);
        Assert.Contains("<h1>Campaign birthday</h1>", html);
        Assert.Contains("<b>0</b>messages sent", html);
        Assert.Contains("<b>0 EUR</b>revenue", html);
        Assert.Contains("<b>0.00 EUR</b>cost", html);
        Assert.Contains("<b>–</b>cost per order", html); // no orders: no cost per order, rather than a division by zero
        Assert.Equal(["When", "to each customer 3 days before their birthday, once a year"], Cells(Row(Table(html, "definition"), "When")));
        Assert.Equal(["Segment", "none: everyone the trigger finds"], Cells(Row(Table(html, "definition"), "Segment")));
        Assert.Single(Regex.Matches(html, "src=\"data:image/png;base64,"));
        var (width, height) = AssertPng(File.ReadAllBytes(files.FunnelPng));
        Assert.InRange(width, 800, 1600);
        Assert.InRange(height, 250, 600);
        // Only text on it: something drawn means the text rendered.
        var colours = CountColours(files.FunnelPng);
        Assert.True(colours.Count >= 5, $"only {colours.Count} colours");
        Assert.True(colours.Where(c => c.Key != SKColors.White).Sum(c => c.Value) > width * height / 200);
    }

    [Fact]
    public async Task Messages_waiting_for_quiet_hours_are_counted_and_explained_while_nothing_is_sent()
    {
        var waiting = NothingYet with
        {
            Runs = 1,
            Audience = 120,
            Customers = 120,
            Lines = [new ResultLine(1, Channel.Email) { Planned = 120, Waiting = 100, Skipped = new Dictionary<string, long> { ["no-consent"] = 20 } }],
        };

        var files = await WriteAsync(Birthday with { Paused = true }, waiting);

        var html = await File.ReadAllTextAsync(files.Html);
        Assert.Contains("<strong>Nothing sent yet.</strong> 100 messages are waiting for quiet hours or frequency caps", html);
        Assert.Contains("20 messages were skipped", html);
        Assert.Contains("The campaign is paused.", html);
        Assert.Equal(["1", "Email", "120", "0", "0", "0", "0", "0", "0", "100", "20 no-consent 20"], Cells(Row(Table(html, "messages"), "Email")));
        Assert.Equal(["Email step 1", "120", "0 0.0%", "0 –", "0 –", "0 –", "0 –"], Cells(Row(Table(html, "funnel"), "Email")));
        Assert.True(CountColours(files.FunnelPng).GetValueOrDefault(ChannelColour(Channel.Email)) > 2_000); // the planned bar
    }

    [Fact]
    public async Task WriteAsync_refuses_results_of_another_campaign_and_ids_that_are_no_file_names()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => WriteAsync(Birthday, SpringResult));
        await Assert.ThrowsAsync<ArgumentException>(() => WriteAsync(SpringSale with { Id = "../escape" }, SpringResult with { CampaignId = "../escape" }));
        Assert.Empty(Directory.GetFileSystemEntries(folder));
    }

    [Fact]
    public void Report_numbers_read_as_a_marketer_writes_them()
    {
        Assert.Equal($"1{Thin}234.50 RUB", ReportNumberFormat.MoneyWithCents(1_234.5m, "RUB"));
        Assert.Equal("0.40 RUB", ReportNumberFormat.MoneyWithCents(0.4m, "RUB"));
        Assert.Equal("150.0%", ReportNumberFormat.ShareOf(3, 2));
        Assert.Equal("<0.1%", ReportNumberFormat.ShareOf(1, 2_000_000));
        Assert.Equal("–", ReportNumberFormat.ShareOf(5, 0));
        Assert.Equal("100.0%", ReportNumberFormat.Share(1.5)); // shares of a whole stay capped
        Assert.Equal("2 d", ReportNumberFormat.Duration(TimeSpan.FromDays(2)));
        Assert.Equal("1 d 12 h", ReportNumberFormat.Duration(TimeSpan.FromHours(36)));
        Assert.Equal("2 h 30 min", ReportNumberFormat.Duration(TimeSpan.FromMinutes(150)));
        Assert.Equal("none", ReportNumberFormat.Duration(TimeSpan.Zero));
    }

    async Task<string> PageAsync(Campaign campaign, CampaignResult result) =>
        await File.ReadAllTextAsync((await WriteAsync(campaign, result)).Html);

    static string Table(string html, string cssClass)
    {
        var match = Regex.Match(html, $"<table class=\"{cssClass}\">.*?</table>", RegexOptions.Singleline);
        Assert.True(match.Success, $"no table {cssClass}");
        return match.Value;
    }

    /// <summary>The first row of <paramref name="table"/> whose text contains <paramref name="text"/>.</summary>
    static string Row(string table, string text)
    {
        var row = Regex.Matches(table, "<tr>.*?</tr>", RegexOptions.Singleline).Select(m => m.Value)
            .FirstOrDefault(row => Text(row).Contains(text, StringComparison.Ordinal));
        Assert.True(row is not null, $"no row with {text}");
        return row;
    }

    /// <summary>The text of each cell of a row as a reader sees it: tags gone, entities decoded, line breaks as spaces.</summary>
    static string[] Cells(string row) =>
        Regex.Matches(row, "<t[hd][^>]*>(.*?)</t[hd]>", RegexOptions.Singleline).Select(m => Text(m.Groups[1].Value)).ToArray();

    static string Text(string markup) =>
        WebUtility.HtmlDecode(Regex.Replace(Regex.Replace(markup, "<br>", " "), "<[^>]+>", "")).Trim();

    static SKColor ChannelColour(Channel channel) => SKColor.Parse(ChannelPalette.Hex(channel));

    static (int Width, int Height) AssertPng(byte[] png)
    {
        byte[] signature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];
        Assert.True(png.Length > 33, "too short for a PNG");
        Assert.Equal(signature, png[..8]);
        Assert.Equal("IHDR", System.Text.Encoding.ASCII.GetString(png, 12, 4));
        return (BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16)), BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20)));
    }

    /// <summary>How many bars of the channel's colour the image has: bands of pixel rows with that colour in them.</summary>
    static int BarsOf(string pngPath, Channel channel)
    {
        using var image = SKBitmap.Decode(pngPath);
        var colour = ChannelColour(channel);
        var bars = 0;
        var inBar = false;
        for (var y = 0; y < image.Height; y++)
        {
            var coloured = false;
            for (var x = 0; x < image.Width && !coloured; x++)
                coloured = image.GetPixel(x, y) == colour;
            if (coloured && !inBar)
                bars++;
            inBar = coloured;
        }
        return bars;
    }

    /// <summary>How many pixels of each colour the image has.</summary>
    static Dictionary<SKColor, int> CountColours(string pngPath)
    {
        using var image = SKBitmap.Decode(pngPath);
        Assert.NotNull(image);
        var colours = new Dictionary<SKColor, int>();
        for (var y = 0; y < image.Height; y++)
            for (var x = 0; x < image.Width; x++)
            {
                var pixel = image.GetPixel(x, y);
                colours[pixel] = colours.GetValueOrDefault(pixel) + 1;
            }
        return colours;
    }
}
