using Hub.Benchmarks;

// A tiny dispatcher: the first argument names the benchmark, the rest are its options.
var benchmarks = new Dictionary<string, Func<string[], Task<int>>>(StringComparer.Ordinal)
{
    ["import"] = ImportBenchmark.RunAsync,
    ["segments"] = SegmentsBenchmark.RunAsync,
    ["segments-incremental"] = SegmentsIncrementalBenchmark.RunAsync,
    ["audience-build"] = AudienceBuildBenchmark.RunAsync,
    ["dispatch"] = DispatchBenchmark.RunAsync,
    ["sync"] = SyncBenchmark.RunAsync,
    ["campaign-plan"] = CampaignPlanBenchmark.RunAsync,
};

if (args.Length == 0 || !benchmarks.TryGetValue(args[0], out var run))
{
    Console.Error.WriteLine("usage: dotnet run -c Release --project tests/Hub.Benchmarks -- <benchmark> [options]");
    Console.Error.WriteLine("  import [--json] [--customers N] [--naive-budget S]   bulk customer import vs a naive per-record loop and the raw batch-write ceiling");
    Console.Error.WriteLine("  segments [--json] [--customers N] [--orders M] [--naive-sample K]   full segment recompute vs a bare scan and a naive per-customer loop");
    Console.Error.WriteLine("  segments-incremental [--json] [--customers N]   order event → membership change latency, median and p99 over 1,000 events");
    Console.Error.WriteLine("  audience-build [--json] [--members N]   Yandex audience file (consent, normalise, SHA-256, dedupe, write) vs a bare SHA-256 loop");
    Console.Error.WriteLine("  campaign-plan [--json] [--members N]   the plan of an email → SMS cascade with caps and quiet hours vs a bare scan of the segment's members");
    Console.Error.WriteLine("  sync [--json] [--customers N] [--orders M]   InSales backfill through the pull engine vs the same changes straight into the page applier");
    Console.Error.WriteLine("  dispatch [--json] [--recipients N] [--naive-recipients K]   marketing email through dispatcher + ledger, SendGrid batched vs one request per message");
    return 1;
}
return await run(args[1..]);
