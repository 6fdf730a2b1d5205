using System.Text.RegularExpressions;
using Hub.Shops.Shopify;

namespace Hub.Tests.Shops.Shopify;

/// <summary>
/// The GraphQL documents hold together as Shopify validates them before running anything: braces balance, every
/// variable declared is used and every one used is declared, every fragment spread is defined and every fragment used.
/// </summary>
public sealed partial class ShopifyQueriesTests
{
    public static TheoryData<string, string> Queries => new()
    {
        { nameof(ShopifyQueries.Customers), ShopifyQueries.Customers },
        { nameof(ShopifyQueries.Orders), ShopifyQueries.Orders },
        { nameof(ShopifyQueries.Carts), ShopifyQueries.Carts },
        { nameof(ShopifyQueries.Customer), ShopifyQueries.Customer },
        { nameof(ShopifyQueries.Order), ShopifyQueries.Order },
        { nameof(ShopifyQueries.MoreLineItems), ShopifyQueries.MoreLineItems },
    };

    [Theory]
    [MemberData(nameof(Queries))]
    public void A_query_is_one_operation_whose_variables_and_fragments_all_match(string name, string query)
    {
        var depth = 0;
        foreach (var c in query)
        {
            depth += c == '{' ? 1 : c == '}' ? -1 : 0;
            Assert.True(depth >= 0, $"{name}: a '}}' closes nothing");
        }
        Assert.Equal(0, depth);
        Assert.Single(Operation().Matches(query));

        var header = query[..query.IndexOf('{')];
        var declared = Variable().Matches(header).Select(m => m.Groups[1].Value).ToHashSet();
        var used = Variable().Matches(query[header.Length..]).Select(m => m.Groups[1].Value).ToHashSet();
        Assert.Equal(declared.Order(), used.Order());

        var defined = Fragment().Matches(query).Select(m => m.Groups[1].Value).ToList();
        var spread = Spread().Matches(query).Select(m => m.Groups[1].Value).ToHashSet();
        Assert.Equal(defined.Count, defined.Distinct().Count());
        Assert.Equal(defined.Order(), spread.Order());
    }

    [GeneratedRegex(@"(?m)^\s*query\s+\w+")]
    private static partial Regex Operation();

    [GeneratedRegex(@"\$(\w+)")]
    private static partial Regex Variable();

    [GeneratedRegex(@"fragment\s+(\w+)\s+on\s+\w+")]
    private static partial Regex Fragment();

    [GeneratedRegex(@"\.\.\.(\w+)")]
    private static partial Regex Spread();
}
