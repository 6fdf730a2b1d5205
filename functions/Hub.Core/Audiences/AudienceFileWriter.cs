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
/// Consent, normalising and hashing run in parallel over chunks of members; deduplication and writing run in member
/// order, so the same members always give the same file. Memory: one 16-byte key per contact written, not the contacts.
/// </summary>
public sealed class AudienceFileWriter(AudienceFormat format, AdsConsentRule consent, AdContactNormalizer normalizer)
{
    const int BufferSize = 64 * 1024;
    /// <summary>Members prepared (consent, normalise, hash) in parallel at a time; deduplication and writing stay in order.</summary>
    const int Chunk = 4096;
    const int DigestSize = 32;
    static readonly byte[] Hex = "0123456789abcdef"u8.ToArray();

    public async Task<AudienceFileResult> WriteAsync(IAsyncEnumerable<AudienceCandidate> candidates, Stream output, CancellationToken cancellationToken = default)
    {
        var sink = new Sink(output);
        var excluded = new Dictionary<AudienceExclusion, long>();
        var seen = new HashSet<UInt128>();
        long members = 0, rows = 0, emails = 0, phones = 0;
        var hexLength = format.HexLength;
        if (format.Header is { } header)
        {
            await sink.WriteAsync(Encoding.UTF8.GetBytes(header + "\n"), cancellationToken);
        }
        await using var source = candidates.GetAsyncEnumerator(cancellationToken);
        // Two batches: while one is deduplicated and written in order, the next is prepared on the other cores.
        var current = new Batch(hexLength);
        var next = new Batch(hexLength);
        var preparing = await FillAndPrepareAsync(source, current);
        while (current.Count > 0)
        {
            await preparing;
            preparing = await FillAndPrepareAsync(source, next);
            var (chunk, prepared, keys, hex) = (current.Candidates, current.Prepared, current.Keys, current.Hex);
            for (var i = 0; i < current.Count; i++)
            {
                members++;
                var refusal = prepared[i].Refusal;
                if (refusal is null)
                {
                    var newEmail = prepared[i].HasEmail && seen.Add(keys[2 * i]);
                    var newPhone = prepared[i].HasPhone && seen.Add(keys[2 * i + 1]);
                    if (!newEmail && !newPhone)
                    {
                        refusal = AudienceExclusion.Duplicate;
                    }
                    else
                    {
                        rows++;
                        emails += newEmail ? 1 : 0;
                        phones += newPhone ? 1 : 0;
                        if (!sink.TryWriteRow(format, hex.AsSpan(2 * i * hexLength, hexLength), newEmail, hex.AsSpan((2 * i + 1) * hexLength, hexLength), newPhone))
                        {
                            await sink.FlushAsync(cancellationToken);
                            sink.TryWriteRow(format, hex.AsSpan(2 * i * hexLength, hexLength), newEmail, hex.AsSpan((2 * i + 1) * hexLength, hexLength), newPhone);
                        }
                    }
                }
                if (refusal is { } reason)
                {
                    excluded[reason] = excluded.GetValueOrDefault(reason) + 1;
                }
            }
            Array.Clear(chunk, 0, current.Count);
            (current, next) = (next, current);
        }
        await preparing;
        var (bytes, hash) = await sink.FinishAsync(cancellationToken);
        return new AudienceFileResult(format.System, members, rows, emails, phones, excluded, hash, bytes, format.MinimumUniqueContacts);
    }

    /// <summary>A chunk of members and what the parallel pass learned about them.</summary>
    sealed class Batch(int hexLength)
    {
        public readonly AudienceCandidate[] Candidates = new AudienceCandidate[Chunk];
        public readonly Prepared[] Prepared = new Prepared[Chunk];
        public readonly UInt128[] Keys = new UInt128[Chunk * 2];
        public readonly byte[] Hex = new byte[Chunk * 2 * hexLength];
        public int Count;
    }

