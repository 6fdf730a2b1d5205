using Hub.Shops;
using Hub.Shops.Csv;
using Microsoft.Extensions.Time.Testing;

namespace Hub.Tests.Shops.Csv;

internal static class CsvImportContexts
{
    public static readonly DateTimeOffset Now = new(2024, 6, 1, 9, 0, 0, TimeSpan.Zero);

    /// <summary>A shop in Moscow selling in roubles, as the defaults of <see cref="Shop"/> say.</summary>
    public static CsvImportContext Moscow() =>
        CsvImportContext.For(new Shop { Id = "demo-shop", Platform = Platforms.Csv }, new FakeTimeProvider(Now));
}
