using System.Security.Cryptography;
using System.Text;
using Hub.Audiences;
using Hub.Audiences.VkAds;
using Microsoft.Extensions.Time.Testing;

namespace Hub.Tests.Audiences.VkAds;

/// <summary>A VK audience: an uploaded phones list wrapped in a segment, replaced by swapping the list behind the segment.</summary>
public sealed class VkAdsAudienceTests : IDisposable
{
    const string Shop = "shop-vk";
    readonly VkAdsFake vk = new();
    readonly IAdSystemClient client;

    public VkAdsAudienceTests() => client = vk.CreateClient(new FakeTimeProvider(new DateTimeOffset(2026, 11, 25, 9, 0, 0, TimeSpan.Zero)), Shop);

    public void Dispose() => vk.Dispose();

    /// <summary>The file as the lead's builder writes it: MD5 lowercase hex of each phone (digits with country code), one a line.</summary>
    static byte[] PhonesFile(params string[] phones) =>
        Encoding.ASCII.GetBytes(string.Concat(phones.Select(phone => Convert.ToHexStringLower(MD5.HashData(Encoding.ASCII.GetBytes(phone))) + "\n")));

    [Fact]
    public async Task Creating_uploads_the_file_byte_for_byte_as_a_named_phones_list()
    {
        var file = PhonesFile("79991234567", "79035550101", "77011234567");

        var created = await client.CreateAsync(Shop, "Repeat buyers", new MemoryStream(file));

        var list = Assert.Single(vk.Lists.Values);
        Assert.Equal(file, list.File);
        Assert.Equal("Repeat buyers", list.Name);
        Assert.Equal("phones", list.Type);
        Assert.Equal(RemoteStatus.Processing, created.Status);
        Assert.Equal("receiving", created.RawStatus);
    }

    [Fact]
    public async Task Creating_wraps_the_list_in_a_segment_and_packs_both_ids()
    {
        var created = await client.CreateAsync(Shop, "Repeat buyers", new MemoryStream(PhonesFile("79991234567")));

        var list = Assert.Single(vk.Lists.Values);
        var segment = Assert.Single(vk.Segments.Values);
        Assert.Equal("Repeat buyers", segment.Name);
        Assert.Equal(1, segment.PassCondition);
        var relation = Assert.Single(segment.Relations);
        Assert.Equal(("remarketing_users_list", list.Id, "positive"), (relation.ObjectType, relation.SourceId, relation.Type));
        Assert.Equal($"{segment.Id}:{list.Id}", created.RemoteId);
    }

    [Fact]
    public async Task Replacing_swaps_the_list_behind_the_same_segment_and_deletes_the_old_list()
    {
        var created = await client.CreateAsync(Shop, "Repeat buyers", new MemoryStream(PhonesFile("79991234567")));
        var oldList = Assert.Single(vk.Lists.Values);
        var file = PhonesFile("79035550101", "77011234567");

        var replaced = await client.ReplaceAsync(Shop, created.RemoteId, new MemoryStream(file));

        var list = Assert.Single(vk.Lists.Values);
        Assert.NotEqual(oldList.Id, list.Id);
        Assert.Equal(file, list.File);
        Assert.Equal(("Repeat buyers", "phones"), (list.Name, list.Type));
        var segment = Assert.Single(vk.Segments.Values);
        Assert.Equal(created.RemoteId.Split(':')[0], segment.Id.ToString());
        var relation = Assert.Single(segment.Relations);
        Assert.Equal((list.Id, "positive"), (relation.SourceId, relation.Type));
        Assert.Equal($"{segment.Id}:{list.Id}", replaced.RemoteId);
    }

    [Fact]
    public async Task A_replace_that_failed_halfway_is_healed_by_the_next_one()
    {
        var created = await client.CreateAsync(Shop, "Repeat buyers", new MemoryStream(PhonesFile("79991234567")));
        var first = Assert.Single(vk.Lists.Values);
        vk.FailNext(503, call: "DELETE /api/v2/remarketing/segments/");

        var failed = await Assert.ThrowsAsync<AdSystemException>(() => client.ReplaceAsync(Shop, created.RemoteId, new MemoryStream(PhonesFile("79035550101"))));
        Assert.True(failed.IsTransient);
        Assert.Equal(2, Assert.Single(vk.Segments.Values).Relations.Count);

        var file = PhonesFile("77011234567");
        var replaced = await client.ReplaceAsync(Shop, created.RemoteId, new MemoryStream(file));

        var relation = Assert.Single(Assert.Single(vk.Segments.Values).Relations);
        Assert.Equal(file, vk.Lists[relation.SourceId].File);
        Assert.DoesNotContain(first.Id, vk.Lists.Keys);
        Assert.EndsWith($":{relation.SourceId}", replaced.RemoteId);
    }

    [Fact]
    public async Task A_replace_whose_old_list_cannot_be_deleted_still_succeeds()
    {
        var created = await client.CreateAsync(Shop, "Repeat buyers", new MemoryStream(PhonesFile("79991234567")));
        var old = Assert.Single(vk.Lists.Keys);
        vk.FailNext(500, call: "DELETE /api/v3/remarketing/users_lists/");

        var replaced = await client.ReplaceAsync(Shop, created.RemoteId, new MemoryStream(PhonesFile("79035550101")));

        var relation = Assert.Single(Assert.Single(vk.Segments.Values).Relations);
        Assert.NotEqual(old, relation.SourceId);
        Assert.EndsWith($":{relation.SourceId}", replaced.RemoteId);
        Assert.Contains(old, vk.Lists.Keys);
    }

    [Fact]
    public async Task When_the_segment_cannot_be_made_the_uploaded_list_is_deleted_and_VKs_reason_reported()
    {
        vk.FailNext(400, """{"error":{"code":"invalid_data","message":"name is too long"}}""", call: $"POST {VkAdsFacts.SegmentsPath}");

        var error = await Assert.ThrowsAsync<AdSystemException>(() => client.CreateAsync(Shop, "Repeat buyers", new MemoryStream(PhonesFile("79991234567"))));

        Assert.Equal((400, "invalid_data", "name is too long"), (error.HttpStatus, error.ErrorType, error.SystemMessage));
        Assert.False(error.IsTransient);
        Assert.Empty(vk.Lists);
        Assert.Empty(vk.Segments);
    }

    [Theory]
    [InlineData("receiving", RemoteStatus.Processing)]
    [InlineData("processing", RemoteStatus.Processing)]
    [InlineData("ready", RemoteStatus.Ready)]
    [InlineData("not_enough_ids", RemoteStatus.FewData)]
    [InlineData("invalid_file_format", RemoteStatus.Failed)]
    public async Task The_lists_status_is_read_as_the_sync_understands_it(string vkStatus, RemoteStatus expected)
    {
        var created = await client.CreateAsync(Shop, "Repeat buyers", new MemoryStream(PhonesFile("79991234567")));
        vk.SetListStatus(Assert.Single(vk.Lists.Keys), vkStatus, usersCount: 2400);

        var audience = await client.GetAsync(Shop, created.RemoteId);

        Assert.Equal(new RemoteAudience(created.RemoteId, expected, vkStatus, Matched: 2400), audience);
    }

    [Fact]
    public async Task A_list_VK_no_longer_has_reads_as_gone()
    {
        Assert.Null(await client.GetAsync(Shop, "123:456"));
    }

    [Fact]
    public async Task A_remote_id_not_made_by_this_client_is_refused_before_any_call()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => client.GetAsync(Shop, "abc"));

        Assert.Contains("{segmentId}:{listId}", error.Message);
        Assert.Empty(vk.Calls);
    }
}