    /// <summary>Reads the next chunk (in order, on this thread) and starts preparing it on the thread pool.</summary>
    async Task<Task> FillAndPrepareAsync(IAsyncEnumerator<AudienceCandidate> source, Batch batch)
    {
        batch.Count = 0;
        while (batch.Count < Chunk && await source.MoveNextAsync())
        {
            batch.Candidates[batch.Count++] = source.Current;
        }
        return batch.Count == 0 ? Task.CompletedTask : Task.Run(() => Prepare(batch.Candidates, batch.Prepared, batch.Keys, batch.Hex, batch.Count));
    }

    /// <summary>What the parallel pass learned about one member; its keys and hex sit at 2i (email) and 2i+1 (phone).</summary>
    struct Prepared
    {
        public AudienceExclusion? Refusal;
        public bool HasEmail;
        public bool HasPhone;
    }

    void Prepare(AudienceCandidate[] chunk, Prepared[] prepared, UInt128[] keys, byte[] hex, int count)
    {
        var hexLength = format.HexLength;
        Parallel.For(0, count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, i =>
        {
            var candidate = chunk[i];
            var p = new Prepared { Refusal = AudienceConsent.Refusal(candidate, consent) };
            if (p.Refusal is null)
            {
                var emailValue = format.Emails ? FirstEmail(candidate.Emails) : null;
                var phoneValue = format.Phones ? FirstPhone(candidate.Phones) : null;
                p.HasEmail = emailValue is not null && Digest(emailValue, out keys[2 * i], hex.AsSpan(2 * i * hexLength, hexLength));
                p.HasPhone = phoneValue is not null && Digest(phoneValue, out keys[2 * i + 1], hex.AsSpan((2 * i + 1) * hexLength, hexLength));
                if (!p.HasEmail && !p.HasPhone)
                {
                    p.Refusal = AudienceExclusion.NoContact;
                }
            }
            prepared[i] = p;
        });
    }

    static string? FirstEmail(IReadOnlyList<ContactPoint> contacts)
    {
        foreach (var contact in contacts)
        {
            if (contact.Valid && AdContactNormalizer.Email(contact.Value) is { } value)
            {
                return value;
            }
        }
        return null;
    }

    string? FirstPhone(IReadOnlyList<ContactPoint> contacts)
    {
        foreach (var contact in contacts)
        {
            if (contact.Valid && normalizer.Phone(contact.Value, format.PhoneStyle) is { } value)
            {
                return value;
            }
        }
        return null;
    }

    /// <summary>Hashes the value: its first 16 bytes are the dedupe key, the whole digest goes to <paramref name="hex"/> as lower-case hex.</summary>
    bool Digest(string value, out UInt128 key, Span<byte> hex)
    {
        Span<byte> utf8 = stackalloc byte[Encoding.UTF8.GetMaxByteCount(value.Length)];
        var length = Encoding.UTF8.GetBytes(value, utf8);
        Span<byte> digest = stackalloc byte[DigestSize];
        var size = format.Hash == HashAlgorithmName.MD5
            ? MD5.HashData(utf8[..length], digest)
            : SHA256.HashData(utf8[..length], digest);
        key = BinaryPrimitives.ReadUInt128LittleEndian(digest);
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

        /// <summary>Writes a row into the buffer; false (nothing written) when the buffer must be flushed first.</summary>
        public bool TryWriteRow(AudienceFormat format, ReadOnlySpan<byte> email, bool withEmail, ReadOnlySpan<byte> phone, bool withPhone)
        {
            if (used + 2 * format.HexLength + 2 > buffer.Length)
            {
                return false;
            }
            if (format.Emails)
            {
                Put(email, withEmail);
                buffer[used++] = (byte)',';
            }
            if (format.Phones)
            {
                Put(phone, withPhone);
            }
            buffer[used++] = (byte)'\n';
            return true;
        }

        void Put(ReadOnlySpan<byte> hex, bool write)
        {
            if (write)
            {
                hex.CopyTo(buffer.AsSpan(used));
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

        public async ValueTask FlushAsync(CancellationToken cancellationToken)
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
