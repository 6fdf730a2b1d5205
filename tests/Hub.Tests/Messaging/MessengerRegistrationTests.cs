using Hub.Customers;
using Hub.Messaging.Channels;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Hub.Tests.Messaging;

public sealed class MessengerRegistrationTests
{
    [Fact]
    public void The_three_messengers_register_one_sender_and_one_webhook_each_however_often_they_are_added()
    {
        var configuration = new ConfigurationBuilder().Build();
        using var services = new ServiceCollection().AddLogging()
            .AddMessengers(configuration)
            .AddMessengers(configuration)
            .BuildServiceProvider();

        var senders = services.GetServices<IChannelSender>().ToList();
        Assert.Equal(
            [(Channel.Telegram, "telegram", 1), (Channel.WhatsApp, "whatsapp", 1), (Channel.Vk, "vk", 1)],
            senders.Select(s => (s.Channel, s.Provider, s.MaxBatch)));
        Assert.Equal(["telegram", "whatsapp", "vk"], services.GetServices<IProviderEventSource>().Select(s => s.Provider));
    }
}
