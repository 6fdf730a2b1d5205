namespace Hub.Cli.Demo;

/// <summary>
/// The demo's clock: the real time until the demo moves it on, so a cascade's two-day reaction window can pass in a
/// second. Only ever forward. Everything the hub does reads time from its TimeProvider, so this is the one change.
/// </summary>
sealed class DemoClock : TimeProvider
{
    TimeSpan ahead;

    public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + ahead;

    public void Advance(TimeSpan by) => ahead += by > TimeSpan.Zero ? by : TimeSpan.Zero;
}
