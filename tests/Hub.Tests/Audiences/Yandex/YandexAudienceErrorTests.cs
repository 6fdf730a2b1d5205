using System.Net;
using System.Net.Sockets;
using Hub.Audiences;

namespace Hub.Tests.Audiences.Yandex;

/// <summary>
/// What a user sees when Yandex refuses or fails: an <see cref="AdSystemException"/> with Yandex's own message and error
/// type, quota answers marked as such with their Retry-After, and a missing token named before anything is sent.
/// </summary>
public sealed class YandexAudienceErrorTests : IDisposable
{
    const string Shop = "shop-yx-errors";
    const string Token = "y0_errors-token";
    readonly YandexAudienceFake fake = new();
    readonly YandexClientHost host;

    public YandexAudienceErrorTests() => host = new YandexClientHost(fake.Settings(Shop, Token));

    public void Dispose()
    {
        host.Dispose();
        fake.Dispose();
    }

    IAdSystemClient Client => host.Client;

    [Fact]
    public async Task A_quota_answer_to_an_upload_is_a_quota_error_with_yandexs_message_and_retry_after()
    {
        fake.QuotaNext(retryAfter: TimeSpan.FromSeconds(90));

        var error = await Assert.ThrowsAsync<AdSystemException>(() => Client.CreateAsync(Shop, "Lapsed", new MemoryStream(YandexFiles.Csv(100))));

        Assert.True(error.IsQuota);
        Assert.True(error.IsTransient);
        Assert.Equal(("yandex", 429, "quota"), (error.System, error.HttpStatus, error.ErrorType));
        Assert.Contains(YandexAudienceFake.QuotaMessage, error.Message);
        Assert.Equal(TimeSpan.FromSeconds(90), error.RetryAfter);
        Assert.Single(fake.Requests);
        Assert.Empty(fake.Segments);
    }

    [Fact]
    public async Task A_quota_answer_to_a_status_read_is_handed_back_at_once_instead_of_retried()
    {
        var created = await Client.CreateAsync(Shop, "Lapsed", new MemoryStream(YandexFiles.Csv(100)));
        fake.QuotaNext(times: 5, retryAfter: TimeSpan.FromSeconds(2), endpoint: YandexAudienceFake.List);

        var error = await Assert.ThrowsAsync<AdSystemException>(() => Client.GetAsync(Shop, created.RemoteId));

        Assert.True(error.IsQuota);
        Assert.Equal(TimeSpan.FromSeconds(2), error.RetryAfter);
        Assert.Single(fake.Requests, r => r.Endpoint == YandexAudienceFake.List);
    }

    [Fact]
    public async Task A_quota_answer_without_retry_after_has_no_retry_time()
    {
        fake.QuotaNext();

        var error = await Assert.ThrowsAsync<AdSystemException>(() => Client.CreateAsync(Shop, "Lapsed", new MemoryStream(YandexFiles.Csv(100))));

        Assert.True(error.IsQuota);
        Assert.Null(error.RetryAfter);
    }

    [Fact]
    public async Task A_refused_confirm_carries_yandexs_message_and_says_the_upload_was_not_saved()
    {
        var error = await Assert.ThrowsAsync<AdSystemException>(() => Client.CreateAsync(Shop, "Too small", new MemoryStream(YandexFiles.Csv(99))));

        Assert.Equal((400, "invalid_parameter"), (error.HttpStatus, error.ErrorType));
        Assert.False(error.IsTransient);
        Assert.Contains(YandexAudienceFake.TooFewRowsMessage, error.SystemMessage);
        Assert.Contains($"segment {fake.LastSegmentId} was uploaded but not saved", error.SystemMessage);
        Assert.Equal(0, fake.Creates);
    }

    [Fact]
    public async Task A_refused_replace_carries_yandexs_message_and_error_type()
    {
        var created = await Client.CreateAsync(Shop, "Lapsed", new MemoryStream(YandexFiles.Csv(100)));
        fake.FailNext(400, "invalid_parameter", "The file structure differs from the first upload", endpoint: YandexAudienceFake.Modify);

        var error = await Assert.ThrowsAsync<AdSystemException>(() => Client.ReplaceAsync(Shop, created.RemoteId, new MemoryStream(YandexFiles.Csv(100))));

        Assert.Equal("yandex: The file structure differs from the first upload", error.Message);
        Assert.Equal((400, "invalid_parameter"), (error.HttpStatus, error.ErrorType));
        Assert.Equal(0, fake.Modifies);
    }

