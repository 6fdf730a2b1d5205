using Hub.Customers;

namespace Hub.Tests.Customers;

public sealed class ContactNormalizerTests
{
    readonly ContactNormalizer ru = new("RU");

    [Theory]
    [InlineData("8 (999) 555-11-11")]
    [InlineData("+7 999 555 11 11")]
    [InlineData("89995551111")]
    [InlineData("9995551111")]
    [InlineData("7-999-555-11-11")]
    [InlineData(" +7(999)555-11-11 ")]
    public void Russian_phone_variants_are_one_number(string raw)
    {
        var phone = ru.Phone(raw);

        Assert.True(phone.Valid, phone.InvalidReason);
        Assert.Equal("+79995551111", phone.Value);
    }

    [Theory]
    [InlineData("12345", "not a valid phone number for region RU")]
    [InlineData("call me", "not a phone number")]
    [InlineData("", "empty phone")]
    public void Invalid_phones_are_kept_with_the_reason(string raw, string reason)
    {
        var phone = ru.Phone(raw);

        Assert.False(phone.Valid);
        Assert.StartsWith(reason, phone.InvalidReason);
        Assert.Equal(raw.Trim(), phone.Value);
    }

    [Fact]
    public void A_shop_in_another_region_reads_local_numbers_by_its_own_plan()
    {
        var kz = new ContactNormalizer("KZ").Phone("8 701 555 1111");

        Assert.Equal("+77015551111", kz.Value);
    }

    [Theory]
    [InlineData("  Ivan.Petrov@Mail.RU ", "ivan.petrov@mail.ru")]
    [InlineData("OLGA@yandex.ru", "olga@yandex.ru")]
    public void Emails_are_trimmed_and_lower_cased(string raw, string expected)
    {
        var email = ContactNormalizer.Email(raw);

        Assert.True(email.Valid);
        Assert.Equal(expected, email.Value);
    }

    [Theory]
    [InlineData("ivan@@mail.ru")]
    [InlineData("ivan mail.ru")]
    [InlineData("ivan@mail")]
    [InlineData("ivan@ma il.ru")]
    [InlineData("Ivan <ivan@mail.ru>")]
    public void Broken_emails_are_flagged_invalid(string raw)
    {
        var email = ContactNormalizer.Email(raw);

        Assert.False(email.Valid);
        Assert.NotNull(email.InvalidReason);
    }
}
