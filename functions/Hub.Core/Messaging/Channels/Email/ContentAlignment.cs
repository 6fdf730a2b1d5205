namespace Hub.Messaging.Channels.Email;

/// <summary>
/// One content part (the plain text or the HTML) of a batch of rendered emails, each diffed once against a reference
/// text (<see cref="PieceDiff"/>). From the diffs, <see cref="Template"/> finds what
/// a chosen set of members shares with the reference, word for word and in order, and makes it the shared text of one
/// request; what differs becomes substitution tags whose values each member gets in its own personalization.
/// Correct by construction: member text = shared literals with each tag replaced by that member's value.
/// </summary>
internal sealed class ContentAlignment
{
    readonly string reference;
    readonly int[] offsets;
    readonly PieceEdit[]?[] edits;
    readonly IReadOnlyList<string> texts;

    ContentAlignment(string reference, int[] offsets, PieceEdit[]?[] edits, IReadOnlyList<string> texts)
    {
        this.reference = reference;
        this.offsets = offsets;
        this.edits = edits;
        this.texts = texts;
    }

    /// <summary>
    /// Diffs every text against <paramref name="reference"/>. A text longer than the reference by more than
    /// <paramref name="budget"/> characters, or with more than that in pieces the reference does not have at all, cannot
    /// share enough with it: it is not diffed (<see cref="Fits"/> false).
    /// </summary>
    public static ContentAlignment Align(string reference, IReadOnlyList<string> texts, int budget)
    {
        var diff = new PieceDiff(reference);
        var known = new HashSet<string>(diff.Pieces, StringComparer.Ordinal);
        var edits = new PieceEdit[]?[texts.Count];
        for (var m = 0; m < texts.Count; m++)
        {
            var text = texts[m];
            if (string.Equals(text, reference, StringComparison.Ordinal))
            {
                edits[m] = [];
                continue;
            }
            if (text.Length - reference.Length > budget)
            {
                continue;
            }
            var pieces = ContentPieces.Instance.Chunk(text);
            var unknown = 0;
            foreach (var piece in pieces)
            {
                unknown += known.Contains(piece) ? 0 : piece.Length;
            }
            if (unknown <= budget)
            {
                edits[m] = diff.Edits(text, pieces);
            }
        }
        return new ContentAlignment(reference, diff.PieceOffsets.ToArray(), edits, texts);
    }

    /// <summary>False when member <paramref name="member"/> differs from the reference by more than the budget.</summary>
    public bool Fits(int member) => edits[member] is not null;

    /// <summary>
    /// The shared text of <paramref name="members"/> (all must <see cref="Fits"/>) with at most <paramref name="maxTags"/>
    /// tags, named by <paramref name="tag"/> from <paramref name="firstTag"/> on, and each member's values for them.
    /// </summary>
    public SubstitutionTemplate Template(IReadOnlyList<int> members, Func<int, string> tag, int firstTag, int maxTags)
    {
        var count = offsets.Length - 1;
        var unstable = new bool[count];
        var cut = new bool[count + 1];
        foreach (var member in members)
        {
            foreach (var edit in edits[member] ?? throw new ArgumentException($"Member {member} does not fit the reference.", nameof(members)))
            {
                if (edit.Count == 0)
                {
                    cut[edit.Start] = true;
                }
                Array.Fill(unstable, true, edit.Start, edit.Count);
            }
        }
        var holes = SharedRuns.Holes(unstable, cut, offsets, maxTags);
        var tags = Enumerable.Range(firstTag, holes.Count).Select(tag).ToArray();
        var text = new System.Text.StringBuilder(reference.Length);
        var literalStart = 0;
        for (var h = 0; h < holes.Count; h++)
        {
            text.Append(reference, offsets[literalStart], offsets[holes[h].Start] - offsets[literalStart]).Append(tags[h]);
            literalStart = holes[h].End;
        }
        text.Append(reference, offsets[literalStart], offsets[count] - offsets[literalStart]);

        var values = new Dictionary<int, string[]>(members.Count);
        foreach (var member in members)
        {
            values[member] = Values(member, holes);
        }
        return new SubstitutionTemplate(text.ToString(), tags, values);
    }

    /// <summary>
    /// The member's text in each hole: from the end of the literal before it (the start, for the first) to the start
    /// of the literal after it (the end, for the last). Literal pieces are kept by every member, so their place in the
    /// member's text is theirs in the reference, shifted by the edits before them.
    /// </summary>
    string[] Values(int member, IReadOnlyList<(int Start, int End)> holes)
    {
        var memberText = texts[member];
        var memberEdits = edits[member]!;
        var values = new string[holes.Count];
        var next = 0;
        var shift = 0;
        int ShiftThrough(int piece)
        {
            while (next < memberEdits.Length && memberEdits[next].Start <= piece)
            {
                shift += memberEdits[next++].CharDelta;
            }
            return shift;
        }
        for (var h = 0; h < holes.Count; h++)
        {
            var (start, end) = holes[h];
            var from = start == 0 ? 0 : offsets[start] + ShiftThrough(start - 1);
            var to = end == offsets.Length - 1 ? memberText.Length : offsets[end] + ShiftThrough(end);
            values[h] = memberText[from..to];
        }
        return values;
    }
}

/// <summary>
/// A content part shared by the members of one request: <see cref="Text"/> holds <see cref="Tags"/> where the members
/// differ, and <see cref="Values"/> gives each member (by its index in the batch) the text for each tag.
/// </summary>
internal sealed record SubstitutionTemplate(string Text, IReadOnlyList<string> Tags, IReadOnlyDictionary<int, string[]> Values);
