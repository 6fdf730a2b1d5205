using Hub.Storage;

namespace Hub.Tests.Storage;

public sealed class KeyEncoderTests
{
    [Theory]
    [InlineData("ivan@mail.ru")]
    [InlineData("a/b\\c#d?e%f+g|h~i")]
    [InlineData("tab\there\u0001\u007f\u0085")]
    public void Encoded_keys_hold_no_forbidden_characters_and_decode_back(string raw)
    {
        var key = KeyEncoder.Encode(raw);

        Assert.DoesNotMatch(@"[/\\#?%+|\u0000-\u001F\u007F-\u009F]", key);
        Assert.Equal(raw, KeyEncoder.Decode(key));
    }

    [Fact]
    public void Plain_email_stays_readable()
    {
        Assert.Equal("ivan.petrov@mail.ru", KeyEncoder.Encode("ivan.petrov@mail.ru"));
    }

    [Fact]
    public void Over_long_values_become_a_stable_digest_within_the_key_limit()
    {
        var raw = new string('x', 5000);
        var key = KeyEncoder.Encode(raw);

        Assert.True(key.Length < 100);
        Assert.Equal(key, KeyEncoder.Encode(raw));
    }
}
