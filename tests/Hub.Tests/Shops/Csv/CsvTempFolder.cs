using System.Text;

namespace Hub.Tests.Shops.Csv;

/// <summary>A temp folder for import files, so that rejects files are written next to them and cleaned up.</summary>
public sealed class CsvTempFolder : IDisposable
{
    static CsvTempFolder() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    private readonly DirectoryInfo folder = Directory.CreateTempSubdirectory("hub-csv-");

    public static Encoding Windows1251 => Encoding.GetEncoding(1251);

    /// <summary>Copies a fixture from <c>fixtures/csv</c>.</summary>
    public string Fixture(string name)
    {
        var path = Path.Combine(folder.FullName, name);
        File.Copy(Path.Combine(AppContext.BaseDirectory, "fixtures", "csv", name), path);
        return path;
    }

    /// <summary>Writes <paramref name="text"/> with <paramref name="encoding"/>, its byte order mark included when it has one.</summary>
    public string Write(string name, string text, Encoding encoding)
    {
        var path = Path.Combine(folder.FullName, name);
        File.WriteAllBytes(path, [.. encoding.GetPreamble(), .. encoding.GetBytes(text)]);
        return path;
    }

    public void Dispose() => folder.Delete(recursive: true);
}
