using ScottPlot;
using ScottPlot.TickGenerators;

namespace Hub.Cli.Reports;

/// <summary>Axis ticks for counts of people: whole numbers only, grouped as everywhere in the report.</summary>
internal static class CountTicks
{
    public static ITickGenerator Create() => new NumericAutomatic
    {
        IntegerTicksOnly = true,
        LabelFormatter = value => ReportNumberFormat.Count((long)Math.Round(value)),
    };
}
