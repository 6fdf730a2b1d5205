using Hub.Cli;
using Spectre.Console;

namespace Hub.Tests.Cli;

/// <summary>
/// Runs `hub` in-process against the test Azurite with its own settings file, capturing Console and Spectre's console
/// (which otherwise keeps the first writer it saw). Tests that use it belong to the <see cref="ConsoleCapture"/> collection.
/// </summary>
sealed class HubCliRun(AzuriteFixture azurite) : IDisposable
{
    readonly string? previousSettings = Environment.GetEnvironmentVariable("HUB_SETTINGS_FILE");

    public string Folder { get; } = Directory.CreateTempSubdirectory("hub-cli-").FullName;

    public void Dispose()
    {
        Environment.SetEnvironmentVariable("HUB_SETTINGS_FILE", previousSettings);
        Directory.Delete(Folder, recursive: true);
    }

    public async Task<(int Exit, string Out, string Error)> RunAsync(params string[] args)
    {
        Environment.SetEnvironmentVariable("HUB_SETTINGS_FILE", Path.Combine(Folder, "settings.json"));
        var (stdout, stderr, ansi) = (Console.Out, Console.Error, AnsiConsole.Console);
        var (o, e) = (new StringWriter(), new StringWriter());
        Console.SetOut(o);
        Console.SetError(e);
        AnsiConsole.Console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(o),
        });
        AnsiConsole.Console.Profile.Width = 240;
        try
        {
            var exit = await HubCli.RunAsync([.. args, "--storage", azurite.ConnectionString]);
            return (exit, o.ToString(), e.ToString());
        }
        finally
        {
            Console.SetOut(stdout);
            Console.SetError(stderr);
            AnsiConsole.Console = ansi;
        }
    }

    public string Write(string name, string text)
    {
        var path = Path.Combine(Folder, name);
        File.WriteAllText(path, text);
        return path;
    }
}
