using System.Globalization;

namespace Hub.Benchmarks;

/// <summary>Benchmark options as <c>--name N</c>.</summary>
static class BenchmarkOptions
{
    public static int Int(string[] args, string name, int fallback)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length && int.TryParse(args[at + 1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value > 0 ? value : fallback;
    }
}
