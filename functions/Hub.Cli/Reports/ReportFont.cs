using ScottPlot;
using SkiaSharp;

namespace Hub.Cli.Reports;

/// <summary>
/// The typeface of the report images: DejaVu Sans (Latin and Cyrillic), embedded in this assembly.
/// SkiaSharp's Linux build without dependencies finds fonts only under /usr/share/fonts, and where there
/// are none ScottPlot draws every label as nothing, without an error. So the report never relies on
/// system fonts: it registers a ScottPlot font resolver for a family name no system font has.
/// </summary>
/// <remarks>
/// A label's typeface, once set, wins over its family name and its bold flag, and every label takes
/// <see cref="Fonts.DefaultFontStyle"/> as its typeface when it is created. ScottPlot's own
/// <c>plot.Font.Set</c> sets that process-wide default, so after one call every later label in the
/// process, in this report or the next, is drawn regular in that typeface whatever it asks for.
/// The report does not call it: <see cref="Use"/> and <see cref="ApplyTo"/> name the family on each
/// label and clear its typeface, so the images do not depend on what ran before them.
/// </remarks>
internal static class ReportFont
{
    public const string Family = "Hub Report Sans";

    static readonly Lazy<byte[]> Regular = new(() => Read("DejaVuSans.ttf"));
    static readonly Lazy<byte[]> Bold = new(() => Read("DejaVuSans-Bold.ttf"));
    static readonly Lazy<bool> Registration = new(() =>
    {
        lock (Fonts.FontResolvers)
            Fonts.FontResolvers.Insert(0, new EmbeddedFontResolver());
        // Labels take their family and typeface from these defaults when they are created. A typeface
        // set here would override the family and the bold flag, so there is none: each label resolves
        // "Hub Report Sans" (regular or bold) through the resolver.
        Fonts.Default = Family;
        Fonts.DefaultFontStyle = null!;
        return true;
    });

    /// <summary>Registers the resolver with ScottPlot once per process; safe to call from any thread.</summary>
    public static void EnsureRegistered() => _ = Registration.Value;

    /// <summary>A new typeface of the embedded font, owned by the caller (ScottPlot caches what its resolvers return).</summary>
    public static SKTypeface Typeface(bool bold)
    {
        using var data = SKData.CreateCopy(bold ? Bold.Value : Regular.Value);
        return SKTypeface.FromData(data)
            ?? throw new InvalidOperationException("The font embedded in the hub assembly could not be read.");
    }

    /// <summary>Names the report family on the plot's title and on every axis's label and tick labels.</summary>
    public static void ApplyTo(Plot plot)
    {
        Use(plot.Axes.Title.Label);
        foreach (var axis in plot.Axes.GetAxes())
        {
            Use(axis.Label);
            Use(axis.TickLabelStyle);
        }
    }

    public static void Use(LabelStyle label)
    {
        label.FontName = Family;
        label.Font = null;
    }

    static byte[] Read(string file)
    {
        var name = $"Hub.Cli.Reports.Fonts.{file}";
        using var stream = typeof(ReportFont).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"The embedded font {name} is missing from the hub assembly.");
        using var bytes = new MemoryStream();
        stream.CopyTo(bytes);
        return bytes.ToArray();
    }

    sealed class EmbeddedFontResolver : IFontResolver
    {
        public SKTypeface? CreateTypeface(string fontName, bool bold, bool italic) =>
            fontName == Family ? Typeface(bold) : null;

        public SKTypeface? CreateTypeface(string fontName, FontWeight weight, FontSlant slant, FontSpacing width) =>
            fontName == Family ? Typeface(weight >= FontWeight.SemiBold) : null;
    }
}
