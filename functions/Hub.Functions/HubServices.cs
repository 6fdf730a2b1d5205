using Hub.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Hub.Functions;

static class HubServices
{
    public static IServiceCollection AddHub(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddHubCore(configuration);
        services.AddHostedService<StorageInitializer>();
        return services;
    }
}

/// <summary>Creates tables, queues and containers at start (in Azure, Bicep has already made them).</summary>
sealed class StorageInitializer(StorageClients clients) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => clients.EnsureCreatedAsync(cancellationToken);
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
