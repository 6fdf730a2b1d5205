namespace Hub.Storage;

/// <summary>Every table the hub uses; keys are described in docs/storage.md.</summary>
public static class TableNames
{
    public const string Shops = "Shops";
    public const string Customers = "Customers";
    public const string Identities = "Identities";
    public const string Orders = "Orders";
    public const string Carts = "Carts";
    public const string Merges = "Merges";
    public const string WebhookReceipts = "WebhookReceipts";

    public static readonly IReadOnlyList<string> All =
        [Shops, Customers, Identities, Orders, Carts, Merges, WebhookReceipts];
}

/// <summary>Every queue the hub uses. Function triggers bind to these constants, so a rename breaks the build, not production.</summary>
public static class QueueNames
{
    public const string ShopEvents = "shop-events";

    public static readonly IReadOnlyList<string> All = [ShopEvents];
}

/// <summary>Blob containers the hub writes (besides the Functions runtime's own).</summary>
public static class BlobContainers
{
    public const string ClaimChecks = "claim-checks";
}
