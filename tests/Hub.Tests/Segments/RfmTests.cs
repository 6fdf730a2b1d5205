using Hub.Segments;
using static Hub.Tests.Segments.SegmentFixtures;

namespace Hub.Tests.Segments;

public sealed class RfmTests
{
    [Fact]
    public void Quintiles_give_equal_values_equal_scores()
    {
        // Ten customers' order counts: six bought once, two twice, one three times, one eight times.
        var q = Quintiles.From([1, 1, 1, 1, 1, 1, 2, 2, 3, 8]);

        // score = 1 + ⌊5 · (values below) / 10⌋: 1 → 1; 2 → 1 + ⌊5·6/10⌋ = 4; 3 → 1 + ⌊5·8/10⌋ = 5; 8 → 1 + ⌊5·9/10⌋ = 5.
        Assert.Equal([1, 4, 5, 5], new decimal[] { 1, 2, 3, 8 }.Select(q.Score));
    }

    [Fact]
    public void Quintiles_of_distinct_values_split_in_fifths()
    {
        var q = Quintiles.From([.. Enumerable.Range(1, 10).Select(i => (decimal)i)]);
        Assert.Equal([1, 1, 2, 2, 3, 3, 4, 4, 5, 5], Enumerable.Range(1, 10).Select(i => q.Score(i)));
        // A value outside the population is placed where it would fall.
        Assert.Equal(5, q.Score(100));
        Assert.Equal(1, q.Score(0));
    }

    [Theory]
    [InlineData(5, 5, "rfm-champions")]
    [InlineData(5, 4, "rfm-champions")]
    [InlineData(4, 5, "rfm-loyal")]
    [InlineData(3, 4, "rfm-loyal")]
    [InlineData(5, 2, "rfm-potential-loyalists")]
    [InlineData(4, 3, "rfm-potential-loyalists")]
    [InlineData(5, 1, "rfm-new")]
    [InlineData(4, 1, "rfm-promising")]
    [InlineData(3, 3, "rfm-need-attention")]
    [InlineData(3, 1, "rfm-about-to-sleep")]
    [InlineData(3, 2, "rfm-about-to-sleep")]
    [InlineData(2, 3, "rfm-at-risk")]
    [InlineData(1, 4, "rfm-at-risk")]
    [InlineData(1, 5, "rfm-cant-lose")]
    [InlineData(2, 5, "rfm-cant-lose")]
    [InlineData(2, 1, "rfm-hibernating")]
    [InlineData(1, 2, "rfm-lost")]
    public void Each_cell_of_the_grid_has_its_name(int r, int f, string id) => Assert.Equal(id, RfmGrid.Of(r, f).Id);

    [Fact]
    public void Known_customers_land_in_their_named_segments()
    {
        // Five buyers: recency 1, 10, 30, 100, 400 days; orders 9, 1, 3, 5, 1; spent 9000, 500, 3000, 7000, 200.
        var shop = new[]
        {
            Customer("a", 9, 9000m, 1, 700),
            Customer("b", 1, 500m, 10),
            Customer("c", 3, 3000m, 30, 300),
            Customer("d", 5, 7000m, 100, 650),
            Customer("e", 1, 200m, 400),
            Customer("lead"),
        };
        var stats = Learn(shop);
        var evaluator = Evaluator(stats);

        var scores = shop.Take(5).Select(c => evaluator.Place(c, []).Rfm!).ToArray();

        // Recency (fewer days better): 1→5, 10→4, 30→3, 100→2, 400→1. Frequency: 9→5, 1 (twice)→1, 3→3, 5→4.
        Assert.Equal(new RfmScore(5, 5, 5), scores[0]);
        Assert.Equal(new RfmScore(4, 1, 2), scores[1]);
        Assert.Equal(new RfmScore(3, 3, 3), scores[2]);
        Assert.Equal(new RfmScore(2, 4, 4), scores[3]);
        Assert.Equal(new RfmScore(1, 1, 1), scores[4]);
        Assert.Equal(["rfm-champions", "rfm-promising", "rfm-need-attention", "rfm-at-risk", "rfm-lost"], scores.Select(s => s.Segment.Id));
        Assert.Contains("rfm-champions", evaluator.Place(shop[0], []).Ids());
        Assert.Null(evaluator.Place(shop[5], []).Rfm);
    }
}
