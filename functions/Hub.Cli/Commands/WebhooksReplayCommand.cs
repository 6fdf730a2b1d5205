using System.ComponentModel;
using Hub.Storage;
using Hub.Webhooks;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Hub.Cli.Commands;

sealed class WebhooksReplaySettings : HubSettings
{
    [CommandOption("--shop <ID>")]
    public string Shop { get; init; } = "";

    [CommandOption("--platform <PLATFORM>")]
    public string Platform { get; init; } = "";

    [CommandOption("--body <FILE>")]
    [Description("The raw body exactly as delivered (the signature is over these bytes).")]
    public string Body { get; init; } = "";

    [CommandOption("--header <HEADER>")]
    [Description("'Name: value', repeatable: the delivery's headers, signature included.")]
    public string[] Headers { get; init; } = [];

    public override ValidationResult Validate()
    {
        if (string.IsNullOrWhiteSpace(Shop)) return ValidationResult.Error("--shop is required");
        if (string.IsNullOrWhiteSpace(Platform)) return ValidationResult.Error("--platform is required");
        if (string.IsNullOrWhiteSpace(Body)) return ValidationResult.Error("--body is required");
        var bad = Headers.FirstOrDefault(h => h.IndexOf(':') <= 0);
        return bad is null ? ValidationResult.Success() : ValidationResult.Error($"--header '{bad}' is not of the form 'Name: value'");
    }
}

/// <summary>Replays a delivery: the same receiver as the HTTP function, then the same processor as the queue trigger.</summary>
sealed class WebhooksReplayCommand : AsyncCommand<WebhooksReplaySettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, WebhooksReplaySettings settings, CancellationToken cancellationToken)
    {
        if (!File.Exists(settings.Body))
        {
            throw new BadInputException($"body file '{settings.Body}' does not exist");
        }
        using var services = CliServices.Build(settings);
        var storage = services.GetRequiredService<StorageClients>();
        await storage.EnsureCreatedAsync(cancellationToken);
        var headers = settings.Headers.Select(h => KeyValuePair.Create(h[..h.IndexOf(':')].Trim(), h[(h.IndexOf(':') + 1)..].Trim()));
        var request = WebhookRequest.Create(headers, await File.ReadAllBytesAsync(settings.Body, cancellationToken));
        var result = await services.GetRequiredService<WebhookReceiver>().ReceiveAsync(settings.Platform, settings.Shop, request, cancellationToken);
        if (!result.Accepted)
        {
            throw new BadInputException($"delivery refused ({result.StatusCode}): {result.Message}");
        }
        AnsiConsole.MarkupLineInterpolated($"{result.Message}");
        var processed = await ShopEventQueue.DrainAsync(services, settings.Shop, cancellationToken);
        AnsiConsole.MarkupLineInterpolated($"Processed {processed} queued event(s) for shop {settings.Shop}.");
        return ExitCodes.Ok;
    }
}
