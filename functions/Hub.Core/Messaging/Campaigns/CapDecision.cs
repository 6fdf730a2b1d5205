using Hub.Customers;

namespace Hub.Messaging.Campaigns;

/// <summary>A planned marketing send to one customer. <see cref="Source"/> names the message (a campaign step): one source counts once per customer.</summary>
public sealed record CapRequest(string CustomerId, Channel Channel, string Source);

/// <summary>
/// One customer's verdict: <see cref="Allowed"/> (and, for <see cref="ContactLog.ReserveAsync"/>, reserved), else
/// <see cref="NotBefore"/> = the earliest instant at which every rule would allow it, and <see cref="Rule"/> = the rule
/// that stopped it (its <see cref="CapRule.ToString"/>): the one whose slot frees last.
/// </summary>
public sealed record CapDecision(string CustomerId, bool Allowed, DateTimeOffset? NotBefore, string? Rule);

/// <summary>A marketing send counted against a customer's caps: when it was reserved, on which channel, for which source.</summary>
public sealed record ContactLogEntry(DateTimeOffset At, Channel Channel, string Source);
