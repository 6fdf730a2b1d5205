using System.Diagnostics.CodeAnalysis;

namespace Hub.Shops.Csv;

/// <summary>
/// A row (or an order) that was not imported. <see cref="Line"/> is the 1-based physical line in the file
/// where the row starts (the header is line 1; lines inside quoted fields count). <see cref="Reason"/> names
/// the column and the problem; <see cref="Fields"/> are the row's raw fields, empty for an order-level reject.
/// </summary>
public sealed record CsvReject(int Line, string Reason, IReadOnlyList<string> Fields)
{
    public override string ToString() => $"line {Line}: {Reason}";
}

/// <summary>One result of reading a CSV file: a record read from <see cref="Line"/>, or a reject.</summary>
public sealed record CsvRow<T>(int Line, T? Record, CsvReject? Reject) where T : class
{
    [MemberNotNullWhen(true, nameof(Record))]
    [MemberNotNullWhen(false, nameof(Reject))]
    public bool IsRecord => Record is not null;

    public static CsvRow<T> Read(int line, T record) => new(line, record, null);

    public static CsvRow<T> Rejected(CsvReject reject) => new(reject.Line, null, reject);
}
