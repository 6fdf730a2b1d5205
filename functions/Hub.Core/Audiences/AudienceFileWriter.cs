using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Hub.Customers;

namespace Hub.Audiences;

/// <summary>What went into an audience file and what was left out, with the file's content hash.</summary>
public sealed record AudienceFileResult(
    string System,
    long Members,
    long UniqueContacts,
    long Emails,
    long Phones,
    IReadOnlyDictionary<AudienceExclusion, long> Excluded,
    string ContentHash,
    long Bytes,
    int MinimumUniqueContacts)
{
    public bool TooSmall => UniqueContacts < MinimumUniqueContacts;
}

/// <summary>
/// Builds the file an ad system receives, in one pass over the members: drops members who may not be advertised to
/// (<see cref="AudienceConsent"/>), normalises each contact per the system's <see cref="AudienceFormat"/>, hashes it,
/// drops contacts already written (a member whose every contact is already in the file is a duplicate; a member with
/// one new contact gets a row with only that one), and streams the rows into <c>output</c> while hashing the bytes.
/// Memory: one 16-byte key per contact written, not the contacts themselves.
/// </summary>
public sealed class AudienceFileWriter(AudienceFormat format, AdsConsentRule consent, AdContactNormalizer normalizer)
{
    const int BufferSize = 64 * 1024;
    static readonly byte[] Hex = "0123456789abcdef"u8.ToArray();

    public async Task<AudienceFileResult> WriteAsync(IAsyncEnumerable<AudienceCandidate> candidates, Stream output, CancellationToken cancellationToken = default)
    {
        var sink = new Sink(output);
        var excluded = new Dictionary<AudienceExclusion, long>();
        var seen = new HashSet<UInt128>();
        long members = 0, rows = 0, emails = 0, phones = 0;
        var hexLength = format.HexLength;
        var email = new byte[hexLength];
        var phone = new byte[hexLength];
        if (format.Header is { } header)
        {
            await sink.WriteAsync(Encoding.UTF8.GetBytes(header + "\n"), cancellationToken);
        }
        await foreach (var candidate in candidates.WithCancellation(cancellationToken))
        {
            members++;
            var refusal = AudienceConsent.Refusal(candidate, consent);
            if (refusal is null)
            {
                var emailValue = format.Emails ? FirstUsable(candidate.Emails, static (_, v) => AdContactNormalizer.Email(v)) : null;
                var phoneValue = format.Phones ? FirstUsable(candidate.Phones, (n, v) => n.Phone(v, format.PhoneStyle)) : null;
                if (emailValue is null && phoneValue is null)
                {
                    refusal = AudienceExclusion.NoContact;
                }
                else
                {
                    var newEmail = emailValue is not null && HashNew(emailValue, email, seen);
                    var newPhone = phoneValue is not null && HashNew(phoneValue, phone, seen);
                    if (!newEmail && !newPhone)
                    {
                        refusal = AudienceExclusion.Duplicate;
                    }
                    else
                    {
                        rows++;
                        emails += newEmail ? 1 : 0;
                        phones += newPhone ? 1 : 0;
                        await sink.WriteRowAsync(format, newEmail ? email : null, newPhone ? phone : null, cancellationToken);
                    }
                }
            }
            if (refusal is { } reason)
            {
                excluded[reason] = excluded.GetValueOrDefault(reason) + 1;
            }
        }
        var (bytes, hash) = await sink.FinishAsync(cancellationToken);
        return new AudienceFileResult(format.System, members, rows, emails, phones, excluded, hash, bytes, format.MinimumUniqueContacts);
    }

    string? FirstUsable(IReadOnlyList<ContactPoint> contacts, Func<AdContactNormalizer, string, string?> normalise)
    {
        foreach (var contact in contacts)
        {
            if (contact.Valid && normalise(normalizer, contact.Value) is { } value)
            {
                return value;
            }
        }
        return null;
    }

    /// <summary>Hashes <paramref name="value"/> into lower-case hex in <paramref name="hex"/>; false when the contact was already written.</summary>
    bool HashNew(string value, byte[] hex, HashSet<UInt128> seen)
    {
        Span<byte> utf8 = stackalloc byte[Encoding.UTF8.GetMaxByteCount(value.Length)];
        var length = Encoding.UTF8.GetBytes(value, utf8);
        Span<byte> digest = stackalloc byte[32];
        var size = format.Hash == HashAlgorithmName.MD5
            ? MD5.HashData(utf8[..length], digest)
            : SHA256.HashData(utf8[..length], digest);
        if (!seen.Add(BinaryPrimitives.ReadUInt128LittleEndian(digest)))
        {
            return false;
        }
        for (var i = 0; i < size; i++)
        {
            hex[2 * i] = Hex[digest[i] >> 4];
            hex[2 * i + 1] = Hex[digest[i] & 0xF];
        }
        return true;
    }

    /// <summary>A buffered writer that SHA-256-hashes what it writes, for "nothing changed since the last upload".</summary>
    sealed class Sink(Stream output)
    {
        readonly byte[] buffer = new byte[BufferSize];
        readonly IncrementalHash content = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        int used;
        long total;

        public async ValueTask WriteRowAsync(AudienceFormat format, byte[]? email, byte[]? phone, CancellationToken cancellationToken)
        {
            if (used + 2 * format.HexLength + 2 > buffer.Length)
            {
                await FlushAsync(cancellationToken);
            }
            if (format.Emails)
            {
                Put(email);
                buffer[used++] = (byte)',';
            }
            if (format.Phones)
            {
                Put(phone);
            }
            buffer[used++] = (byte)'\n';
        }

        void Put(byte[]? hex)
        {
            if (hex is not null)
            {
                hex.CopyTo(buffer, used);
                used += hex.Length;
            }
        }

        public async ValueTask WriteAsync(byte[] bytes, CancellationToken cancellationToken)
        {
            if (used + bytes.Length > buffer.Length)
            {
                await FlushAsync(cancellationToken);
            }
            bytes.CopyTo(buffer, used);
            used += bytes.Length;
        }

        async ValueTask FlushAsync(CancellationToken cancellationToken)
        {
            content.AppendData(buffer, 0, used);
            await output.WriteAsync(buffer.AsMemory(0, used), cancellationToken);
            total += used;
            used = 0;
        }

        public async Task<(long Bytes, string Hash)> FinishAsync(CancellationToken cancellationToken)
        {
            await FlushAsync(cancellationToken);
            await output.FlushAsync(cancellationToken);
            return (total, Convert.ToHexStringLower(content.GetHashAndReset()));
        }
    }
}
