using Hub.Customers;
using Hub.Messaging.Channels.Sms;

namespace Hub.Tests.Messaging.Sms;

/// <summary>The shop chooses its SMS provider; both SMS senders and the Viber sender are registered once.</summary>
public sealed class SmsProviderChoiceTests
{
    [Theory]
    [InlineData(null, "smsc")]
    [InlineData("", "smsc")]
    [InlineData("smsc", "smsc")]
    [InlineData("smsaero", "smsaero")]
    [InlineData(" SmsAero ", "smsaero")]
    public void A_shop_sends_through_the_provider_it_chose_and_smsc_by_default(string? chosen, string expected)
    {
        using var host = new SmsHost(new Dictionary<string, string?> { [SmsProviderChoice.Key("shop-a")] = chosen });

        Assert.Equal(expected, host.Choice.ProviderFor("shop-a"));
        var sender = host.Choice.SenderFor("shop-a");
        Assert.Equal((expected, Channel.Sms), (sender.Provider, sender.Channel));
    }

    [Fact]
    public void Shops_choose_independently()
    {
        using var host = new SmsHost(new Dictionary<string, string?> { [SmsProviderChoice.Key("shop-a")] = "smsaero" });

        Assert.Equal(("smsaero", "smsc"), (host.Choice.ProviderFor("shop-a"), host.Choice.ProviderFor("shop-b")));
    }

    [Fact]
    public void An_unknown_provider_is_a_configuration_error_naming_the_setting()
    {
        using var host = new SmsHost(new Dictionary<string, string?> { [SmsProviderChoice.Key("shop-a")] = "smsru" });

        var error = Assert.Throws<InvalidOperationException>(() => host.Choice.ProviderFor("shop-a"));

        Assert.Contains("Shops:shop-a:SmsProvider", error.Message);
        Assert.Contains("Shops__shop-a__SmsProvider", error.Message);
        Assert.Contains("smsc, smsaero", error.Message);
    }

    [Fact]
    public void Registering_sms_and_viber_gives_each_sender_once_with_one_message_per_call()
    {
        using var host = new SmsHost([]);

        Assert.Equal([("smsaero", Channel.Sms), ("smsc", Channel.Sms), ("viber", Channel.Viber)],
            host.Senders.Select(s => (s.Provider, s.Channel)).Order());
        Assert.All(host.Senders, s => Assert.Equal(1, s.MaxBatch));
    }
}
