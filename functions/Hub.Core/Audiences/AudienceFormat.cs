using System.Security.Cryptography;

namespace Hub.Audiences;

/// <summary>How a phone is written before hashing: digits with the country code and no '+' (Yandex, VK), or E.164 with '+' (Google).</summary>
public enum PhoneStyle { DigitsNoPlus, E164 }

/// <summary>
/// What one ad system accepts as a contact file (../shared/specs/ad-systems.md): the header line, which contacts go in,
/// how a phone is written, the hash, and the fewest unique contacts the system takes. One instance per system in
/// <see cref="AudienceFormats"/>; correcting a fact about a system means changing one line there.
/// </summary>
public sealed record AudienceFormat(
    string System,
    string DisplayName,
    int MinimumUniqueContacts,
    string? Header,
    bool Emails,
    bool Phones,
    PhoneStyle PhoneStyle,
    HashAlgorithmName Hash,
    string FileExtension)
{
    /// <summary>Hex characters of one hashed value.</summary>
    public int HexLength => Hash == HashAlgorithmName.MD5 ? 32 : 64;

    public string TooSmallMessage(long unique) =>
        $"{unique:N0} unique contacts; {DisplayName} needs at least {MinimumUniqueContacts:N0}";
}

public static class AudienceFormats
{
    /// <summary>
    /// Yandex Audience CRM segment: CSV with header <c>email,phone</c>, each value SHA-256 lower-case hex of the trimmed
    /// lower-case email or the phone's digits with country code; at least 100 rows ("There must be at least 100 entries").
    /// </summary>
    public static readonly AudienceFormat Yandex = new(
        "yandex", "Yandex Audience", 100, "email,phone", Emails: true, Phones: true, PhoneStyle.DigitsNoPlus, HashAlgorithmName.SHA256, "csv");

    /// <summary>
    /// VK Ads remarketing users list of type <c>phones</c>: one MD5 hex per line, no header; 2,000 to 5,000,000 unique
    /// items (myTarget-era rule). Email lists and SHA-256 are unconfirmed for VK Ads, so VK lists carry phones only.
    /// </summary>
    public static readonly AudienceFormat Vk = new(
        "vk", "VK Ads", 2000, null, Emails: false, Phones: true, PhoneStyle.DigitsNoPlus, HashAlgorithmName.MD5, "txt");

    public static readonly IReadOnlyList<AudienceFormat> All = [Yandex, Vk];

    public static AudienceFormat Of(string system) =>
        All.FirstOrDefault(f => string.Equals(f.System, system?.Trim(), StringComparison.OrdinalIgnoreCase))
        ?? throw new ArgumentException($"unknown ad system '{system}'; expected one of: {string.Join(", ", All.Select(f => f.System))}");
}
