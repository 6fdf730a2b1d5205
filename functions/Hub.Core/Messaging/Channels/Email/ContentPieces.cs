using DiffPlex;

namespace Hub.Messaging.Channels.Email;

/// <summary>
/// Cuts a text or HTML body into the pieces the diff compares: runs of letters and digits, runs of white space, and
/// every other character on its own (so <c>href="…?t=abc"</c> differs only in <c>abc</c>), a surrogate pair kept whole so
/// that no piece, and no substitution made of pieces, holds half a character. Joined, the pieces are the text.
/// </summary>
internal sealed class ContentPieces : IChunker
{
    public static readonly ContentPieces Instance = new();

    public IReadOnlyList<string> Chunk(string text)
    {
        var pieces = new List<string>(text.Length / 3 + 1);
        var start = 0;
        while (start < text.Length)
        {
            var kind = Kind(text[start]);
            var end = start + 1;
            if (char.IsHighSurrogate(text[start]) && end < text.Length && char.IsLowSurrogate(text[end]))
            {
                end++;
            }
            else if (kind != CharKind.Other)
            {
                while (end < text.Length && Kind(text[end]) == kind)
                {
                    end++;
                }
            }
            pieces.Add(text[start..end]);
            start = end;
        }
        return pieces;
    }

    enum CharKind { Word, Space, Other }

    static CharKind Kind(char c) =>
        char.IsLetterOrDigit(c) ? CharKind.Word : char.IsWhiteSpace(c) ? CharKind.Space : CharKind.Other;
}
