using System.Text;

namespace Hub.Messaging.Channels.Sms;

/// <summary>
/// The text an SMS carries: the rendered <see cref="MessageContent.Text"/>, followed by each button's link that the text
/// does not already contain (an SMS has no buttons).
/// </summary>
internal static class SmsText
{
    public static string Compose(MessageContent content)
    {
        ArgumentNullException.ThrowIfNull(content);
        var links = Links(content);
        return links.Length == 0 ? content.Text.Trim() : $"{content.Text.Trim()} {links}";
    }

    /// <summary>
    /// <see cref="Compose"/> cut to at most <paramref name="maxLength"/> characters: the text is cut at a word boundary
    /// and ends in '…'; the links stay whole unless they alone do not fit.
    /// </summary>
    public static string Fit(MessageContent content, int maxLength)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLength, 2);
        var whole = Compose(content);
        if (whole.Length <= maxLength)
        {
            return whole;
        }
        var links = Links(content);
        var room = maxLength - (links.Length == 0 ? 0 : links.Length + 1) - 1;
        if (room < maxLength / 3)
        {
            return Cut(whole, maxLength - 1) + "…";
        }
        var text = Cut(content.Text.Trim(), room) + "…";
        return links.Length == 0 ? text : $"{text} {links}";
    }

    static string Links(MessageContent content)
    {
        var links = new StringBuilder();
        foreach (var url in content.Buttons.Select(b => b.Url.Trim()).Where(u => u.Length > 0).Distinct(StringComparer.Ordinal))
        {
            if (!content.Text.Contains(url, StringComparison.Ordinal))
            {
                links.Append(links.Length == 0 ? "" : " ").Append(url);
            }
        }
        return links.ToString();
    }

    /// <summary>At most <paramref name="length"/> characters, ending at the last space in the second half when there is one.</summary>
    static string Cut(string text, int length)
    {
        if (text.Length <= length)
        {
            return text;
        }
        var space = text.LastIndexOf(' ', length);
        var end = space > length / 2 ? space : char.IsHighSurrogate(text[length - 1]) ? length - 1 : length;
        var cut = text[..end];
        return cut.TrimEnd(' ', ',', ';', ':', '.', '-', '—');
    }
}
