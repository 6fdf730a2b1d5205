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
    public const string Segments = "Segments";
    public const string SegmentMembers = "SegmentMembers";
    public const string SegmentStats = "SegmentStats";
    public const string SegmentSummaries = "SegmentSummaries";
    public const string Leases = "Leases";
    public const string Audiences = "Audiences";
    public const string AudienceSyncs = "AudienceSyncs";
    /// <summary>Calls counted against ad systems' quotas, shared by every instance.</summary>
    public const string AdQuotas = "AdQuotas";
    /// <summary>One row per message: claimed before any provider call, then its outcome and the person's reactions.</summary>
    public const string SendLedger = "SendLedger";
    /// <summary>Our message id and each provider's message id → the ledger row.</summary>
    public const string MessageRefs = "MessageRefs";
    public const string Suppressions = "Suppressions";
    /// <summary>Provider webhook events seen, by provider and event id: repeated deliveries are dropped.</summary>
    public const string ProviderEvents = "ProviderEvents";
    /// <summary>Frequency caps: each customer's recent marketing sends, PartitionKey <c>{shop}|{bucket:00}</c>, RowKey customer id.</summary>
    public const string ContactLog = "ContactLog";

    /// <summary>Message templates: PartitionKey shop, RowKey template id.</summary>
    public const string Templates = "Templates";

    /// <summary>Pull sync cursors and progress: PartitionKey shop, RowKey <c>{platform}|{resource}</c>.</summary>
    public const string SyncState = "SyncState";

    /// <summary>Campaign definitions and the shop's campaign settings: PartitionKey shop, RowKey campaign id or <c>~settings</c>.</summary>
    public const string Campaigns = "Campaigns";
    /// <summary>Campaign runs: PartitionKey shop, RowKey <c>{campaignId}|{runKey}</c>.</summary>
    public const string CampaignRuns = "CampaignRuns";
    /// <summary>Cascade steps and deferred messages waiting for their time: PartitionKey shop, RowKey <c>{due ticks}|…</c>.</summary>
    public const string CampaignWakeups = "CampaignWakeups";

    public static readonly IReadOnlyList<string> All =
        [Campaigns, CampaignRuns, CampaignWakeups, Shops, Customers, Identities, Orders, Carts, Merges, WebhookReceipts, Segments, SegmentMembers, SegmentStats, SegmentSummaries, Leases, Audiences, AudienceSyncs, AdQuotas, SendLedger, MessageRefs, Suppressions, ProviderEvents, ContactLog, Templates, SyncState];
}

/// <summary>Every queue the hub uses. Function triggers bind to these constants, so a rename breaks the build, not production.</summary>
public static class QueueNames
{
    public const string ShopEvents = "shop-events";
    /// <summary>A customer changed (an order, a profile, a cart, a merge): recompute their segments now.</summary>
    public const string CustomerChanges = "customer-changes";
    /// <summary>Segment computation work: a shop's run (learn, then fan out) and its buckets.</summary>
    public const string SegmentJobs = "segment-jobs";
    /// <summary>Customers who entered or left a segment, for the campaigns that react to it.</summary>
    public const string SegmentChanges = "segment-changes";
    /// <summary>Audience syncs that are due: build the file and upload it.</summary>
    public const string AudienceJobs = "audience-jobs";
    /// <summary>Messages to send: a batch of recipients of one step of one campaign or trigger.</summary>
    public const string Dispatch = "dispatch";

    /// <summary>Pull sync: the next page of one shop's pull of one resource.</summary>
    public const string SyncPages = "sync-pages";

    /// <summary>One cascade step of one campaign run for a batch of one bucket's customers.</summary>
    public const string CampaignSteps = "campaign-steps";

    public static readonly IReadOnlyList<string> All = [CampaignSteps, ShopEvents, CustomerChanges, SegmentJobs, SegmentChanges, AudienceJobs, Dispatch, SyncPages];
}

/// <summary>Blob containers the hub writes (besides the Functions runtime's own).</summary>
public static class BlobContainers
{
    public const string ClaimChecks = "claim-checks";
}
