using Hub.Customers;

namespace Hub.Audiences;

/// <summary>
/// A segment member as the audience file sees them: their contacts and consents, whether they are also in the
/// audience's exclusion segment, whether the customer is gone (erased, deleted on the platform, merged away), and
/// whether they unsubscribed from all marketing (every email and phone they have is on the shop's suppression lists).
/// </summary>
public sealed record AudienceCandidate(
    string CustomerId,
    IReadOnlyList<ContactPoint> Emails,
    IReadOnlyList<ContactPoint> Phones,
    IReadOnlyDictionary<Channel, Consent> Consents,
    bool Gone = false,
    bool InExclusionSegment = false,
    bool Unsubscribed = false);

/// <summary>Why a member is not in the file. Kebab-case names appear in sync records, the CLI and JSON.</summary>
public enum AudienceExclusion
{
    /// <summary>Also in the audience's exclusion segment.</summary>
    ExcludedSegment,
    /// <summary>Erased, deleted on the shop platform, or merged into another customer.</summary>
    Gone,
    /// <summary>No advertising consent (per the audience's consent rule).</summary>
    NoAdsConsent,
    /// <summary>Unsubscribed from all marketing: every email and phone they have is suppressed (unsubscribe, spam report, stop).</summary>
    Unsubscribed,
    /// <summary>No valid contact of a kind the ad system takes (invalid contacts are flagged at ingestion).</summary>
    NoContact,
    /// <summary>Every contact already in the file through another member.</summary>
    Duplicate,
}

/// <summary>Which members count as consenting to advertising.</summary>
public enum AdsConsentRule
{
    /// <summary>Only members with an advertising consent granted (CSV column "Согласие на рекламу"/ads_consent).</summary>
    Granted,
    /// <summary>Everyone except members who refused advertising: for shops whose privacy policy covers ad matching.</summary>
    NotDenied,
}

public static class AudienceConsent
{
    /// <summary>Why this member may not go to an ad system, or null when they may.</summary>
    public static AudienceExclusion? Refusal(AudienceCandidate candidate, AdsConsentRule rule)
    {
        if (candidate.Gone)
        {
            return AudienceExclusion.Gone;
        }
        if (candidate.InExclusionSegment)
        {
            return AudienceExclusion.ExcludedSegment;
        }
        var ads = candidate.Consents.TryGetValue(Channel.Ads, out var consent) ? consent.State : (ConsentState?)null;
        if (ads == ConsentState.Denied || (rule == AdsConsentRule.Granted && ads != ConsentState.Granted))
        {
            return AudienceExclusion.NoAdsConsent;
        }
        return candidate.Unsubscribed ? AudienceExclusion.Unsubscribed : null;
    }
}
