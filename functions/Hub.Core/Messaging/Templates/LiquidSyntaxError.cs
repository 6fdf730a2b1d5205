using System.Text.RegularExpressions;

namespace Hub.Messaging.Templates;

/// <summary>
/// Turns Fluid's parse error (<c>'{% endif %}' was expected at (3:30)\nSource:\n…</c>) into a message and a 1-based
/// line and column. Fluid reports a block left open where it ran out of text; we point at the tag that opened it
/// instead, which is where a person has to look.
/// </summary>
internal static partial class LiquidSyntaxError
{
    static readonly HashSet<string> Blocks = new(StringComparer.Ordinal) { "if", "unless", "for", "case", "capture", "tablerow", "ifchanged" };

    public static (int? Line, int? Column, string Message) Read(string source, string fluidError)
    {
        var found = Position().Match(fluidError);
        if (!found.Success)
        {
            return (null, null, FirstLine(fluidError));
        }
        var message = found.Groups["message"].Value.Trim();
        var line = int.Parse(found.Groups["line"].ValueSpan);
        var column = int.Parse(found.Groups["column"].ValueSpan);
        if (ExpectedEnd().Match(message) is { Success: true } end &&
            UnclosedOpener(source, end.Groups["block"].Value, SourceText.Offset(source, line, column)) is { } opener)
        {
            var (openLine, openColumn) = SourceText.LineColumn(source, opener);
            return (openLine, openColumn, $"'{{% {end.Groups["block"].Value} %}}' is never closed: add '{{% end{end.Groups["block"].Value} %}}'");
        }
        return (line, column, message);
    }

    /// <summary>Where the innermost <paramref name="block"/> still open before <paramref name="before"/> starts.</summary>
    static int? UnclosedOpener(string source, string block, int before)
    {
        var open = new List<(string Name, int At)>();
        string? verbatim = null;
        foreach (Match tag in Tag().Matches(source))
        {
            if (tag.Index >= before)
            {
                break;
            }
            var name = tag.Groups["name"].Value;
            if (verbatim is not null)
            {
                if (name == "end" + verbatim)
                {
                    verbatim = null;
                    open.RemoveAt(open.Count - 1);
                }
                continue;
            }
            if (name is "raw" or "comment")
            {
                verbatim = name;
                open.Add((name, tag.Index));
            }
            else if (Blocks.Contains(name))
            {
                open.Add((name, tag.Index));
            }
            else if (name.StartsWith("end", StringComparison.Ordinal) && open.FindLastIndex(o => o.Name == name[3..]) is var at and >= 0)
            {
                open.RemoveRange(at, open.Count - at);
            }
        }
        var last = open.FindLastIndex(o => o.Name == block);
        return last >= 0 ? open[last].At : null;
    }

    static string FirstLine(string text) => text.Split('\n', 2)[0].Trim();

    [GeneratedRegex(@"^(?<message>.*?) at \((?<line>\d+):(?<column>\d+)\)", RegexOptions.Singleline)]
    private static partial Regex Position();

    [GeneratedRegex(@"^'\{% end(?<block>[a-z]+) %\}' was expected")]
    private static partial Regex ExpectedEnd();

    [GeneratedRegex(@"\{%-?\s*(?<name>[a-z_]+)")]
    private static partial Regex Tag();
}
