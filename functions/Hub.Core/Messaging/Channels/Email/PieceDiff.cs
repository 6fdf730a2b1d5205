using DiffPlex;

namespace Hub.Messaging.Channels.Email;

/// <summary>Reference pieces [Start, Start+Count) are replaced in a member by text <see cref="CharDelta"/> characters longer (or shorter).</summary>
internal readonly record struct PieceEdit(int Start, int Count, int CharDelta);

/// <summary>
/// Diffs texts against one reference in <see cref="ContentPieces"/>, in two passes to stay fast on long HTML with
/// many personal spots (Myers' diff costs length × differences): first over lines and tags (pieces grouped up to each
/// <c>&gt;</c> or line break), then, inside each changed stretch only, over the pieces themselves.
/// </summary>
internal sealed class PieceDiff
{
    readonly string reference;
    readonly IReadOnlyList<string> pieces;
    readonly int[] offsets;
    readonly int[] groups;
    readonly GroupChunker chunker;

    public PieceDiff(string reference)
    {
        this.reference = reference;
        pieces = ContentPieces.Instance.Chunk(reference);
        offsets = Offsets(pieces);
        groups = Groups(pieces);
        chunker = new GroupChunker(reference, Joined(reference, offsets, groups));
    }

    public IReadOnlyList<string> Pieces => pieces;

    /// <summary>Character offset of each reference piece, and the length at the end.</summary>
    public IReadOnlyList<int> PieceOffsets => offsets;

    /// <summary>The edits that turn the reference into <paramref name="text"/>, whose pieces are <paramref name="textPieces"/>, in reference order.</summary>
    public PieceEdit[] Edits(string text, IReadOnlyList<string> textPieces)
    {
        var textOffsets = Offsets(textPieces);
        var textGroups = Groups(textPieces);
        chunker.Member = (text, Joined(text, textOffsets, textGroups));
        var coarse = Differ.Instance.CreateDiffs(reference, text, ignoreWhiteSpace: false, ignoreCase: false, chunker);
        var edits = new List<PieceEdit>();
        foreach (var block in coarse.DiffBlocks)
        {
            var from = groups[block.DeleteStartA];
            var to = groups[block.DeleteStartA + block.DeleteCountA];
            var textFrom = textOffsets[textGroups[block.InsertStartB]];
            var textTo = textOffsets[textGroups[block.InsertStartB + block.InsertCountB]];
            if (block.DeleteCountA == 0 || block.InsertCountB == 0)
            {
                edits.Add(new PieceEdit(from, to - from, (textTo - textFrom) - (offsets[to] - offsets[from])));
                continue;
            }
            var fine = Differ.Instance.CreateDiffs(
                reference[offsets[from]..offsets[to]], text[textFrom..textTo], ignoreWhiteSpace: false, ignoreCase: false, ContentPieces.Instance);
            foreach (var inner in fine.DiffBlocks)
            {
                var start = from + inner.DeleteStartA;
                var inserted = 0;
                for (var i = inner.InsertStartB; i < inner.InsertStartB + inner.InsertCountB; i++)
                {
                    inserted += fine.PiecesNew[i].Length;
                }
                edits.Add(new PieceEdit(start, inner.DeleteCountA, inserted - (offsets[start + inner.DeleteCountA] - offsets[start])));
            }
        }
        return edits.OrderBy(e => e.Start).ToArray();
    }

    static int[] Offsets(IReadOnlyList<string> pieces)
    {
        var offsets = new int[pieces.Count + 1];
        for (var i = 0; i < pieces.Count; i++)
        {
            offsets[i + 1] = offsets[i] + pieces[i].Length;
        }
        return offsets;
    }

    /// <summary>The piece index where each group starts, and the piece count at the end: a group ends after a <c>&gt;</c> or a line break.</summary>
    static int[] Groups(IReadOnlyList<string> pieces)
    {
        var starts = new List<int> { 0 };
        for (var i = 0; i < pieces.Count; i++)
        {
            if (i + 1 < pieces.Count && (pieces[i] == ">" || pieces[i].Contains('\n', StringComparison.Ordinal)))
            {
                starts.Add(i + 1);
            }
        }
        if (pieces.Count > 0)
        {
            starts.Add(pieces.Count);
        }
        return starts.ToArray();
    }

    static IReadOnlyList<string> Joined(string text, int[] offsets, int[] groups) =>
        Enumerable.Range(0, groups.Length - 1).Select(g => text[offsets[groups[g]]..offsets[groups[g + 1]]]).ToList();

    /// <summary>Cuts texts into groups for the first pass; the reference's are cut once, the member's just before its diff.</summary>
    sealed class GroupChunker(string reference, IReadOnlyList<string> referenceGroups) : IChunker
    {
        public (string Text, IReadOnlyList<string> Groups) Member { get; set; }

        public IReadOnlyList<string> Chunk(string text)
        {
            if (ReferenceEquals(text, reference))
            {
                return referenceGroups;
            }
            if (ReferenceEquals(text, Member.Text))
            {
                return Member.Groups;
            }
            var pieces = ContentPieces.Instance.Chunk(text);
            return Joined(text, Offsets(pieces), Groups(pieces));
        }
    }
}
