using System.Text.Json;
using System.Text.Json.Nodes;
using Hub.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Spectre.Console.Cli;

namespace Hub.Cli;

/// <summary>Options every command shares.</summary>
class HubSettings : CommandSettings
{
    [CommandOption("--storage <CONNECTION>")]
    [System.ComponentModel.Description("Storage connection string. Default: the AzureWebJobsStorage environment variable, else local Azurite (UseDevelopmentStorage=true).")]
    public string? Storage { get; init; }
}

/// <summary>
/// The CLI's configuration and services: the same registration as the Functions app. Settings come from
/// environment variables (<c>Shops__demo__WebhookSecret</c>), the Values of ./local.settings.json, and the
/// local settings file that <c>hub shops add --webhook-secret</c> writes (<see cref="LocalSettingsPath"/>).
/// </summary>
static class CliServices
{
    public static string LocalSettingsPath =>
        Environment.GetEnvironmentVariable("HUB_SETTINGS_FILE")
        ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".config", "hub", "settings.json");

    public static ServiceProvider Build(HubSettings settings, StorageClients? storage = null, IDictionary<string, string?>? overrides = null, TimeProvider? time = null)
    {
        var configuration = Configuration(overrides);
        var connection = settings.Storage ?? configuration["AzureWebJobsStorage"];
        storage ??= string.IsNullOrWhiteSpace(connection)
            ? StorageClients.FromConnectionString("UseDevelopmentStorage=true")
            : StorageClients.FromConfiguration(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["AzureWebJobsStorage"] = connection }).Build());
        return new ServiceCollection()
            .AddLogging(logging => logging.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning))
            .AddHubCore(configuration, storage)
            .AddSingleton(time ?? TimeProvider.System)
            .BuildServiceProvider();
    }

    public static IConfiguration Configuration(IDictionary<string, string?>? overrides = null)
    {
        var builder = new ConfigurationBuilder();
        if (File.Exists(LocalSettingsPath))
        {
            builder.AddJsonFile(LocalSettingsPath, optional: true);
        }
        var localSettings = Path.Combine(Directory.GetCurrentDirectory(), "local.settings.json");
        if (File.Exists(localSettings) && JsonNode.Parse(File.ReadAllText(localSettings))?["Values"] is JsonObject values)
        {
            builder.AddInMemoryCollection(values.Select(v => KeyValuePair.Create(v.Key.Replace("__", ":"), v.Value?.ToString())));
        }
        builder.AddEnvironmentVariables();
        if (overrides is not null)
        {
            builder.AddInMemoryCollection(overrides);
        }
        return builder.Build();
    }

    /// <summary>Keeps a setting in the local settings file (mode 600), for local runs only: in Azure, secrets are Key Vault references.</summary>
    public static void SaveLocalSetting(string key, string value)
    {
        var path = LocalSettingsPath;
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var root = File.Exists(path) ? JsonNode.Parse(File.ReadAllText(path)) as JsonObject ?? [] : [];
        var node = root;
        var parts = key.Split(':');
        foreach (var part in parts[..^1])
        {
            if (node[part] is not JsonObject child)
            {
                node[part] = child = [];
            }
            node = child;
        }
        node[parts[^1]] = value;
        File.WriteAllText(path, root.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }
}
