using Hub.Benchmarks;

// A tiny dispatcher: the first argument names the benchmark, the rest are its options.
var benchmarks = new Dictionary<string, Func<string[], Task<int>>>(StringComparer.Ordinal)
{
    ["import"] = ImportBenchmark.RunAsync,
};

if (args.Length == 0 || !benchmarks.TryGetValue(args[0], out var run))
{
    Console.Error.WriteLine("usage: dotnet run -c Release --project tests/Hub.Benchmarks -- <benchmark> [options]");
    Console.Error.WriteLine("  import [--json] [--customers N] [--naive-budget S]   bulk customer import vs a naive per-record loop and the raw batch-write ceiling");
    return 1;
}
return await run(args[1..]);
