using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Hub.Audiences;
using Hub.Customers;

namespace Hub.Benchmarks;

/// <summary>
/// <c>audience-build</c>: a Yandex Audience file from 1,000,000 segment members — consent check, per-system
/// normalisation, SHA-256 of email and phone, deduplication and streaming to a file on disk — against the ceiling of a
/// bare loop that only SHA-256-hashes the same pre-normalised strings (UTF-8 encode + hash, nothing kept or written).
/// Members are as stored (E.164 phones, lower-case emails); 4% repeat another member's contacts, 3% lack advertising
/// consent. After a warm-up the contenders run alternately five times each; each one's best run counts.
/// </summary>
static class AudienceBuildBenchmark
{
    const int Rounds = 5;

    public static async Task<int> RunAsync(string[] args)
    {
        var json = args.Contains("--json");
        var members = BenchmarkOptions.Int(args, "--members", 1_000_000);
        var report = json ? Console.Error : Console.Out;
        var granted = new Dictionary<Channel, Consent> { [Channel.Ads] = new(ConsentState.Granted, "csv", DateTimeOffset.UnixEpoch) };
        var none = new Dictionary<Channel, Consent>();
        var candidates = new AudienceCandidate[members];
        var normalised = new List<string>(members * 2);
        for (var i = 0; i < members; i++)
        {
            var n = i % 25 == 24 ? i - 7 : i; // 4% repeat an earlier member's contacts
            var email = $"buyer.{n}@{(n % 3 == 0 ? "mail.ru" : n % 3 == 1 ? "yandex.ru" : "gmail.com")}";
            var phone = $"+79{n % 1_000_000_000:000000000}";
            candidates[i] = new AudienceCandidate($"c{i}", [new ContactPoint(email, true)], [new ContactPoint(phone, true)], i % 33 == 0 ? none : granted);
            normalised.Add(email);
            normalised.Add(phone[1..]);
        }
        report.WriteLine($"audience-build: {members:N0} members, Yandex format, {Environment.ProcessorCount} cores");

        var path = Path.Combine(Path.GetTempPath(), $"hub-audience-bench-{Environment.ProcessId}.csv");
        AudienceFileResult? result = null;
        double Ours()
        {
            var watch = Stopwatch.StartNew();
            using (var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
            {
                result = new AudienceFileWriter(AudienceFormats.Yandex, AdsConsentRule.Granted, new AdContactNormalizer())
                    .WriteAsync(Stream(candidates), file).GetAwaiter().GetResult();
            }
            return watch.Elapsed.TotalSeconds;
        }
        long sink = 0;
        double Ceiling()
        {
            var watch = Stopwatch.StartNew();
            Span<byte> utf8 = stackalloc byte[256];
            Span<byte> digest = stackalloc byte[32];
            foreach (var value in normalised)
            {
                var length = Encoding.UTF8.GetBytes(value, utf8);
                SHA256.HashData(utf8[..length], digest);
                sink += digest[0];
            }
            return watch.Elapsed.TotalSeconds;
        }

        Ours();
        Ceiling();
        GC.Collect();
        var baseline = Process.GetCurrentProcess().WorkingSet64;
        // Alternate the contenders so that load from elsewhere on the machine falls on both alike.
        double ours = double.MaxValue, ceiling = double.MaxValue;
        for (var round = 0; round < Rounds; round++)
        {
            ours = Math.Min(ours, Ours());
            ceiling = Math.Min(ceiling, Ceiling());
        }
        var peak = Process.GetCurrentProcess().PeakWorkingSet64;
        var bytes = new FileInfo(path).Length;
        File.Delete(path);

        var line = new
        {
            benchmark = "audience-build",
            members,
            unique_contacts = result!.UniqueContacts,
            ours_s = Math.Round(ours, 3),
            ceiling_s = Math.Round(ceiling, 3),
            vs_ceiling = Math.Round(ceiling / ours, 2),
            contacts_per_s = Math.Round(members / ours),
            file_mb = Math.Round(bytes / 1048576.0, 1),
            working_set_over_input_mb = Math.Round((peak - baseline) / 1048576.0, 1),
        };
        report.WriteLine($"ours {line.ours_s} s ({line.contacts_per_s:N0} members/s, {line.unique_contacts:N0} unique contacts, {line.file_mb} MB file); ceiling {line.ceiling_s} s; vs_ceiling {line.vs_ceiling} (sink {sink % 10})");
        if (json)
        {
            Console.Out.WriteLine(JsonSerializer.Serialize(line));
        }
        return 0;
    }

    static async IAsyncEnumerable<AudienceCandidate> Stream(AudienceCandidate[] candidates)
    {
        foreach (var c in candidates)
        {
            yield return c;
        }
        await Task.CompletedTask;
    }
}
