namespace Hub.Shops.Csv;

/// <summary>
/// Picks the delimiter from the header line: whichever of <c>;</c>, tab and <c>,</c> occurs most often outside
/// quotes. Ties go to <c>;</c> (Excel's list separator in ru-RU), then tab, then <c>,</c>; a header of one
/// column gets <c>;</c>.
/// </summary>
internal static class CsvDelimiterDetector
{
    public static readonly char[] Candidates = [';', '\t', ','];

    /// <summary>The longest header line looked at; a longer one is not a CSV header.</summary>
    private const int MaxHeaderChars = 1024 * 1024;

    public static char Detect(TextReader reader)
    {
        Span<int> counts = stackalloc int[Candidates.Length];
        var quoted = false;
        for (var read = 0; read < MaxHeaderChars; read++)
        {
            var next = reader.Read();
            if (next < 0 || (!quoted && next is '\r' or '\n'))
            {
                break;
            }
            if (next == '"')
            {
                quoted = !quoted;
            }
            else if (!quoted && Array.IndexOf(Candidates, (char)next) is var index and >= 0)
            {
                counts[index]++;
            }
        }

        var best = 0;
        for (var i = 1; i < Candidates.Length; i++)
        {
            if (counts[i] > counts[best])
            {
                best = i;
            }
        }
        return Candidates[best];
    }
}
