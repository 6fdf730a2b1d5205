using Hub.Customers;
using Hub.Messaging.Campaigns;

namespace Hub.Tests.Messaging.Campaigns;

/// <summary>Cap rules as marketers write them: "3/7d", "sms:1/3d", and clear errors for anything else.</summary>
public sealed class CapRuleTests
{
    [Theory]
    [InlineData("3/7d", null, 3, 7 * 24 * 60, "3/7d")]
    [InlineData("sms:1/3d", Channel.Sms, 1, 3 * 24 * 60, "sms:1/3d")]
    [InlineData("email:2/24h", Channel.Email, 2, 24 * 60, "email:2/1d")]
    [InlineData("email:2/36h", Channel.Email, 2, 36 * 60, "email:2/36h")]
    [InlineData(" WhatsApp : 1 / 2w ", Channel.WhatsApp, 1, 14 * 24 * 60, "whatsapp:1/14d")]
    [InlineData("telegram:5/90min", Channel.Telegram, 5, 90, "telegram:5/90min")]
    [InlineData("VK:100/366d", Channel.Vk, 100, 366 * 24 * 60, "vk:100/366d")]
    public void Parses_what_marketers_write_and_prints_it_back_in_a_form_that_parses_to_the_same_rule(string text, Channel? channel, int max, int minutes, string printed)
    {
        var rule = CapRule.Parse(text);

        Assert.Equal(new CapRule(channel, max, TimeSpan.FromMinutes(minutes)), rule);
        Assert.Equal(printed, rule.ToString());
        Assert.Equal(rule, CapRule.Parse(rule.ToString()));
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("   ", "empty")]
    [InlineData("3-7d", "expected {count}/{window}")]
    [InlineData("fax:1/3d", "unknown channel \"fax\"")]
    [InlineData("ads:1/3d", "unknown channel \"ads\"")]
    [InlineData("1:1/3d", "unknown channel \"1\"")]
    [InlineData("0/7d", "count \"0\"")]
    [InlineData("x/7d", "count \"x\"")]
    [InlineData("-1/7d", "count \"-1\"")]
    [InlineData("101/7d", "count \"101\"")]
    [InlineData("3/7x", "window \"7x\"")]
    [InlineData("3/d", "window \"d\"")]
    [InlineData("3/7", "window \"7\"")]
    [InlineData("3/7m", "\"m\" could mean minutes or months")]
    [InlineData("3/0d", "window \"0d\" must be more than zero")]
    [InlineData("3/367d", "window \"367d\"")]
    [InlineData("3/99999999999999999999d", "window \"99999999999999999999d\"")]
    [InlineData("sms:3/", "window \"\"")]
    public void Bad_rules_are_refused_naming_the_part_at_fault(string text, string named)
    {
        var error = Assert.Throws<FormatException>(() => CapRule.Parse(text));

        Assert.Contains(named, error.Message);
    }

    [Fact]
    public void A_rule_built_in_code_is_held_to_the_same_limits()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new CapRule(null, 0, TimeSpan.FromDays(7)));
        Assert.Throws<ArgumentOutOfRangeException>(() => new CapRule(null, 3, TimeSpan.Zero));
        Assert.Throws<ArgumentOutOfRangeException>(() => new CapRule(null, 3, TimeSpan.FromSeconds(30)));
        Assert.Throws<ArgumentOutOfRangeException>(() => new CapRule(Channel.Ads, 3, TimeSpan.FromDays(7)));
    }
}
