namespace Hub.Cli.Reports;

/// <summary>The display name of each cell of the RFM grid, for labelling the report.</summary>
internal static class RfmCellNames
{
    // TODO(engine): use RfmGrid.NameOf — the engine owns the canonical R×F→name grid; this is a private copy.
    // Rows: Recency 5 (most recent) down to 1; columns: Frequency 1 to 5 (most orders).
    static readonly string[][] ByRecencyThenFrequency =
    [
        ["new", "potential loyalists", "potential loyalists", "champions", "champions"],     // R5
        ["promising", "potential loyalists", "potential loyalists", "loyal", "loyal"],       // R4
        ["about to sleep", "about to sleep", "need attention", "loyal", "loyal"],            // R3
        ["hibernating", "hibernating", "at risk", "at risk", "can't lose"],                  // R2
        ["lost", "lost", "at risk", "at risk", "can't lose"],                                // R1
    ];

    public static string NameOf(int recency, int frequency) => ByRecencyThenFrequency[5 - recency][frequency - 1];
}
