using System.Text;

namespace Hub.Messaging.Channels.Email;

/// <summary>
/// The body one request shares among its recipients: the plain text and the HTML, each a <see cref="SubstitutionTemplate"/>
/// over the same <see cref="Members"/> (batch indices), and per member the substitutions (tag → value) that turn it back into that member's own text.
/// </summary>
internal sealed record SharedContent(SubstitutionTemplate? Text, SubstitutionTemplate? Html, IReadOnlyList<int> Members)
{
    /// <summary>The substitutions of one member, or null when it needs none.</summary>
    public Dictionary<string, string>? Substitutions(int member)
    {
        var tags = (Text?.Tags.Count ?? 0) + (Html?.Tags.Count ?? 0);
        if (tags == 0)
        {
            return null;
        }
        var substitutions = new Dictionary<string, string>(tags, StringComparer.Ordinal);
        foreach (var part in new[] { Text, Html })
        {
            if (part is null)
            {
                continue;
            }
            var values = part.Values[member];
            for (var i = 0; i < part.Tags.Count; i++)
            {
                substitutions[part.Tags[i]] = values[i];
            }
        }
        return substitutions;
    }

    /// <summary>What SendGrid counts against <see cref="SendGridMail.MaxSubstitutionBytes"/>: tags and values, UTF-8.</summary>
    public int SubstitutionBytes(int member) =>
        Substitutions(member)?.Sum(s => Encoding.UTF8.GetByteCount(s.Key) + Encoding.UTF8.GetByteCount(s.Value)) ?? 0;

    /// <summary>
    /// Fits as many of <paramref name="candidates"/> (batch indices; the first is the reference) as possible into one
    /// shared body: members whose own parts would exceed SendGrid's substitution limits are left out, to go in a later
    /// request. At least one member always fits (alone, a member shares its whole text).
    /// </summary>
    public static SharedContent Fit(IReadOnlyList<int> candidates, Func<int, string?> text, Func<int, string?> html, Func<int, string> tag)
    {
        var reference = candidates[0];
        var texts = text(reference) is { } referenceText ? ContentAlignment.Align(referenceText, candidates.Select(c => text(c)!).ToList(), SendGridMail.MaxSubstitutionBytes) : null;
        var htmls = html(reference) is { } referenceHtml ? ContentAlignment.Align(referenceHtml, candidates.Select(c => html(c)!).ToList(), SendGridMail.MaxSubstitutionBytes) : null;
        var included = Enumerable.Range(0, candidates.Count).Where(i => (texts?.Fits(i) ?? true) && (htmls?.Fits(i) ?? true)).ToList();
        while (true)
        {
            if (included.Count == 0)
            {
                included.Add(0);
            }
            var textTags = htmls is null ? SendGridMail.MaxSubstitutions : SendGridMail.MaxSubstitutions / 2;
            var textPart = texts?.Template(included, tag, 0, textTags);
            var htmlPart = htmls?.Template(included, tag, textPart?.Tags.Count ?? 0, SendGridMail.MaxSubstitutions - (textPart?.Tags.Count ?? 0));
            var shared = new SharedContent(textPart, htmlPart, included);
            var over = included.Where(i => shared.SubstitutionBytes(i) > SendGridMail.MaxSubstitutionBytes).ToHashSet();
            if (over.Count == 0)
            {
                return new SharedContent(InBatch(textPart, candidates), InBatch(htmlPart, candidates), included.Select(i => candidates[i]).ToList());
            }
            included.RemoveAll(over.Contains);
        }
    }

    /// <summary>The template with its values keyed by batch index instead of candidate position.</summary>
    static SubstitutionTemplate? InBatch(SubstitutionTemplate? template, IReadOnlyList<int> candidates) =>
        template is null ? null : template with { Values = template.Values.ToDictionary(v => candidates[v.Key], v => v.Value) };
}