    [Fact]
    public async Task A_wrong_token_is_reported_as_yandexs_unauthorized()
    {
        fake.ExpectedToken = "another-token";

        var error = await Assert.ThrowsAsync<AdSystemException>(() => Client.GetAsync(Shop, "7000001"));

        Assert.Equal((401, "unauthorized", "Invalid OAuth token"), (error.HttpStatus, error.ErrorType, error.SystemMessage));
    }

    [Fact]
    public async Task A_missing_token_is_a_clear_error_naming_the_setting_and_nothing_is_sent()
    {
        const string other = "shop-without-yandex";

        var create = await Assert.ThrowsAsync<InvalidOperationException>(() => Client.CreateAsync(other, "Lapsed", new MemoryStream(YandexFiles.Csv(100))));
        var replace = await Assert.ThrowsAsync<InvalidOperationException>(() => Client.ReplaceAsync(other, "7000001", new MemoryStream(YandexFiles.Csv(100))));
        var get = await Assert.ThrowsAsync<InvalidOperationException>(() => Client.GetAsync(other, "7000001"));

        Assert.All([create, replace, get], e => Assert.Contains($"Shops:{other}:YandexAudienceToken", e.Message));
        Assert.Empty(fake.Requests);
    }

    [Fact]
    public async Task A_remote_id_that_is_not_a_segment_id_is_refused_without_a_call()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => Client.GetAsync(Shop, "vk:123"));

        Assert.Contains("'vk:123' is not a Yandex Audience segment id", error.Message);
        Assert.Empty(fake.Requests);
    }

    [Fact]
    public async Task A_server_error_on_a_status_read_is_retried()
    {
        var created = await Client.CreateAsync(Shop, "Lapsed", new MemoryStream(YandexFiles.Csv(100)));
        // Retry-After: 0 lets the standard handler retry at once instead of after its 2 s backoff.
        fake.FailNext(503, "backend_error", "Backend is unavailable", retryAfter: TimeSpan.Zero, endpoint: YandexAudienceFake.List);

        var read = await Client.GetAsync(Shop, created.RemoteId);

        Assert.Equal(created.RemoteId, read!.RemoteId);
        Assert.Equal([503, 200], fake.Requests.Where(r => r.Endpoint == YandexAudienceFake.List).Select(r => r.Status));
    }

    [Fact]
    public async Task A_server_error_on_an_upload_is_not_retried_so_no_second_segment_can_appear()
    {
        fake.FailNext(503, "backend_error", "Backend is unavailable", retryAfter: TimeSpan.Zero);

        var error = await Assert.ThrowsAsync<AdSystemException>(() => Client.CreateAsync(Shop, "Lapsed", new MemoryStream(YandexFiles.Csv(100))));

        Assert.Equal((503, "backend_error", "Backend is unavailable"), (error.HttpStatus, error.ErrorType, error.SystemMessage));
        Assert.True(error.IsTransient);
        Assert.Single(fake.Requests);
    }

    [Fact]
    public async Task An_unreachable_yandex_is_a_transient_error_without_an_http_status()
    {
        using var host = new YandexClientHost(new Dictionary<string, string?>
        {
            ["Audiences:Yandex:BaseUrl"] = $"http://127.0.0.1:{ClosedPort()}/v1/management",
            [$"Shops:{Shop}:YandexAudienceToken"] = Token,
        });

        var error = await Assert.ThrowsAsync<AdSystemException>(() => host.Client.CreateAsync(Shop, "Lapsed", new MemoryStream(YandexFiles.Csv(100))));

        Assert.Null(error.HttpStatus);
        Assert.True(error.IsTransient);
        Assert.StartsWith("Yandex Audience did not answer", error.SystemMessage);
    }

    static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
