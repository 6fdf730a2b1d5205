namespace Hub.Messaging.Templates;

/// <summary>
/// The built-in templates, in Russian, for the demo and the triggers: order status (transactional) and the
/// marketing triggers. A shop's own template with the same id replaces one (<see cref="TemplateStore"/>).
/// The ids are what campaigns and triggers refer to: never rename one.
/// </summary>
public static class DefaultTemplates
{
    public const string OrderAccepted = "order-accepted";
    public const string OrderShipped = "order-shipped";
    public const string OrderDelivered = "order-delivered";
    public const string AbandonedCart = "abandoned-cart";
    public const string Birthday = "birthday";
    public const string Replenishment = "replenishment";
    public const string WinBack = "win-back";

    /// <summary>The shop id the built-ins carry until <see cref="For(string)"/> gives them a shop's.</summary>
    public const string NoShop = "defaults";

    public static readonly IReadOnlyList<MessageTemplate> All =
    [
        .. DefaultOrderTemplates.All,
        .. DefaultMarketingTemplates.All,
    ];

    /// <summary>The built-ins as <paramref name="shopId"/>'s templates.</summary>
    public static IEnumerable<MessageTemplate> For(string shopId) => All.Select(t => t with { ShopId = shopId });

    /// <summary>The built-in with this id as <paramref name="shopId"/>'s, or null.</summary>
    public static MessageTemplate? For(string shopId, string templateId) =>
        All.FirstOrDefault(t => t.Id == templateId) is { } found ? found with { ShopId = shopId } : null;
}
