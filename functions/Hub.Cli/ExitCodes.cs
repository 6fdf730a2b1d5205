using Hub.Shops;
using Hub.Shops.Csv;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Hub.Cli;

/// <summary>
/// 0 ok, 1 usage error, 2 bad input (the message names what is wrong), 3 an audience below the ad system's minimum,
/// 4 the ad system or shop platform refused, failed or is over quota (the message says which), 70 an unexpected failure.
/// </summary>
static class ExitCodes
{
    public const int Ok = 0;
    public const int Usage = 1;
    public const int BadInput = 2;
    public const int TooSmall = 3;
    public const int Remote = 4;
    public const int Failure = 70;

    public static int Report(Exception exception)
    {
        switch (exception)
        {
            case CommandParseException or CommandRuntimeException:
                AnsiConsole.MarkupLineInterpolated($"[red]usage:[/] {exception.Message}");
                AnsiConsole.MarkupLine("Run [bold]hub --help[/] or [bold]hub COMMAND --help[/].");
                return Usage;
            case Hub.Shops.Sync.PlatformApiException:
                Console.Error.WriteLine($"error: {exception.Message}");
                return Remote;
            case BadInputException or CsvFormatException or UnknownShopException or FileNotFoundException or ArgumentException:
                Console.Error.WriteLine($"error: {exception.Message}");
                return BadInput;
            default:
                Console.Error.WriteLine($"error: {exception.GetType().Name}: {exception.Message}");
                return Failure;
        }
    }
}

/// <summary>Input the user can fix: the message names the file, row, field or value at fault.</summary>
sealed class BadInputException(string message) : Exception(message);
