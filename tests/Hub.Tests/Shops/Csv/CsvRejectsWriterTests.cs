using System.Text;
using Hub.Shops.Csv;

namespace Hub.Tests.Shops.Csv;

public sealed class CsvRejectsWriterTests : IDisposable
{
    private readonly CsvTempFolder folder = new();

    public void Dispose() => folder.Dispose();

    [Fact]
    public async Task An_import_without_rejects_removes_a_stale_rejects_file()
    {
        var path = folder.Write("customers.csv", "email\r\na@b.ru\r\n", new UTF8Encoding(false));
        var stale = CsvRejectsWriter.PathFor(path);
        await File.WriteAllTextAsync(stale, "line;reason\r\n2;old\r\n", TestContext.Current.CancellationToken);

        await using (var writer = new CsvRejectsWriter(CsvCustomerReader.Open(path)))
        {
            Assert.Equal(stale, writer.Path);
        }

        Assert.False(File.Exists(stale));
    }

    [Fact]
    public async Task Rejected_fields_with_delimiters_and_line_breaks_are_quoted_with_the_input_delimiter()
    {
        var path = folder.Write("customers.csv", "email,note\r\n", new UTF8Encoding(false));
        var file = CsvCustomerReader.Open(path);

        await using (var writer = new CsvRejectsWriter(file))
        {
            await writer.WriteAsync(new CsvReject(9, "no email to identify the customer", ["", "a, b\r\nc"]), TestContext.Current.CancellationToken);
            Assert.Equal(1, writer.Count);
        }

        var text = await File.ReadAllTextAsync(CsvRejectsWriter.PathFor(path), TestContext.Current.CancellationToken);
        Assert.Equal("line,reason,email,note\r\n9,no email to identify the customer,,\"a, b\r\nc\"\r\n", text);
    }
}
