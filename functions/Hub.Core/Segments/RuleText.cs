using System.Text;

namespace Hub.Segments;

/// <summary>
/// How segment rules compare text: trimmed, case-insensitive and culture-invariant, with ё read as е
/// ("Москва", "москва" and " МОСКВА " are one city; "Королёв" is "Королев").
/// </summary>
internal static class RuleText
{
    /// <summary>The form two texts are compared in, ordinally.</summary>
    public static string Fold(string text) =>
        text.Trim().Normalize(NormalizationForm.FormC).ToLowerInvariant().Replace('ё', 'е');

    public static bool Same(string a, string b) => string.Equals(Fold(a), Fold(b), StringComparison.Ordinal);
}
