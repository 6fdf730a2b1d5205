using Hub.Messaging.Channels;
using Hub.Messaging.Channels.Sms;

namespace Hub.Tests.Messaging.Sms;

/// <summary>What an SMS says: the text plus the links of buttons it cannot show, cut sensibly when it must be short.</summary>
public sealed class SmsTextTests
{
    static MessageContent Content(string text, params string[] links) =>
        new() { Text = text, Buttons = [.. links.Select(l => new MessageButton("Открыть", l))] };

    [Fact]
    public void Button_links_the_text_lacks_are_appended_once()
    {
        Assert.Equal("Заказ готов https://s.example/o/1",
            SmsText.Compose(Content(" Заказ готов ", "https://s.example/o/1", "https://s.example/o/1")));
        Assert.Equal("Заказ готов: https://s.example/o/1", SmsText.Compose(Content("Заказ готов: https://s.example/o/1", "https://s.example/o/1")));
    }

    [Fact]
    public void A_short_text_fits_unchanged()
    {
        Assert.Equal("Привет https://s.example", SmsText.Fit(Content("Привет", "https://s.example"), 70));
    }

    [Fact]
    public void A_long_text_is_cut_at_a_word_and_keeps_its_link_whole()
    {
        var text = string.Join(' ', Enumerable.Repeat("слово", 40));

        var fitted = SmsText.Fit(Content(text, "https://s.example/x"), 70);

        Assert.True(fitted.Length <= 70, fitted);
        Assert.EndsWith("слово… https://s.example/x", fitted);
    }

    [Fact]
    public void When_a_link_alone_does_not_fit_the_text_goes_without_it_rather_than_with_half_a_link()
    {
        var fitted = SmsText.Fit(Content("Короткий текст про скидки", "https://s.example/" + new string('a', 80)), 50);

        Assert.Equal("Короткий текст про скидки…", fitted);
    }
}
