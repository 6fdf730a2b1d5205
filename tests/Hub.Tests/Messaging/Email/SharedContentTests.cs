using System.Text;
using Hub.Messaging.Channels.Email;

namespace Hub.Tests.Messaging.Email;

/// <summary>The shared body with substitution tags: whatever the texts, each member gets back exactly its own.</summary>
public sealed class SharedContentTests
{
    const string Layout = "<html><body><h1>Hello, {0}!</h1><p>Points: {1}</p><p>Same for everyone: the sale lasts until Sunday.</p>{2}<a href=\"https://hub.example/u/{3}\">Unsubscribe</a></body></html>";

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void Every_member_renders_back_to_its_own_text(int seed)
    {
        var random = new Random(seed);
        var texts = Enumerable.Range(0, 300).Select(_ => Variant(random)).ToList();

        var shared = Fit(texts);

        Assert.NotEmpty(shared.Members);
        Assert.All(shared.Members, m => Assert.Equal(texts[m], Render(shared, m)));
        Assert.All(shared.Members, m => Assert.True(shared.SubstitutionBytes(m) <= SendGridMail.MaxSubstitutionBytes));
        Assert.True(shared.Text!.Tags.Count <= SendGridMail.MaxSubstitutions);
        Assert.True(shared.Members.Count > 250, $"Only {shared.Members.Count} of 300 similar texts shared one body.");
    }

    [Fact]
    public void Differences_at_the_very_start_and_end_and_empty_texts_render_back()
    {
        var texts = new List<string> { "shared middle part of the text", "X shared middle part of the text Y", "", "shared middle part of the text!", "😀shared middle part of the text😀" };

        var shared = Fit(texts);

        Assert.Equal(Enumerable.Range(0, texts.Count), shared.Members);
        Assert.All(shared.Members, m => Assert.Equal(texts[m], Render(shared, m)));
    }

    [Fact]
    public void A_changed_emoji_never_splits_a_surrogate_pair()
    {
        var texts = new List<string> { "Thanks for your order 😀 see you soon", "Thanks for your order 😃 see you soon" };

        var shared = Fit(texts);

        Assert.All(shared.Text!.Values.Values.SelectMany(v => v).Append(shared.Text.Text), t => Assert.True(IsWellFormed(t), t));
        Assert.All(shared.Members, m => Assert.Equal(texts[m], Render(shared, m)));
    }

    [Fact]
    public void Identical_texts_need_no_tags()
    {
        var shared = Fit(["Order shipped.", "Order shipped.", "Order shipped."]);

        Assert.Empty(shared.Text!.Tags);
        Assert.Equal("Order shipped.", shared.Text.Text);
        Assert.Null(shared.Substitutions(1));
    }

    [Fact]
    public void A_member_whose_own_part_is_too_big_is_left_for_another_request()
    {
        var texts = new List<string> { string.Format(Layout, "Anna", 1, "", "a"), string.Format(Layout, "Boris", 2, new string('x', 12_000), "b"), string.Format(Layout, "Vera", 3, "", "c") };

        var shared = Fit(texts);

        Assert.Equal([0, 2], shared.Members);
    }

    [Fact]
    public void A_reference_that_shares_little_with_the_others_may_itself_be_left_out()
    {
        var odd = new string('q', 9_000) + string.Format(Layout, "Odd", 0, "", "z");
        var texts = new List<string> { odd }.Concat(Enumerable.Range(1, 5).Select(n => string.Format(Layout, "Name" + n, n, "<p>" + new string('w', 1500) + "</p>", n))).ToList();

        var shared = Fit(texts);

        Assert.All(shared.Members, m => Assert.Equal(texts[m], Render(shared, m)));
        Assert.All(shared.Members, m => Assert.True(shared.SubstitutionBytes(m) <= SendGridMail.MaxSubstitutionBytes));
    }

    static SharedContent Fit(IReadOnlyList<string> texts) =>
        SharedContent.Fit(Enumerable.Range(0, texts.Count).ToList(), i => texts[i], _ => null, n => $"[hub:{n}]");

    static string Render(SharedContent shared, int member) =>
        (shared.Substitutions(member) ?? []).Aggregate(shared.Text!.Text, (t, s) => t.Replace(s.Key, s.Value, StringComparison.Ordinal));

    static string Variant(Random random)
    {
        string[] names = ["Анна", "Boris", "Vera 😀", "Ivan-Petrov", "Zoë", "O'Neil", ""];
        var extra = random.Next(4) switch
        {
            0 => "",
            1 => "<p>Your brand Nord is back.</p>",
            2 => "<p>Cart: " + string.Join(", ", Enumerable.Range(0, random.Next(1, 6)).Select(i => $"item {random.Next(1000)}")) + "</p>",
            _ => "<p>Birthday gift inside!</p>",
        };
        var text = string.Format(Layout, names[random.Next(names.Length)], random.Next(100_000), extra, random.Next().ToString("x8"));
        return random.Next(10) == 0 ? "P.S. " + text + " P.P.S." : text;
    }

    static bool IsWellFormed(string text)
    {
        try
        {
            _ = new UTF8Encoding(false, throwOnInvalidBytes: true).GetBytes(text);
            return true;
        }
        catch (EncoderFallbackException)
        {
            return false;
        }
    }
}
