using System.Text.Json;
using Hub.Audiences;

namespace Hub.Tests.Audiences.Yandex;

/// <summary>Creating, refreshing and reading Yandex Audience segments through the registered client, against the fake.</summary>
public sealed class YandexAudienceClientTests : IDisposable
{
    const string Shop = "shop-yx";
    const string Token = "y0_token-of-shop-yx";
    readonly YandexAudienceFake fake = new() { ExpectedToken = Token };
    readonly YandexClientHost host;

    public YandexAudienceClientTests() => host = new YandexClientHost(fake.Settings(Shop, Token));

    public void Dispose()
    {
        host.Dispose();
        fake.Dispose();
    }

    IAdSystemClient Client => host.Client;

    [Fact]
    public async Task Creating_uploads_the_exact_file_as_the_file_part_and_saves_it_as_hashed_crm_with_sha256()
    {
        var file = YandexFiles.Csv(120);

        var audience = await Client.CreateAsync(Shop, "Lapsed buyers", new MemoryStream(file));

        var upload = Assert.Single(fake.Uploads);
        Assert.True(upload.IsCreate);
        Assert.Equal("file", upload.PartName);
        Assert.Equal(file, upload.Bytes);
        Assert.EndsWith(".csv", upload.FileName);
        var confirm = Assert.Single(fake.Confirms);
        Assert.Equal(upload.SegmentId, confirm.SegmentId);
        Assert.Equal("true", confirm.Query["check_size"]);
        var sent = JsonDocument.Parse(confirm.Body).RootElement.GetProperty("segment");
        Assert.Equal(upload.SegmentId, sent.GetProperty("id").GetInt64());
        Assert.Equal("Lapsed buyers", sent.GetProperty("name").GetString());
        Assert.True(sent.GetProperty("hashed").GetBoolean());
        Assert.Equal("SHA256", sent.GetProperty("hashing_alg").GetString());
        Assert.Equal("crm", sent.GetProperty("content_type").GetString());
        Assert.Equal(1, fake.Creates);
        Assert.Equal(new RemoteAudience(upload.SegmentId.ToString(), RemoteStatus.Processing, "is_processed", 120, null), audience);
    }

    [Fact]
    public async Task Every_call_carries_the_shops_token_as_an_OAuth_header_and_no_log_line_shows_it()
    {
        var created = await Client.CreateAsync(Shop, "Repeat buyers", new MemoryStream(YandexFiles.Csv(100)));
        await Client.ReplaceAsync(Shop, created.RemoteId, new MemoryStream(YandexFiles.Csv(101)));
        await Client.GetAsync(Shop, created.RemoteId);

        Assert.Equal(["upload_csv_file", "confirm", "modify_data", "segments"], fake.Requests.Select(r => r.Endpoint));
        Assert.All(fake.Requests, r => Assert.Equal($"OAuth {Token}", r.Authorization));
        Assert.NotEmpty(host.Logs);
        Assert.DoesNotContain(host.Logs, line => line.Contains(Token));
    }

    [Fact]
    public async Task Replacing_sends_the_new_file_to_modify_data_replace_on_the_same_segment_and_creates_none()
    {
        var created = await Client.CreateAsync(Shop, "Birthdays this month", new MemoryStream(YandexFiles.Csv(150)));
        var refreshed = YandexFiles.Csv(130, seed: "b");

        var replaced = await Client.ReplaceAsync(Shop, created.RemoteId, new MemoryStream(refreshed));

        Assert.Equal(created.RemoteId, replaced.RemoteId);
        Assert.Equal(RemoteStatus.Processing, replaced.Status);
        Assert.Equal(130, replaced.Rows);
        var upload = fake.Uploads[^1];
        Assert.Equal(YandexAudienceFake.Modify, upload.Endpoint);
        Assert.Equal(created.RemoteId, upload.SegmentId.ToString());
        Assert.Equal("replace", upload.Query["modification_type"]);
        Assert.Equal("true", upload.Query["check_size"]);
        Assert.Equal("file", upload.PartName);
        Assert.Equal(refreshed, upload.Bytes);
        Assert.Equal((1, 1), (fake.Creates, fake.Modifies));
        Assert.Single(fake.Segments);
    }

    [Theory]
    [InlineData("uploaded", RemoteStatus.Processing)]
    [InlineData("is_processed", RemoteStatus.Processing)]
    [InlineData("is_updated", RemoteStatus.Processing)]
    [InlineData("processed", RemoteStatus.Ready)]
    [InlineData("few_data", RemoteStatus.FewData)]
    [InlineData("processing_failed", RemoteStatus.Failed)]
    [InlineData("too_much_data", RemoteStatus.Processing)]
    public async Task Reading_a_segment_maps_yandexs_status_and_keeps_the_word(string yandexStatus, RemoteStatus expected)
    {
        var created = await Client.CreateAsync(Shop, "Cart abandoners", new MemoryStream(YandexFiles.Csv(200)));
        fake.SetStatus(long.Parse(created.RemoteId), yandexStatus, matched: 87);

        var read = await Client.GetAsync(Shop, created.RemoteId);

        Assert.Equal(new RemoteAudience(created.RemoteId, expected, yandexStatus, 200, 87), read);
    }

    [Fact]
    public async Task Polling_follows_a_segment_from_processing_to_too_few_matches()
    {
        var created = await Client.CreateAsync(Shop, "VIP", new MemoryStream(YandexFiles.Csv(110)));
        fake.SetStatus(long.Parse(created.RemoteId), "is_processed", matched: 40);
        fake.SetStatuses(long.Parse(created.RemoteId), "is_processed", "few_data");

        var first = await Client.GetAsync(Shop, created.RemoteId);
        var second = await Client.GetAsync(Shop, created.RemoteId);
        var third = await Client.GetAsync(Shop, created.RemoteId);

        Assert.Equal(RemoteStatus.Processing, first!.Status);
        Assert.Equal((RemoteStatus.FewData, "few_data", 40L), (second!.Status, second.RawStatus, second.Matched));
        Assert.Equal(RemoteStatus.FewData, third!.Status);
    }

    [Fact]
    public async Task A_segment_yandex_no_longer_has_reads_as_null()
    {
        var kept = await Client.CreateAsync(Shop, "Kept", new MemoryStream(YandexFiles.Csv(100)));
        var gone = await Client.CreateAsync(Shop, "Deleted in the UI", new MemoryStream(YandexFiles.Csv(100)));
        fake.Delete(long.Parse(gone.RemoteId));

        Assert.Null(await Client.GetAsync(Shop, gone.RemoteId));
        Assert.NotNull(await Client.GetAsync(Shop, kept.RemoteId));
    }
}
