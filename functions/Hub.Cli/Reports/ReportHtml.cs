using System.Net;
using System.Text;

namespace Hub.Cli.Reports;

/// <summary>
/// What every report page shares: one self-contained HTML document (inline CSS, images as data: URIs, no scripts,
/// nothing fetched from elsewhere, so it can be mailed or opened offline), one look, and HTML-encoding of all text.
/// </summary>
internal static class ReportHtml
{
    const string Style = """
        body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; color: #1b1f24; margin: 2rem auto; max-width: 980px; padding: 0 1rem; line-height: 1.45; }
        h1 { font-size: 1.6rem; margin-bottom: .2rem; }
        .meta { color: #57606a; margin-top: 0; }
        .headline { display: flex; gap: 2.5rem; flex-wrap: wrap; margin: 1.5rem 0; }
        .headline div { font-size: .95rem; color: #57606a; }
        .headline b { display: block; font-size: 1.7rem; color: #1b1f24; }
        .empty { background: #fff8c5; border: 1px solid #d4a72c; padding: .8rem 1rem; border-radius: 6px; }
        img { max-width: 100%; height: auto; border: 1px solid #d0d7de; border-radius: 6px; }
        table { border-collapse: collapse; margin: 1rem 0 2rem; width: 100%; font-variant-numeric: tabular-nums; }
        caption { text-align: left; font-weight: 600; padding-bottom: .4rem; }
        th, td { border: 1px solid #d0d7de; padding: .35rem .6rem; text-align: left; vertical-align: top; }
        thead th { background: #f6f8fa; }
        td.num { text-align: right; white-space: nowrap; }
        code { font-size: .9em; }
        """;

    /// <summary>Starts a page: the document head with <paramref name="title"/>, the shared style plus <paramref name="pageStyle"/>, and the opened body.</summary>
    public static StringBuilder Begin(string title, string pageStyle, int imageBytes)
    {
        var html = new StringBuilder(capacity: 8192 + imageBytes * 4 / 3);
        return html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append("<title>").Append(Encode(title)).Append("</title>\n")
            .Append("<style>\n").Append(Style).Append('\n').Append(pageStyle).Append("\n</style>\n</head>\n<body>\n");
    }

    public static string End(StringBuilder html) => html.Append("</body>\n</html>\n").ToString();

    /// <summary>A PNG embedded as a data: URI, with the alternative text readers without the image get.</summary>
    public static void AppendImage(StringBuilder html, byte[] png, string alt) =>
        html.Append("<p><img src=\"data:image/png;base64,").Append(Convert.ToBase64String(png))
            .Append("\" alt=\"").Append(Encode(alt)).Append("\"></p>\n");

    public static string Encode(string text) => WebUtility.HtmlEncode(text);
}
