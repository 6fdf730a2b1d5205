using System.Text;
using Hub.Customers;
using Hub.Shops.Csv;

namespace Hub.Tests.Shops.Csv;

public sealed class CsvCustomerReaderTests : IDisposable
{
    private readonly CsvTempFolder folder = new();
    private readonly CsvCustomerReader reader = new(CsvImportContexts.Moscow());

    public void Dispose() => folder.Dispose();

    private async Task<List<CsvRow<CustomerRecord>>> ReadAsync(CsvImportFile file) =>
        await reader.ReadAsync(file, TestContext.Current.CancellationToken).ToListAsync(TestContext.Current.CancellationToken);

    [Fact]
    public async Task Utf8_with_bom_and_commas_maps_english_headers_in_mixed_case()
    {
        var file = CsvCustomerReader.Open(folder.Fixture("customers-utf8-bom.csv"));

        Assert.Equal(Encoding.UTF8.CodePage, file.Encoding.CodePage);
        Assert.Equal(',', file.Delimiter);
        Assert.Equal("First_Name", file.Headers[0]);
        Assert.Equal(["Loyalty Level"], file.IgnoredColumns);

        var rows = await ReadAsync(file);
        var ivan = rows[0];
        Assert.True(ivan.IsRecord);
        Assert.Equal(2, ivan.Line);
        Assert.Equal("csv", ivan.Record.Source);
        Assert.Equal("C-1001", ivan.Record.ExternalId);
        Assert.Equal(("Ivan", "Petrov"), (ivan.Record.FirstName, ivan.Record.LastName));
        Assert.Equal(["ivan.petrov@mail.ru"], ivan.Record.Emails);
        Assert.Equal(["+7 (999) 555-11-11"], ivan.Record.Phones);
        Assert.Equal(new DateOnly(1990, 5, 14), ivan.Record.Birthday);
        Assert.Equal(Gender.Male, ivan.Record.Gender);
        Assert.Equal("Moscow", ivan.Record.City);
        Assert.Null(ivan.Record.UpdatedAt);
        Assert.Equal(new Consent(ConsentState.Granted, "csv:customers-utf8-bom.csv", CsvImportContexts.Now), ivan.Record.Consents[Channel.Email]);
        Assert.Equal(ConsentState.Denied, ivan.Record.Consents[Channel.Sms].State);

        var maria = rows[1].Record!;
        Assert.Equal(["maria@yandex.ru", "m.ivanova@gmail.com"], maria.Emails);
        Assert.Equal(new DateOnly(1985, 11, 30), maria.Birthday);
        Assert.Equal(Gender.Female, maria.Gender);
        Assert.Equal("Казань", maria.City);
    }

    [Fact]
    public async Task Rows_without_email_phone_or_id_are_rejected_without_personal_data_in_the_reason()
    {
        var file = CsvCustomerReader.Open(folder.Fixture("customers-utf8-bom.csv"));

        var rejects = (await ReadAsync(file)).Where(r => !r.IsRecord).Select(r => r.Reject!).ToList();

        Assert.Equal([4, 5], rejects.Select(r => r.Line));
        Assert.Equal("no Email, Phone or External_ID to identify the customer", rejects[1].Reason);
        Assert.Equal("Oleg", rejects[1].Fields[0]);
        Assert.DoesNotContain("Sidorov", rejects[1].Reason);
    }

    [Fact]
    public async Task Multi_line_quoted_fields_keep_the_line_numbers_of_later_rows_right()
    {
        var file = CsvCustomerReader.Open(folder.Fixture("customers-multiline.csv"));
        Assert.Equal("utf-8", file.Encoding.WebName);
        Assert.Equal(';', file.Delimiter);
        Assert.Equal(["Комментарий"], file.IgnoredColumns);

        var rows = await ReadAsync(file);

        Assert.Equal([2, 4, 7], rows.Select(r => r.Line));
        Assert.Equal("1", rows[0].Record!.ExternalId);
        var reject = rows[1].Reject!;
        Assert.Equal("line 4: Дата рождения '31.02.1990' is not a date (expected dd.MM.yyyy or yyyy-MM-dd)", reject.ToString());
        Assert.Equal("Три\nстроки, \"в кавычках\"\nтекста", reject.Fields[2].ReplaceLineEndings("\n"));
        Assert.Equal(("Вера", new DateOnly(1992, 7, 15)), (rows[2].Record!.FirstName, rows[2].Record!.Birthday));
    }

