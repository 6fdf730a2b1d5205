using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Hub.Tests.Audiences.Yandex;

/// <summary>The fake holds other tests to Yandex's rules: a confirm that is not hashed SHA-256 CRM is refused as Yandex documents errors.</summary>
public sealed class YandexAudienceFakeTests : IDisposable
{
    readonly YandexAudienceFake fake = new();
    readonly HttpClient http = new();

    public YandexAudienceFakeTests() => http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("OAuth", "t");

    public void Dispose()
    {
        http.Dispose();
        fake.Dispose();
    }

    [Theory]
    [InlineData("\"content_type\":\"idfa_gaid\",\"hashed\":true,\"hashing_alg\":\"SHA256\"", "segment.content_type")]
    [InlineData("\"content_type\":\"crm\",\"hashed\":false", "segment.hashed")]
    [InlineData("\"content_type\":\"crm\",\"hashed\":true,\"hashing_alg\":\"MD5\"", "segment.hashing_alg")]
    public async Task A_confirm_that_is_not_hashed_sha256_crm_is_refused_as_invalid_parameter(string fields, string location)
    {
        var id = await UploadAsync();

        var reply = await http.PostAsync($"{fake.BaseUrl}/segment/{id}/confirm?check_size=true",
            new StringContent($"{{\"segment\":{{\"id\":{id},\"name\":\"x\",{fields}}}}}", Encoding.UTF8, "application/json"));

        Assert.Equal(400, (int)reply.StatusCode);
        var body = JsonDocument.Parse(await reply.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(400, body.GetProperty("code").GetInt32());
        var error = body.GetProperty("errors")[0];
        Assert.Equal("invalid_parameter", error.GetProperty("error_type").GetString());
        Assert.Equal(location, error.GetProperty("location").GetString());
        Assert.False(string.IsNullOrEmpty(body.GetProperty("message").GetString()));
        Assert.Equal(0, fake.Creates);
    }

    [Fact]
    public async Task A_call_without_an_OAuth_token_is_unauthorized()
    {
        http.DefaultRequestHeaders.Authorization = null;

        var reply = await http.GetAsync($"{fake.BaseUrl}/segments");

        Assert.Equal(401, (int)reply.StatusCode);
        Assert.Contains("\"error_type\":\"unauthorized\"", await reply.Content.ReadAsStringAsync());
    }

    async Task<long> UploadAsync()
    {
        using var form = new MultipartFormDataContent { { new ByteArrayContent(YandexFiles.Csv(100)), "file", "a.csv" } };
        var reply = await http.PostAsync($"{fake.BaseUrl}/segments/upload_csv_file", form);
        reply.EnsureSuccessStatusCode();
        return JsonDocument.Parse(await reply.Content.ReadAsStringAsync()).RootElement.GetProperty("segment").GetProperty("id").GetInt64();
    }
}
