using Hub.Audiences;
using Hub.Audiences.VkAds;
using Hub.Audiences.Yandex;
using Hub.Customers;
using Hub.Messaging;
using Hub.Messaging.Campaigns;
using Hub.Messaging.Templates;
using Hub.Messaging.Channels;
using Hub.Messaging.Channels.Email;
using Hub.Messaging.Channels.Sms;
using Hub.Messaging.Channels.Viber;
using Hub.Segments;
using Hub.Shops;
using Hub.Shops.RetailCrm;
using Hub.Shops.Shopify;
using Hub.Shops.Ecwid;
using Hub.Shops.InSales;
using Hub.Shops.Sync;
using Hub.Shops.WooCommerce;
using Hub.Storage;
using Hub.Webhooks;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Hub;

/// <summary>The hub's services, registered the same way for the Functions app, the CLI and the tests.</summary>
public static class HubRegistration
{
    public static IServiceCollection AddHubCore(this IServiceCollection services, IConfiguration configuration, StorageClients? storage = null)
    {
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(_ => storage ?? StorageClients.FromConfiguration(configuration));
        services.AddSingleton<TableBatchWriter>(sp => new TableBatchWriter(sp.GetRequiredService<StorageClients>()));
        services.AddSingleton<QueueProducer>();
        services.AddSingleton(ShopDefaults.From(configuration));
        services.AddSingleton<ShopStore>();
        services.AddSingleton(new ShopSecrets(configuration));
        services.AddSingleton<WebhookReceipts>();
        services.AddSingleton<CustomerIngestion>();
        services.AddSingleton<WebhookReceiver>();
        services.AddSingleton<ShopEventProcessor>();
        services.AddHttpClient();
        services.AddSingleton<ShopApiClients>();
        services.AddSingleton<PullSources>();
        services.AddSingleton<SyncStateStore>();
        services.AddSingleton<SyncPageApplier>();
        services.AddSingleton<SyncEngine>();
        services.AddShopifyPull();
        services.AddWooCommercePull();
        services.AddInSalesPull();
        services.AddEcwidPull();
        services.AddRetailCrmPull();
        services.AddSingleton<TableLease>();
        services.AddSingleton<SegmentDefinitionStore>();
        services.AddSingleton<SegmentStatsStore>();
        services.AddSingleton<SegmentEngine>();
        services.AddSingleton<SegmentQueueHandler>();
        services.AddSingleton<SegmentSummaryStore>();
        services.AddSingleton<SegmentOverview>();
        services.AddSingleton(sp => new CustomerStore(sp.GetRequiredService<StorageClients>()));
        services.AddSingleton(sp => new SegmentMemberStore(sp.GetRequiredService<StorageClients>()));
        services.AddSingleton<Suppressions>();
        services.AddSms(configuration);
        services.AddViber(configuration);
        services.AddSingleton(sp => new ChannelRouter(sp.GetServices<IChannelSender>(), configuration, sp.GetRequiredService<SmsProviderChoice>()));
        services.AddSingleton<TemplateRenderer>();
        services.AddSingleton<TemplateValidator>();
        services.AddSingleton<TemplateStore>();
        services.AddSendGridEmail(configuration);
        services.AddMessengers(configuration);
        services.AddSingleton<MessageDispatcher>();
        services.AddSingleton(sp => new MessageTriggers(configuration, sp.GetRequiredService<SegmentDefinitionStore>(), sp.GetRequiredService<CustomerStore>(),
            sp.GetRequiredService<SendLedger>(), sp.GetRequiredService<MessageDispatcher>(), sp.GetRequiredService<QueueProducer>(), sp.GetRequiredService<CampaignTriggers>()));
        services.AddSingleton<CampaignStore>();
        services.AddSingleton<CampaignWakeups>();
        services.AddSingleton<CampaignRunner>();
        services.AddSingleton<CampaignTriggers>();
        services.AddSingleton<CampaignScheduler>();
        services.AddSingleton<CascadeStepProcessor>();
        services.AddSingleton<CampaignPlanner>();
        services.AddSingleton<CampaignResults>();
        services.AddSingleton<CampaignValidator>();
        services.AddSingleton<DispatchQueueHandler>();
        services.AddSingleton<SendLedger>();
        services.AddSingleton<ProviderEventProcessor>();
        services.AddSingleton<ContactLog>();
        services.AddSingleton<AudienceStore>();
        services.AddSingleton<AudienceCandidateReader>();
        services.AddSingleton<AdQuotaLedger>();
        services.AddSingleton<AudiencePublisher>();
        services.AddSingleton<AudienceScheduler>();
        services.AddYandexAudience(configuration);
        services.AddVkAds(configuration);
        return services;
    }
}
