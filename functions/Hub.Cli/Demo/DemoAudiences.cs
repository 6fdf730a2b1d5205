using Hub.Audiences;
using Hub.Cli.Commands;
using Hub.Shops;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace Hub.Cli.Demo;

/// <summary>
/// Step 6 of the demo: three Yandex audiences defined and their files built exactly as they would be uploaded (no
/// network): repeat buyers as a lookalike seed, this month's new buyers as an exclusion list, and champions who gave
/// explicit advertising consent — too few for Yandex, so it is refused with the counts.
/// </summary>
static class DemoAudiences
{
    static readonly Audience[] Definitions =
    [
        // The demo shop's privacy policy covers ad matching: everyone who did not refuse it.
        new() { Id = "repeat-seed", ShopId = "", SegmentId = "repeat", ExcludeSegmentId = "lapsed", System = "yandex", Purpose = AudiencePurpose.Seed, Consent = AdsConsentRule.NotDenied },
        new() { Id = "new-buyers-exclusion", ShopId = "", SegmentId = "new", System = "yandex", Purpose = AudiencePurpose.Exclusion, Consent = AdsConsentRule.NotDenied },
        new() { Id = "champions-consented", ShopId = "", SegmentId = "rfm-champions", System = "yandex", Purpose = AudiencePurpose.Retargeting, Consent = AdsConsentRule.Granted },
    ];

    public static async Task WriteAsync(IServiceProvider services, Shop shop, string folder, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(folder);
        var store = services.GetRequiredService<AudienceStore>();
        var publisher = services.GetRequiredService<AudiencePublisher>();
        var table = new Table().AddColumn("audience").AddColumn("segment").AddColumn("purpose")
            .AddColumn(new TableColumn("members").RightAligned()).AddColumn(new TableColumn("unique contacts").RightAligned())
            .AddColumn("left out").AddColumn("file");
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
            table.AddRow(audience.Id, audience.SegmentId + (audience.ExcludeSegmentId is null ? "" : " − " + audience.ExcludeSegmentId), AudienceOptions.Kebab(audience.Purpose),
                $"{result.Members:N0}", $"{result.UniqueContacts:N0}",
                Markup.Escape(string.Join(", ", result.Excluded.OrderByDescending(e => e.Value).Select(e => $"{e.Value:N0} {AudienceOptions.Kebab(e.Key)}"))),
                result.TooSmall ? $"[red]refused: {Markup.Escape(AudienceFormats.Yandex.TooSmallMessage(result.UniqueContacts))}[/]" : Markup.Escape(path));
        }
        AnsiConsole.Write(table);
        AnsiConsole.MarkupLineInterpolated($"Each file: header email,phone; SHA-256 of the trimmed lower-case email and of the phone's digits with country code. `hub audiences push --shop {shop.Id} --audience repeat-seed` uploads one once a Yandex token is set.");
    }
}
