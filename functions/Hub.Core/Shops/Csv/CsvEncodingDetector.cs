using System.Text;

namespace Hub.Shops.Csv;

/// <summary>
/// Finds the encoding of a CSV file the way Excel opens one: a byte order mark first (UTF-8, UTF-16LE,
/// UTF-16BE), else strict UTF-8 over the start of the file, else Windows-1251 (what Excel's plain "CSV"
/// save writes on Russian Windows).
/// </summary>
internal static class CsvEncodingDetector
{
    /// <summary>How much of a file without a byte order mark is checked for valid UTF-8.</summary>
    public const int SampleBytes = 64 * 1024;

    public const int Windows1251 = 1251;

    static CsvEncodingDetector() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    public static Encoding Detect(string path)
    {
        using var stream = File.OpenRead(path);
        var sample = new byte[SampleBytes];
        var length = stream.ReadAtLeast(sample, SampleBytes, throwOnEndOfStream: false);
        return Detect(sample.AsSpan(0, length), wholeFile: length < SampleBytes);
    }

    /// <param name="wholeFile">Whether <paramref name="head"/> is the whole file; otherwise a multi-byte
    /// character cut at its end is not an error.</param>
    public static Encoding Detect(ReadOnlySpan<byte> head, bool wholeFile)
    {
        if (head.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            return new UTF8Encoding(encoderShouldEmitUTF8Identifier: true);
        }
        if (head.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]))
        {
            return Encoding.Unicode;
        }
        if (head.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
        {
            return Encoding.BigEndianUnicode;
        }
        return IsUtf8(head, wholeFile)
            ? new UTF8Encoding(encoderShouldEmitUTF8Identifier: false)
            : Encoding.GetEncoding(Windows1251);
    }

    private static bool IsUtf8(ReadOnlySpan<byte> head, bool wholeFile)
    {
        var decoder = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetDecoder();
        try
        {
            decoder.GetCharCount(head, flush: wholeFile);
            return true;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }
}
