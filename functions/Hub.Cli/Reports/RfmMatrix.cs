using Hub.Segments;

namespace Hub.Cli.Reports;

/// <summary>The RFM grid as a full 5×5 matrix (cells the engine omitted are zero), indexed by scores 1–5.</summary>
internal sealed class RfmMatrix
{
    public const int Scores = 5;

    readonly int[,] _customers = new int[Scores, Scores];
    readonly decimal[,] _revenue = new decimal[Scores, Scores];

    public int MaxCustomers { get; private set; }
    public long TotalCustomers { get; private set; }

    public int Customers(int recency, int frequency) => _customers[recency - 1, frequency - 1];
    public decimal Revenue(int recency, int frequency) => _revenue[recency - 1, frequency - 1];

    public static RfmMatrix From(IReadOnlyList<RfmCell> cells)
    {
        ArgumentNullException.ThrowIfNull(cells);
        var matrix = new RfmMatrix();
        foreach (var cell in cells)
        {
            if (cell.Recency is < 1 or > Scores || cell.Frequency is < 1 or > Scores)
                throw new ArgumentOutOfRangeException(nameof(cells),
                    $"RFM cell R{cell.Recency} F{cell.Frequency}: Recency and Frequency scores must be 1–{Scores}.");
            // A cell listed twice is added up rather than one copy silently winning.
            matrix._customers[cell.Recency - 1, cell.Frequency - 1] += cell.Customers;
            matrix._revenue[cell.Recency - 1, cell.Frequency - 1] += cell.Revenue;
        }
        foreach (var customers in matrix._customers)
        {
            matrix.MaxCustomers = Math.Max(matrix.MaxCustomers, customers);
            matrix.TotalCustomers += customers;
        }
        return matrix;
    }
}
