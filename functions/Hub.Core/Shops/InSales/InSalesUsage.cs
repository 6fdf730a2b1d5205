using System.Globalization;
using System.Net.Http.Headers;

namespace Hub.Shops.InSales;

/// <summary>
/// Reads <c>API-Usage-Limit: n/500</c> and turns it into the pause before the next page. InSales counts requests from
/// the first of a 5-minute series and refuses the rest of the window with 503 once the ceiling is reached. We do not
/// know where in the window we are, so what is left (less a reserve for webhook re-fetches) is spread over a whole
/// window and shared by the shop's concurrent pulls: then the ceiling cannot be reached whenever the window started.
/// </summary>
internal static class InSalesUsage
{
    /// <summary>Above this many requests per pull left, pages go at full speed (the pause would be under 3 s).</summary>
    public const int ComfortableBudget = 100;

    /// <summary>Requests used and the ceiling, when the header is present and readable.</summary>
    public static (int Used, int Ceiling)? Read(HttpResponseHeaders? headers)
    {
        if (headers is null || !headers.TryGetValues(InSalesFacts.UsageHeader, out var values))
        {
            return null;
        }
        var parts = values.FirstOrDefault()?.Split('/', StringSplitOptions.TrimEntries);
        return parts is [var used, var ceiling]
               && int.TryParse(used, NumberStyles.None, CultureInfo.InvariantCulture, out var n)
               && int.TryParse(ceiling, NumberStyles.None, CultureInfo.InvariantCulture, out var m) && m > 0
            ? (n, m)
            : null;
    }

    /// <summary>The pause before the next request of one of <paramref name="pulls"/> concurrent pulls; null when there is room.</summary>
    public static TimeSpan? Pause(int used, int ceiling, int pulls)
    {
        var budget = (ceiling - used - InSalesFacts.UsageReserve) / Math.Max(pulls, 1);
        if (budget >= ComfortableBudget)
        {
            return null;
        }
        return budget <= 1 ? InSalesFacts.UsageWindow : InSalesFacts.UsageWindow / budget;
    }
}
