using Hub.Audiences;
using Hub.Cli.Commands;
using Hub.Shops;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace Hub.Cli.Demo;

/// <summary>
/// Step 6 of the demo: three Yandex audiences defined and their files built exactly as they would be uploaded (no
/// network): repeat buyers as a lookalike seed, one-time buyers as an exclusion list, and champions who gave
/// explicit advertising consent — too few for Yandex, so it is refused with the counts.
/// </summary>
static class DemoAudiences
{
    static readonly Audience[] Definitions =
    [
        // The demo shop's privacy policy covers ad matching: everyone who did not refuse it.
        new() { Id = "repeat-seed", ShopId = "", SegmentId = "repeat", ExcludeSegmentId = "lapsed", System = "yandex", Purpose = AudiencePurpose.Seed, Consent = AdsConsentRule.NotDenied },
        new() { Id = "one-time-exclusion", ShopId = "", SegmentId = "one-time", System = "yandex", Purpose = AudiencePurpose.Exclusion, Consent = AdsConsentRule.NotDenied },
        new() { Id = "champions-consented", ShopId = "", SegmentId = "rfm-champions", System = "yandex", Purpose = AudiencePurpose.Retargeting, Consent = AdsConsentRule.Granted },
    ];

    public static async Task WriteAsync(IServiceProvider services, Shop shop, string folder, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(folder);
        var store = services.GetRequiredService<AudienceStore>();
        var publisher = services.GetRequiredService<AudiencePublisher>();
        foreach (var definition in Definitions)
        {
            var audience = definition with { ShopId = shop.Id, CreatedAt = DateTimeOffset.UtcNow };
            await store.PutAsync(audience, cancellationToken);
            var path = Path.Combine(folder, $"{audience.Id}.csv");
            AudienceFileResult result;
            await using (var file = File.Create(path))
            {
                result = await publisher.BuildAsync(audience, file, cancellationToken);
            }
            if (result.TooSmall)
            {
                File.Delete(path);
            }
            var leftOut = string.Join(", ", result.Excluded.OrderByDescending(e => e.Value).Select(e => $"{e.Value:N0} {AudienceOptions.Kebab(e.Key)}"));
            AnsiConsole.MarkupLineInterpolated($"[bold]{audience.Id}[/] ({audience.SegmentId}{(audience.ExcludeSegmentId is null ? "" : " − " + audience.ExcludeSegmentId)}, {AudienceOptions.Kebab(audience.Purpose)}, consent {AudienceOptions.Kebab(audience.Consent)}): {result.Members:N0} members → {result.UniqueContacts:N0} unique contacts; left out: {(leftOut.Length == 0 ? "none" : leftOut)}");
            if (result.TooSmall)
            {
                AnsiConsole.MarkupLineInterpolated($"  [red]refused:[/] {AudienceFormats.Yandex.TooSmallMessage(result.UniqueContacts)}; no file");
            }
            else
            {
                AnsiConsole.MarkupLineInterpolated($"  {path} ({result.Bytes:N0} bytes)");
            }
        }
        AnsiConsole.MarkupLineInterpolated($"Each file: header email,phone; SHA-256 of the trimmed lower-case email and of the phone's digits with country code. `hub audiences push --shop {shop.Id} --audience repeat-seed` uploads one once a Yandex token is set.");
    }
}
