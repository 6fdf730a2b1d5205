using Hub.Customers;

namespace Hub.Cli.Reports;

/// <summary>
/// How reports show a channel: its name as marketers write it and one colour, the same in every image and page.
/// The colours are the Okabe–Ito palette, told apart also by colour-blind readers.
/// </summary>
internal static class ChannelPalette
{
    public static string Name(Channel channel) => channel switch
    {
        Channel.Email => "Email",
        Channel.Sms => "SMS",
        Channel.Telegram => "Telegram",
        Channel.WhatsApp => "WhatsApp",
        Channel.Viber => "Viber",
        Channel.Vk => "VK",
        Channel.Ads => "Ads",
        _ => channel.ToString(),
    };

    /// <summary>`#0072b2`: the channel's colour as CSS and <see cref="ScottPlot.Color.FromHex"/> read it.</summary>
    public static string Hex(Channel channel) => channel switch
    {
        Channel.Email => "#0072b2",
        Channel.Sms => "#e69f00",
        Channel.Telegram => "#56b4e9",
        Channel.WhatsApp => "#009e73",
        Channel.Viber => "#cc79a7",
        Channel.Vk => "#d55e00",
        _ => "#6e7781",
    };
}
