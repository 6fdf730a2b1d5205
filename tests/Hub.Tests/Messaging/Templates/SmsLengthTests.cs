using Hub.Messaging.Templates;

namespace Hub.Tests.Messaging.Templates;

public sealed class SmsLengthTests
{
    [Theory]
    [InlineData(1, 1)]
    [InlineData(160, 1)]
    [InlineData(161, 2)]
    [InlineData(306, 2)]
    [InlineData(307, 3)]
    [InlineData(459, 3)]
    [InlineData(460, 4)]
    public void Latin_text_is_GSM7_160_single_and_153_per_part(int length, int parts)
    {
        Assert.Equal(new SmsSize(length, parts, SmsEncoding.Gsm7), SmsLength.Of(new string('a', length)));
    }

    [Theory]
    [InlineData(70, 1)]
    [InlineData(71, 2)]
    [InlineData(134, 2)]
    [InlineData(135, 3)]
    [InlineData(201, 3)]
    [InlineData(202, 4)]
    public void Cyrillic_text_is_UCS2_70_single_and_67_per_part(int length, int parts)
    {
        Assert.Equal(new SmsSize(length, parts, SmsEncoding.Ucs2), SmsLength.Of(new string('ж', length)));
    }

    [Fact]
    public void One_Cyrillic_letter_makes_a_Latin_text_UCS2()
    {
        Assert.Equal(new SmsSize(100, 2, SmsEncoding.Ucs2), SmsLength.Of(new string('a', 99) + "я"));
    }

    [Fact]
    public void Extension_characters_count_double()
    {
        Assert.Equal(new SmsSize(160, 1, SmsEncoding.Gsm7), SmsLength.Of(new string('€', 80)));
        Assert.Equal(new SmsSize(162, 2, SmsEncoding.Gsm7), SmsLength.Of(new string('€', 81)));
        Assert.Equal(new SmsSize(18, 1, SmsEncoding.Gsm7), SmsLength.Of("{}[]~^|€\\"));
        Assert.Equal(new SmsSize(161, 2, SmsEncoding.Gsm7), SmsLength.Of(new string('a', 159) + "{"));
    }

    [Fact]
    public void An_escape_pair_is_never_split_between_parts()
    {
        // 306 septets fit two parts of 153 when the '€' starts the second part; after 152 septets it cannot fit the
        // first part's last septet, so it opens the second, which then overflows into a third.
        Assert.Equal(new SmsSize(306, 2, SmsEncoding.Gsm7), SmsLength.Of(new string('a', 153) + "€" + new string('a', 151)));
        Assert.Equal(new SmsSize(306, 3, SmsEncoding.Gsm7), SmsLength.Of(new string('a', 152) + "€" + new string('a', 152)));
    }

    [Fact]
    public void GSM7_accented_and_Greek_letters_stay_single_and_emoji_take_two_UCS2_units()
    {
        Assert.Equal(new SmsSize(8, 1, SmsEncoding.Gsm7), SmsLength.Of("éèÄßΔΩ£@"));
        Assert.Equal(new SmsSize(4, 1, SmsEncoding.Ucs2), SmsLength.Of("ок😀"));
        Assert.Equal(new SmsSize(0, 0, SmsEncoding.Gsm7), SmsLength.Of(""));
    }
}
