using System.Text.RegularExpressions;

namespace Hub.Messaging.Templates;

/// <summary>Positions in a template's text: 1-based lines and columns as Fluid reports them, lines split at <c>\n</c>.</summary>
internal static partial class SourceText
{
    public static (int Line, int Column) LineColumn(string source, int offset)
    {
        offset = Math.Clamp(offset, 0, source.Length);
        var lineStart = offset == 0 ? 0 : source.LastIndexOf('\n', offset - 1) + 1;
        var line = 1 + source.AsSpan(0, lineStart).Count('\n');
        return (line, offset - lineStart + 1);
    }

    public static int Offset(string source, int line, int column)
    {
        var at = 0;
        for (var l = 1; l < line; l++)
        {
            var newline = source.IndexOf('\n', at);
            if (newline < 0)
            {
                return source.Length;
            }
            at = newline + 1;
        }
        return Math.Min(at + column - 1, source.Length);
    }

    /// <summary>
    /// Where a variable (<c>custmer</c>) or a member path (<c>customer.frist_name</c>) is first written inside Liquid
    /// markup (<c>{{ … }}</c> or <c>{% … %}</c>) as a name of its own, not part of a longer one; for a path written
    /// differently (<c>order.items[0].nme</c>), where its last member is; null when not found.
    /// </summary>
    public static (int Line, int Column)? FindVariable(string source, IReadOnlyList<string> path) =>
        Find(source, @"(?<![\w.])" + string.Join(@"\s*\.\s*", path.Select(Regex.Escape)) + @"(?!\w)")
        ?? (path.Count > 1 ? Find(source, @"(?<=\.\s*)" + Regex.Escape(path[^1]) + @"(?!\w)") : null);

    static (int Line, int Column)? Find(string source, string regex)
    {
        var pattern = new Regex(regex, RegexOptions.CultureInvariant);
        foreach (Match markup in Markup().Matches(source))
        {
            if (pattern.Match(markup.Value) is { Success: true } hit)
            {
                return LineColumn(source, markup.Index + hit.Index);
            }
        }
        return null;
    }

    [GeneratedRegex(@"\{\{.*?\}\}|\{%.*?%\}", RegexOptions.Singleline)]
    private static partial Regex Markup();
}
