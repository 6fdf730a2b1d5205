using System.Security.Cryptography;
using System.Text;
using Hub.Audiences;
using Hub.Customers;

namespace Hub.Tests.Audiences;

public sealed class AudienceFileWriterTests
{
    static readonly DateTimeOffset At = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);

    static Dictionary<Channel, Consent> Consents(params (Channel Channel, ConsentState State)[] consents) =>
        consents.ToDictionary(c => c.Channel, c => new Consent(c.State, "csv", At));

    static readonly Dictionary<Channel, Consent> AdsGranted = Consents((Channel.Ads, ConsentState.Granted));

    static AudienceCandidate Person(string id, string? email = null, string? phone = null, Dictionary<Channel, Consent>? consents = null) =>
        new(id,
            email is null ? [] : [ContactNormalizer.Email(email)],
            phone is null ? [] : [new ContactNormalizer().Phone(phone)],
            consents ?? AdsGranted);

    static async IAsyncEnumerable<AudienceCandidate> Stream(IEnumerable<AudienceCandidate> candidates)
    {
        foreach (var c in candidates)
        {
            yield return c;
        }
        await Task.CompletedTask;
    }

    static async Task<(AudienceFileResult Result, string Text, byte[] Bytes)> Write(IEnumerable<AudienceCandidate> candidates, AudienceFormat? format = null, AdsConsentRule rule = AdsConsentRule.Granted)
    {
        using var output = new MemoryStream();
        var result = await new AudienceFileWriter(format ?? AudienceFormats.Yandex, rule, new AdContactNormalizer()).WriteAsync(Stream(candidates), output);
        var bytes = output.ToArray();
        return (result, Encoding.UTF8.GetString(bytes), bytes);
    }

    static string Sha256(string value) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)));

    [Fact]
    public async Task Reproduces_the_published_SHA256_vectors_under_the_yandex_header()
    {
        var (result, text, _) = await Write([new AudienceCandidate("c1", [new ContactPoint("name@yandex.ru", true)], [new ContactPoint("+70123456789", true)], AdsGranted)]);

        Assert.Equal(
            "email,phone\n41b86f44151924a940be6fa30d93f2471683ca74ac361d3b827a9b72c80a7623,8f0dd3d30a1ea4b739c6217c02604aee1556025da990212759efd877206a1948\n",
            text);
        Assert.Equal(1, result.UniqueContacts);
    }

    [Theory]
    [InlineData("8 (999) 555-11-11", "79995551111")]
    [InlineData("+7 999 555 11 11", "79995551111")]
    [InlineData("9995551111", "79995551111")]
    [InlineData("7-999-555-11-11", "79995551111")]
    [InlineData("+79995551111", "79995551111")]
    [InlineData("+375 29 123-45-67", "375291234567")]
    public void Phones_become_digits_with_the_country_code_and_no_plus(string raw, string expected)
    {
        var normalizer = new AdContactNormalizer();

        Assert.Equal(expected, normalizer.Phone(raw, PhoneStyle.DigitsNoPlus));
        Assert.Equal("+" + expected, normalizer.Phone(raw, PhoneStyle.E164));
    }

    [Theory]
    [InlineData("  Name@Yandex.RU ", "name@yandex.ru")]
    [InlineData("IVAN.Petrov@Mail.ru", "ivan.petrov@mail.ru")]
    [InlineData("\tmail@yandex.ru\n", "mail@yandex.ru")]
    public void Emails_are_trimmed_and_lower_cased(string raw, string expected) => Assert.Equal(expected, AdContactNormalizer.Email(raw));

    [Theory]
    [InlineData("not an email")]
    [InlineData("")]
    public void Unusable_emails_give_nothing(string raw) => Assert.Null(AdContactNormalizer.Email(raw));

    [Fact]
    public void Unusable_phones_give_nothing() => Assert.Null(new AdContactNormalizer().Phone("12", PhoneStyle.DigitsNoPlus));

    /// <summary>150 members; 51 of them repeat another member's contacts written differently, so 99 people remain.</summary>
    static IEnumerable<AudienceCandidate> Shop(int unique)
    {
        for (var i = 0; i < unique; i++)
        {
            yield return Person($"c{i}", $"buyer{i}@mail.ru", $"+7999{i:0000000}");
        }
        for (var i = 0; i < 150 - unique; i++)
        {
            var n = i % unique;
            yield return (i % 3) switch
            {
                0 => Person($"d{i}", $"  BUYER{n}@Mail.RU ", $"8 (999) {n:000-00-00}"),
                1 => Person($"d{i}", email: $"Buyer{n}@mail.ru"),
                _ => Person($"d{i}", phone: $"7-999-{n:000-00-00}"),
            };
        }
    }

    [Fact]
    public async Task Ninety_nine_unique_contacts_among_150_rows_are_too_few_for_yandex()
    {
        var (result, _, _) = await Write(Shop(99));

        Assert.Equal(150, result.Members);
        Assert.Equal(99, result.UniqueContacts);
        Assert.Equal(51, result.Excluded[AudienceExclusion.Duplicate]);
        Assert.True(result.TooSmall);
        Assert.Equal("99 unique contacts; Yandex Audience needs at least 100", AudienceFormats.Yandex.TooSmallMessage(result.UniqueContacts));
    }

    [Fact]
    public async Task One_hundred_unique_contacts_are_enough()
    {
        var (result, text, _) = await Write(Shop(100));

        Assert.Equal(100, result.UniqueContacts);
        Assert.False(result.TooSmall);
        Assert.Equal(101, text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Fact]
    public async Task A_member_sharing_only_one_contact_adds_a_row_with_just_the_new_one()
    {
        var (result, text, _) = await Write([Person("a", "a@mail.ru", "+79990000001"), Person("b", "b@mail.ru", "+79990000001")]);

        Assert.Equal(["email,phone", $"{Sha256("a@mail.ru")},{Sha256("79990000001")}", $"{Sha256("b@mail.ru")},"], text.TrimEnd('\n').Split('\n'));
        Assert.Equal((2, 2L, 1L), (result.UniqueContacts, result.Emails, result.Phones));
    }

    [Fact]
    public async Task Only_members_who_may_be_advertised_to_are_in_the_file()
    {
        var (result, text, _) = await Write(
        [
            Person("granted", "granted@mail.ru"),
            Person("no-consent", "none@mail.ru", consents: []),
            Person("refused", "refused@mail.ru", consents: Consents((Channel.Ads, ConsentState.Denied))),
            Person("unsubscribed", "unsub@mail.ru") with { Unsubscribed = true },
            Person("never-subscribed", "smsonly@mail.ru", consents: Consents((Channel.Ads, ConsentState.Granted), (Channel.Email, ConsentState.Denied), (Channel.Sms, ConsentState.Denied))),
            Person("invalid", "not an email"),
            Person("gone", "gone@mail.ru") with { Gone = true },
            Person("excluded", "bought@mail.ru") with { InExclusionSegment = true },
        ]);

        Assert.Contains(Sha256("granted@mail.ru"), text);
        Assert.Contains(Sha256("smsonly@mail.ru"), text);
        foreach (var left in new[] { "none@mail.ru", "refused@mail.ru", "unsub@mail.ru", "gone@mail.ru", "bought@mail.ru" })
        {
            Assert.DoesNotContain(Sha256(left), text);
        }
        Assert.DoesNotContain("@", text);
        Assert.Equal(2, result.UniqueContacts);
        Assert.Equal(2, result.Excluded[AudienceExclusion.NoAdsConsent]);
        Assert.Equal(1, result.Excluded[AudienceExclusion.Unsubscribed]);
        Assert.Equal(1, result.Excluded[AudienceExclusion.NoContact]);
        Assert.Equal(1, result.Excluded[AudienceExclusion.Gone]);
        Assert.Equal(1, result.Excluded[AudienceExclusion.ExcludedSegment]);
    }

    [Fact]
    public async Task Not_denied_rule_takes_members_who_never_answered_but_never_those_who_refused()
    {
        var (result, _, _) = await Write(
            [Person("silent", "silent@mail.ru", consents: []), Person("refused", "refused@mail.ru", consents: Consents((Channel.Ads, ConsentState.Denied)))],
            rule: AdsConsentRule.NotDenied);

        Assert.Equal(1, result.UniqueContacts);
        Assert.Equal(1, result.Excluded[AudienceExclusion.NoAdsConsent]);
    }

    [Fact]
    public async Task Vk_lists_carry_md5_phones_one_per_line_without_a_header()
    {
        var (result, text, _) = await Write([Person("a", "a@mail.ru", "8 999 555-11-11"), Person("b", email: "b@mail.ru")], AudienceFormats.Vk);

        Assert.Equal(Convert.ToHexStringLower(MD5.HashData("79995551111"u8)) + "\n", text);
        Assert.Equal(1, result.UniqueContacts);
        Assert.Equal(1, result.Excluded[AudienceExclusion.NoContact]);
        Assert.Equal(2000, result.MinimumUniqueContacts);
    }

    [Fact]
    public async Task The_content_hash_is_the_files_sha256_and_depends_only_on_its_rows()
    {
        var (first, _, bytes) = await Write(Shop(100));
        var (again, _, _) = await Write(Shop(100));
        var (lessDuplicates, _, _) = await Write(Shop(100).Take(149));
        var (lessPeople, _, _) = await Write(Shop(100).Skip(1));

        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), first.ContentHash);
        Assert.Equal(bytes.Length, first.Bytes);
        Assert.Equal(first.ContentHash, again.ContentHash);
        Assert.Equal(first.ContentHash, lessDuplicates.ContentHash);
        Assert.NotEqual(first.ContentHash, lessPeople.ContentHash);
    }

    [Fact]
    public async Task Large_files_stream_through_the_buffer_intact()
    {
        var people = Enumerable.Range(0, 5000).Select(i => Person($"c{i}", $"p{i}@mail.ru", $"+7999{i:0000000}")).ToList();

        var (result, text, _) = await Write(people);

        var lines = text.TrimEnd('\n').Split('\n');
        Assert.Equal(5001, lines.Length);
        Assert.All(lines.Skip(1), line => Assert.Matches("^[0-9a-f]{64},[0-9a-f]{64}$", line));
        Assert.Equal($"{Sha256("p4999@mail.ru")},{Sha256("79990004999")}", lines[^1]);
        Assert.Equal(5000, result.UniqueContacts);
    }
}
