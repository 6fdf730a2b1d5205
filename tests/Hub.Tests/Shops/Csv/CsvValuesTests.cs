using System.Text;
using Hub.Customers;
using Hub.Shops.Csv;

namespace Hub.Tests.Shops.Csv;

public sealed class CsvValuesTests
{
    private static readonly TimeZoneInfo Moscow = TimeZoneInfo.FindSystemTimeZoneById("Europe/Moscow");

    [Theory]
    [InlineData("1 234,50", "1234.50")]
    [InlineData("1\u00A0234,50", "1234.50")]
    [InlineData("1234.5", "1234.5")]
    [InlineData("1,234.50", "1234.50")]
    [InlineData("1.234,50", "1234.50")]
    [InlineData("1.234.567", "1234567")]
    [InlineData("-15", "-15")]
    [InlineData("1 234,50 ₽", "1234.50")]
    [InlineData("349,9", "349.9")]
    public void Numbers_with_decimal_comma_or_dot_and_thousand_separators(string text, string expected)
    {
        Assert.True(CsvValues.TryDecimal(text, out var value));
        Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), value);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("12,3,4")]
    [InlineData("1 2,3.4,5")]
    public void Text_that_is_not_a_number_is_refused(string text) => Assert.False(CsvValues.TryDecimal(text, out _));

    [Theory]
    [InlineData("14.05.1990", 1990, 5, 14)]
    [InlineData("1.5.1990", 1990, 5, 1)]
    [InlineData("1990-05-14", 1990, 5, 14)]
    [InlineData("14.05.1990 0:00:00", 1990, 5, 14)]
    public void Birthdays(string text, int year, int month, int day)
    {
        Assert.True(CsvValues.TryDate(text, out var date));
        Assert.Equal(new DateOnly(year, month, day), date);
    }

    [Theory]
    [InlineData("31.02.1990")]
    [InlineData("05/14/1990")]
    [InlineData("33000")]
    public void Impossible_or_foreign_dates_are_refused(string text) => Assert.False(CsvValues.TryDate(text, out _));

    [Theory]
    [InlineData("01.03.2024 10:30", "2024-03-01T07:30:00Z")]
    [InlineData("01.03.2024 10:30:15", "2024-03-01T07:30:15Z")]
    [InlineData("01.03.2024", "2024-02-29T21:00:00Z")]
    [InlineData("2024-03-01", "2024-02-29T21:00:00Z")]
    [InlineData("2024-03-01T10:30:00", "2024-03-01T07:30:00Z")]
    [InlineData("2024-03-01T10:30:00+05:00", "2024-03-01T05:30:00Z")]
    [InlineData("2024-03-01T10:30:00Z", "2024-03-01T10:30:00Z")]
    public void Moments_without_offset_are_in_the_shop_zone(string text, string utc)
    {
        Assert.True(CsvValues.TryMoment(text, Moscow, out var moment));
        Assert.Equal(DateTimeOffset.Parse(utc, System.Globalization.CultureInfo.InvariantCulture), moment);
        Assert.Equal(TimeSpan.Zero, moment.Offset);
    }

    [Theory]
    [InlineData("М", Gender.Male)]
    [InlineData("муж", Gender.Male)]
    [InlineData("Мужской", Gender.Male)]
    [InlineData("male", Gender.Male)]
    [InlineData("m", Gender.Male)]
    [InlineData("ж", Gender.Female)]
    [InlineData("Женский", Gender.Female)]
    [InlineData("F", Gender.Female)]
    [InlineData("не указан", null)]
    public void Genders(string text, Gender? expected) => Assert.Equal(expected, CsvValues.GenderOf(text));

    [Theory]
    [InlineData("Отменён", true)]
    [InlineData("отменен", true)]
    [InlineData("Cancelled", true)]
    [InlineData("refunded", true)]
    [InlineData("Возврат", true)]
    [InlineData("Выполнен", false)]
    public void Cancelled_statuses(string status, bool cancelled) => Assert.Equal(cancelled, CsvValues.IsCancelled(status));

    [Theory]
    [InlineData("Имя;Фамилия,с запятой;Телефон", ';')]
    [InlineData("\"Имя;Фамилия\",Email,Phone", ',')]
    [InlineData("Имя\tТелефон\tE-mail, почта", '\t')]
    [InlineData("email", ';')]
    public void Delimiter_is_the_most_frequent_outside_quotes(string header, char expected) =>
        Assert.Equal(expected, CsvDelimiterDetector.Detect(new StringReader(header + "\r\n1;2,3\t4")));

    [Fact]
    public void Utf8_without_bom_cut_inside_a_character_at_the_sample_end_is_still_utf8()
    {
        var bytes = Encoding.UTF8.GetBytes("Имя");

        Assert.Equal(Encoding.UTF8.WebName, CsvEncodingDetector.Detect(bytes.AsSpan(0, 5), wholeFile: false).WebName);
        Assert.Equal(1251, CsvEncodingDetector.Detect(bytes.AsSpan(0, 5), wholeFile: true).CodePage);
        Assert.Equal(1251, CsvEncodingDetector.Detect(CsvTempFolder.Windows1251.GetBytes("Имя;Телефон"), wholeFile: true).CodePage);
        Assert.Equal(Encoding.BigEndianUnicode, CsvEncodingDetector.Detect([0xFE, 0xFF, 0x04, 0x18], wholeFile: true));
    }

    [Fact]
    public void Header_aliases_match_ignoring_case_spaces_and_dashes()
    {
        var map = CsvColumnMap.For(CsvFileKind.Customers, [" e-MAIL ", "Дата Рождения", "FIRST_NAME", "Любимый цвет", "ID"]);

        Assert.Equal([0], map.IndexesOf(CsvField.Email));
        Assert.Equal([1], map.IndexesOf(CsvField.Birthday));
        Assert.Equal([2], map.IndexesOf(CsvField.FirstName));
        Assert.Equal([4], map.IndexesOf(CsvField.CustomerId));
        Assert.Equal(["Любимый цвет"], map.Ignored);
    }
}
