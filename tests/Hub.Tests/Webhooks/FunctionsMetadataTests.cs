using System.Text.Json;
using Hub.Storage;

namespace Hub.Tests.Webhooks;

/// <summary>
/// functions.metadata is what the Functions host reads at start. A trigger bound to a queue no producer
/// writes (a rename on one side) must fail here, not in production.
/// </summary>
public sealed class FunctionsMetadataTests
{
    static JsonElement[] Functions()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "functions.metadata");
        if (!File.Exists(path))
        {
            // The test output may not carry it; the app's own build output does.
            var root = AppContext.BaseDirectory;
            var configuration = new DirectoryInfo(root).Parent!.Name; // .../bin/{Configuration}/net10.0/
            path = Path.GetFullPath(Path.Combine(root, "..", "..", "..", "..", "..", "functions", "Hub.Functions", "bin", configuration, "net10.0", "functions.metadata"));
        }
        Assert.True(File.Exists(path), $"functions.metadata not found at {path}");
        return JsonDocument.Parse(File.ReadAllText(path)).RootElement.EnumerateArray().ToArray();
    }

    static JsonElement Trigger(JsonElement function) =>
        function.GetProperty("bindings").EnumerateArray().Single(b => b.GetProperty("type").GetString()!.EndsWith("Trigger", StringComparison.Ordinal));

    [Fact]
    public void Every_queue_trigger_listens_on_a_queue_the_producers_write()
    {
        var queues = Functions().Select(Trigger).Where(t => t.GetProperty("type").GetString() == "queueTrigger")
            .Select(t => t.GetProperty("queueName").GetString()).ToArray();

        Assert.NotEmpty(queues);
        Assert.All(queues, q => Assert.Contains(q, QueueNames.All));
        Assert.Contains(QueueNames.ShopEvents, queues);
        Assert.Contains(QueueNames.SegmentJobs, queues);
        Assert.Contains(QueueNames.CustomerChanges, queues);
        Assert.Contains(QueueNames.AudienceJobs, queues);
        Assert.Contains(QueueNames.SyncPages, queues);
        Assert.Contains(QueueNames.CampaignSteps, queues);
        Assert.Contains(QueueNames.SegmentChanges, queues);
    }

    [Fact]
    public void The_storage_template_creates_every_table_and_queue_the_code_uses()
    {
        var template = File.ReadAllText(Path.Combine(RepositoryRoot(), "infra", "modules", "storage.bicep"));

        Assert.All(TableNames.All, table => Assert.Contains($"'{table}'", template));
        Assert.All(QueueNames.All, queue => Assert.Contains($"'{queue}'", template));
    }

    [Theory]
    [InlineData("AudiencesSchedule", "Audiences:Schedule")]
    [InlineData("AudienceStatusPoll", "Audiences:PollSchedule")]
    [InlineData("SyncSchedule", "Sync:Schedule")]
    [InlineData("CampaignsSchedule", "Campaigns:Schedule")]
    public void Timers_come_from_settings_the_templates_fill(string function, string setting)
    {
        var schedule = Trigger(Functions().Single(f => f.GetProperty("name").GetString() == function));
        var appSetting = setting.Replace(":", "__");

        Assert.Equal($"%{setting}%", schedule.GetProperty("schedule").GetString());
        Assert.Contains(appSetting, File.ReadAllText(Path.Combine(RepositoryRoot(), "local.settings.example.json")));
        Assert.Contains(appSetting, File.ReadAllText(Path.Combine(RepositoryRoot(), "infra", "modules", "functionapp.bicep")));
    }

    [Fact]
    public void Segment_schedule_comes_from_the_setting_the_templates_fill()
    {
        var schedule = Trigger(Functions().Single(f => f.GetProperty("name").GetString() == "SegmentsSchedule"));

        Assert.Equal("timerTrigger", schedule.GetProperty("type").GetString());
        Assert.Equal("%Segments:Schedule%", schedule.GetProperty("schedule").GetString());
        Assert.Contains("Segments__Schedule", File.ReadAllText(Path.Combine(RepositoryRoot(), "local.settings.example.json")));
        Assert.Contains("Segments__Schedule", File.ReadAllText(Path.Combine(RepositoryRoot(), "infra", "modules", "functionapp.bicep")));
    }

    static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Hub.sln")))
        {
            dir = dir.Parent;
        }
        return dir?.FullName ?? throw new DirectoryNotFoundException("Hub.sln not found above " + AppContext.BaseDirectory);
    }

    [Fact]
    public void Webhook_route_is_the_one_platforms_are_told_to_call()
    {
        var receive = Functions().Single(f => f.GetProperty("name").GetString() == "ReceiveWebhook");
        var trigger = Trigger(receive);

        // The optional last segment is the secret token of platforms that sign nothing (RetailCRM, InSales).
        Assert.Equal("webhooks/{platform}/{shopId}/{token?}", trigger.GetProperty("route").GetString());
        Assert.Equal(["post"], trigger.GetProperty("methods").EnumerateArray().Select(m => m.GetString()));
        Assert.Equal("Anonymous", trigger.GetProperty("authLevel").GetString());
    }
}