    [Fact]
    public async Task Tab_delimited_utf16_unicode_text_export_is_read()
    {
        var path = folder.Write("customers.txt",
            "Фамилия\tИмя\tОтчество\tТелефон\tПочта\tПол\tДата рождения\tГород\tСогласие на SMS\r\n" +
            "Сидоров\tПавел\tАндреевич\t8 (912) 345-67-89; +7 912 000-00-00\t\tмуж\t07.08.1979\tЕкатеринбург\tда\r\n",
            Encoding.Unicode);

        var file = CsvCustomerReader.Open(path);
        var row = Assert.Single(await ReadAsync(file));

        Assert.Equal(Encoding.Unicode, file.Encoding);
        Assert.Equal('\t', file.Delimiter);
        Assert.Empty(file.IgnoredColumns);
        Assert.Equal(2, row.Line);
        Assert.Equal(("Павел", "Сидоров", "Андреевич"), (row.Record!.FirstName, row.Record.LastName, row.Record.MiddleName));
        Assert.Equal(["8 (912) 345-67-89", "+7 912 000-00-00"], row.Record.Phones);
        Assert.Empty(row.Record.Emails);
        Assert.Equal(Gender.Male, row.Record.Gender);
        Assert.Equal(new DateOnly(1979, 8, 7), row.Record.Birthday);
        Assert.Equal(new Consent(ConsentState.Granted, "csv:customers.txt", CsvImportContexts.Now), row.Record.Consents[Channel.Sms]);
        Assert.False(row.Record.Consents.ContainsKey(Channel.Email));
    }

    [Fact]
    public async Task Windows_1251_export_with_a_field_count_error_rejects_only_that_row()
    {
        var path = folder.Write("clients.csv",
            "ID;Фамилия;Имя;Телефон;Дата регистрации\r\n" +
            "7;Ёлкина;Алёна;+7 999 111-22-33;05.02.2024 18:45\r\n" +
            "8;Лишний;Разделитель;;+7 999 111-22-34;01.01.2024\r\n" +
            "9;Щукин;Семён;+7 999 111-22-35;\r\n",
            CsvTempFolder.Windows1251);

        var file = CsvCustomerReader.Open(path);
        var rows = await ReadAsync(file);

        Assert.Equal(1251, file.Encoding.CodePage);
        Assert.Equal(("Алёна", "Ёлкина"), (rows[0].Record!.FirstName, rows[0].Record!.LastName));
        Assert.Equal(new DateTimeOffset(2024, 2, 5, 15, 45, 0, TimeSpan.Zero), rows[0].Record!.CreatedAt);
        Assert.Equal("line 3: has 6 fields, the header has 5 (a missing or extra ';'?)", rows[1].Reject!.ToString());
        Assert.Equal("Семён", rows[2].Record!.FirstName);
    }

    [Fact]
    public async Task Time_zone_column_keeps_iana_ids_in_their_spelling_and_rejects_a_row_with_an_unknown_one()
    {
        var path = folder.Write("zones.csv",
            "Телефон;Часовой пояс\r\n" +
            "+7 999 111-22-33;Asia/Vladivostok\r\n" +
            "+7 999 111-22-34;europe/kaliningrad\r\n" +
            "+7 999 111-22-35;\r\n" +
            "+7 999 111-22-36;Mars/Olympus\r\n" +
            "+7 999 111-22-37;Russian Standard Time\r\n",
            new UTF8Encoding(false));

        var rows = await ReadAsync(CsvCustomerReader.Open(path));

        Assert.Equal(["Asia/Vladivostok", "Europe/Kaliningrad", null], rows.Take(3).Select(r => r.Record!.TimeZone));
        Assert.Equal("line 5: Часовой пояс 'Mars/Olympus' is not an IANA time zone (e.g. Europe/Moscow, Asia/Vladivostok)", rows[3].Reject!.ToString());
        Assert.Equal("line 6: Часовой пояс 'Russian Standard Time' is not an IANA time zone (e.g. Europe/Moscow, Asia/Vladivostok)", rows[4].Reject!.ToString());
    }

    [Theory]
    [InlineData("time_zone")]
    [InlineData("TimeZone")]
    public async Task Time_zone_column_has_english_names(string header)
    {
        var path = folder.Write("zones-en.csv", $"email,{header}\r\nanna@mail.ru,Asia/Novosibirsk\r\n", new UTF8Encoding(false));

        var file = CsvCustomerReader.Open(path);
        var row = Assert.Single(await ReadAsync(file));

        Assert.Empty(file.IgnoredColumns);
        Assert.Equal("Asia/Novosibirsk", row.Record!.TimeZone);
    }

    [Fact]
    public void A_file_without_email_phone_or_id_column_is_refused_naming_the_columns_expected()
    {
        var path = folder.Write("names.csv", "Имя;Фамилия;Город\r\nИван;Петров;Тверь\r\n", new UTF8Encoding(false));

        var error = Assert.Throws<CsvFormatException>(() => CsvCustomerReader.Open(path));

        Assert.StartsWith("no email, phone or external_id column (expected one of: E-mail, Email, Почта", error.Message);
        Assert.Contains("Телефон", error.Message);
        Assert.DoesNotContain("Иван", error.Message);
    }

    [Fact]
    public void An_empty_file_is_refused()
    {
        var path = folder.Write("empty.csv", "", new UTF8Encoding(false));

        var error = Assert.Throws<CsvFormatException>(() => CsvCustomerReader.Open(path));

        Assert.Contains("empty", error.Message);
    }
}
