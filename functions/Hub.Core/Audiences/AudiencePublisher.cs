using Hub.Shops;
using Hub.Storage;
using Microsoft.Extensions.Logging;

namespace Hub.Audiences;

/// <summary>
/// Builds an audience's file and keeps the ad system's copy current: too small → recorded, nothing sent; unchanged since
/// the last accepted upload → recorded, nothing sent; otherwise the quota ledger is asked, then the first sync creates
/// the remote audience and later ones replace its data (so opted-out people leave it). Remote processing is awaited by
/// <see cref="PollAsync"/> from a timer, never by a waiting function. One sync per audience at a time (a lease).
/// </summary>
public sealed class AudiencePublisher(
    AudienceStore store,
    AudienceCandidateReader reader,
    AdQuotaLedger quotas,
    ShopStore shops,
    TableLease leases,
    IEnumerable<IAdSystemClient> systems,
    TimeProvider time,
    ILogger<AudiencePublisher> log)
{
    static readonly TimeSpan LeaseDuration = TimeSpan.FromMinutes(30);
    static readonly TimeSpan FirstPoll = TimeSpan.FromMinutes(1);
    static readonly TimeSpan MaxPollInterval = TimeSpan.FromMinutes(30);
    /// <summary>Yandex says processing takes up to two hours; past this we stop asking and say so.</summary>
    static readonly TimeSpan GiveUpPolling = TimeSpan.FromHours(12);
    static readonly TimeSpan FirstRetry = TimeSpan.FromMinutes(5);

    /// <summary>Writes the file <paramref name="audience"/> would upload, with no network.</summary>
    public async Task<AudienceFileResult> BuildAsync(Audience audience, Stream output, CancellationToken cancellationToken = default)
    {
        var shop = await shops.GetAsync(audience.ShopId, cancellationToken) ?? throw new UnknownShopException(audience.ShopId);
        var writer = new AudienceFileWriter(AudienceFormats.Of(audience.System), audience.Consent, new AdContactNormalizer(shop.Region));
        return await writer.WriteAsync(reader.ReadAsync(audience.ShopId, audience.SegmentId, audience.ExcludeSegmentId, cancellationToken), output, cancellationToken);
    }

    /// <summary>Builds and, when it should, uploads. Null when another sync of the audience holds its lease.</summary>
    public async Task<AudienceSync?> SyncAsync(string shopId, string audienceId, bool force = false, CancellationToken cancellationToken = default)
    {
        await using var lease = await leases.TryAcquireAsync($"{shopId}|audiences", audienceId, LeaseDuration, cancellationToken);
        if (lease is null)
        {
            return null;
        }
        var audience = await RequireAsync(shopId, audienceId, cancellationToken);
        var now = time.GetUtcNow();
        var sync = new AudienceSync
        {
            SyncId = AudienceStore.SyncId(now),
            AudienceId = audienceId,
            System = audience.System,
            Status = AudienceSyncStatus.Error,
            Message = "",
            StartedAt = now,
            RemoteId = audience.RemoteId,
        };
        var path = Path.Combine(Path.GetTempPath(), $"hub-audience-{Guid.NewGuid():N}.{AudienceFormats.Of(audience.System).FileExtension}");
        try
        {
            await using var file = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
            var built = await BuildAsync(audience, file, cancellationToken);
            sync = sync with
            {
                Members = built.Members,
                UniqueContacts = built.UniqueContacts,
                Emails = built.Emails,
                Phones = built.Phones,
                Excluded = built.Excluded,
                ContentHash = built.ContentHash,
            };
            (sync, audience) = await PublishAsync(audience, sync, built, file, force, cancellationToken);
        }
        finally
        {
            File.Delete(path);
        }
        sync = sync with { UpdatedAt = time.GetUtcNow() };
        await store.PutSyncAsync(shopId, sync, cancellationToken);
        await store.PutAsync(audience, cancellationToken);
        log.LogInformation("Audience {Shop}/{Audience} → {System}: {Status} ({Unique} unique contacts of {Members} members)",
            shopId, audienceId, audience.System, sync.Status, sync.UniqueContacts, sync.Members);
        return sync;
    }

    async Task<(AudienceSync, Audience)> PublishAsync(Audience audience, AudienceSync sync, AudienceFileResult built, Stream file, bool force, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var format = AudienceFormats.Of(audience.System);
        var nextRefresh = now + audience.RefreshEvery;
        if (built.TooSmall)
        {
            return (sync with { Status = AudienceSyncStatus.TooSmall, Message = format.TooSmallMessage(built.UniqueContacts) + "; nothing was uploaded" },
                audience with { NextSyncAt = nextRefresh, Deferrals = 0 });
        }
        if (!force && audience.RemoteId is not null && audience.UploadedHash == built.ContentHash)
        {
            return (sync with { Status = AudienceSyncStatus.Unchanged, Message = $"the file is the one {format.DisplayName} already has; nothing was uploaded" },
                audience with { NextSyncAt = nextRefresh, Deferrals = 0 });
        }
        var client = Client(audience.System);
        var replacing = audience.RemoteId is not null;
        try
        {
            if (await TakeQuotaAsync(audience, replacing, cancellationToken) is { } fitsAt)
            {
                return Deferred(audience, sync, fitsAt, $"{format.DisplayName}'s limit on creating and changing segments is used up until {fitsAt:u}");
            }
            RemoteAudience remote;
            try
            {
                file.Position = 0;
                remote = replacing
                    ? await client.ReplaceAsync(audience.ShopId, audience.RemoteId!, file, cancellationToken)
                    : await client.CreateAsync(audience.ShopId, audience.RemoteName, file, cancellationToken);
            }
            catch (AdSystemException e) when (replacing && e.HttpStatus == 404)
            {
                // Deleted on the ad system's side (in its UI): make a new one instead.
                log.LogWarning("Remote audience {Remote} of {Shop}/{Audience} is gone; creating a new one", audience.RemoteId, audience.ShopId, audience.Id);
                replacing = false;
                if (await TakeQuotaAsync(audience, replacing, cancellationToken) is { } createFitsAt)
                {
                    return Deferred(audience with { RemoteId = null, UploadedHash = null }, sync, createFitsAt, $"the remote audience was deleted on {format.DisplayName}; creating a new one waits for its quota until {createFitsAt:u}");
                }
                file.Position = 0;
                remote = await client.CreateAsync(audience.ShopId, audience.RemoteName, file, cancellationToken);
            }
            var status = StatusOf(remote.Status);
            var pending = status == AudienceSyncStatus.Processing;
            return (sync with
                {
                    Status = status,
                    Replaced = replacing,
                    RemoteId = remote.RemoteId,
                    RemoteStatus = remote.RawStatus,
                    Matched = remote.Matched,
                    Message = $"{(replacing ? "replaced the data of" : "created")} {format.DisplayName} audience {remote.RemoteId} with {built.UniqueContacts:N0} unique contacts",
                },
                audience with
                {
                    RemoteId = remote.RemoteId,
                    UploadedHash = built.ContentHash,
                    NextSyncAt = nextRefresh,
                    Deferrals = 0,
                    PendingSyncId = pending ? sync.SyncId : null,
                    NextPollAt = pending ? now + FirstPoll : null,
                    PollAttempts = 0,
                });
        }
        catch (AdSystemException e) when (e.IsQuota)
        {
            var wait = Backoff(FirstRetry, audience.Deferrals + 1, audience.RefreshEvery);
            var retryAt = now + (e.RetryAfter is { } after && after > wait ? after : wait);
            return Deferred(audience, sync, retryAt, $"{format.DisplayName} answered with its quota error: {e.SystemMessage}");
        }
        catch (AdSystemException e)
        {
            var retryAt = now + Backoff(FirstRetry, audience.Deferrals + 1, audience.RefreshEvery);
            return (sync with { Status = AudienceSyncStatus.Error, Message = $"{format.DisplayName} refused the upload: {e.SystemMessage}", RetryAt = retryAt },
                audience with { NextSyncAt = retryAt, Deferrals = audience.Deferrals + 1 });
        }
        catch (InvalidOperationException e)
        {
            // Missing credentials: nothing was sent; the message names the setting.
            return (sync with { Status = AudienceSyncStatus.Error, Message = e.Message }, audience with { NextSyncAt = nextRefresh });
        }
    }

    (AudienceSync, Audience) Deferred(Audience audience, AudienceSync sync, DateTimeOffset retryAt, string message) =>
        (sync with { Status = AudienceSyncStatus.Deferred, Message = $"{message}; the sync runs again at {retryAt:u}", RetryAt = retryAt },
            audience with { NextSyncAt = retryAt, Deferrals = audience.Deferrals + 1 });

    async Task<DateTimeOffset?> TakeQuotaAsync(Audience audience, bool replacing, CancellationToken cancellationToken) =>
        AdQuota.For(audience.System) is { } quota
            ? await quotas.TryTakeAsync(audience.System, audience.ShopId, quota, replacing ? quota.ReplaceCost : quota.CreateCost, cancellationToken)
            : null;

    /// <summary>Asks the ad system how the pending upload of an audience is doing; reschedules the question with backoff until it ends.</summary>
    public async Task<AudienceSync?> PollAsync(string shopId, string audienceId, CancellationToken cancellationToken = default)
    {
        await using var lease = await leases.TryAcquireAsync($"{shopId}|audiences", audienceId, LeaseDuration, cancellationToken);
        if (lease is null)
        {
            return null;
        }
        var audience = await RequireAsync(shopId, audienceId, cancellationToken);
        if (audience.PendingSyncId is null || audience.RemoteId is null
            || await store.GetSyncAsync(shopId, audienceId, audience.PendingSyncId, cancellationToken) is not { } sync)
        {
            return null;
        }
        var now = time.GetUtcNow();
        var format = AudienceFormats.Of(audience.System);
        RemoteAudience? remote;
        try
        {
            remote = await Client(audience.System).GetAsync(shopId, audience.RemoteId, cancellationToken);
        }
        catch (Exception e) when (e is AdSystemException or InvalidOperationException)
        {
            // The system is unreachable, over quota, or the shop's credentials are missing: ask again later.
            var retryAt = now + Backoff(FirstPoll, audience.PollAttempts + 1, MaxPollInterval) + ((e as AdSystemException)?.RetryAfter ?? TimeSpan.Zero);
            await store.PutAsync(audience with { NextPollAt = retryAt, PollAttempts = audience.PollAttempts + 1 }, cancellationToken);
            log.LogWarning("Polling audience {Shop}/{Audience} failed: {Message}; asking again at {At}", shopId, audienceId, e.Message, retryAt);
            return sync;
        }
        if (remote is null)
        {
            sync = sync with { Status = AudienceSyncStatus.Failed, Message = $"{format.DisplayName} audience {audience.RemoteId} no longer exists; the next sync creates a new one", UpdatedAt = now };
            audience = audience with { RemoteId = null, UploadedHash = null, PendingSyncId = null, NextPollAt = null, NextSyncAt = now };
        }
        else
        {
            var status = StatusOf(remote.Status);
            sync = sync with { Status = status, RemoteStatus = remote.RawStatus, Matched = remote.Matched, UpdatedAt = now, Message = PollMessage(format, remote, sync) };
            if (status == AudienceSyncStatus.Processing && now - sync.StartedAt < GiveUpPolling)
            {
                audience = audience with { NextPollAt = now + Backoff(FirstPoll, audience.PollAttempts + 2, MaxPollInterval), PollAttempts = audience.PollAttempts + 1 };
            }
            else
            {
                if (status == AudienceSyncStatus.Processing)
                {
                    sync = sync with { Message = $"{format.DisplayName} is still processing after {GiveUpPolling.TotalHours:0} hours; stopped asking, the next sync uploads again" };
                }
                // A failed (or never finished) upload is not "what the system has": the next sync uploads again.
                var accepted = status is AudienceSyncStatus.Ready or AudienceSyncStatus.FewData;
                audience = audience with { PendingSyncId = null, NextPollAt = null, PollAttempts = 0, UploadedHash = accepted ? audience.UploadedHash : null };
            }
        }
        await store.PutSyncAsync(shopId, sync, cancellationToken);
        await store.PutAsync(audience, cancellationToken);
        return sync;
    }

    static string PollMessage(AudienceFormat format, RemoteAudience remote, AudienceSync sync) => remote.Status switch
    {
        RemoteStatus.Ready => $"{format.DisplayName} processed the audience: {remote.Matched?.ToString("N0") ?? "?"} of {sync.UniqueContacts:N0} contacts matched",
        RemoteStatus.FewData => $"{format.DisplayName} matched too few contacts to use the audience ({remote.Matched?.ToString("N0") ?? "?"} of {sync.UniqueContacts:N0}; it needs at least 100 matched): status {remote.RawStatus}",
        RemoteStatus.Failed => $"{format.DisplayName} failed to process the upload (status {remote.RawStatus}); the next sync uploads again",
        _ => $"{format.DisplayName} is processing the audience (status {remote.RawStatus})",
    };

    /// <summary>Audiences whose sync or status poll is due now, in one shop or across all shops.</summary>
    public async Task<List<(Audience Audience, bool Sync, bool Poll)>> DueAsync(string? shopId = null, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        var due = new List<(Audience, bool, bool)>();
        var shopIds = shopId is not null ? [shopId] : await shops.ListAsync(cancellationToken).Select(s => s.Id).ToListAsync(cancellationToken);
        foreach (var id in shopIds)
        {
            await foreach (var audience in store.ListAsync(id, cancellationToken))
            {
                var sync = !audience.Paused && (audience.NextSyncAt is null || audience.NextSyncAt <= now);
                var poll = audience.PendingSyncId is not null && audience.NextPollAt <= now;
                if (sync || poll)
                {
                    due.Add((audience, sync, poll));
                }
            }
        }
        return due;
    }

    async Task<Audience> RequireAsync(string shopId, string audienceId, CancellationToken cancellationToken) =>
        (await store.GetAsync(shopId, audienceId, cancellationToken))?.Audience
        ?? throw new ArgumentException($"shop '{shopId}' has no audience '{audienceId}'; `hub audiences list --shop {shopId}` shows its audiences");

    IAdSystemClient Client(string system) =>
        systems.FirstOrDefault(s => s.System == system) ?? throw new InvalidOperationException($"no client for ad system '{system}' is registered");

    static AudienceSyncStatus StatusOf(RemoteStatus status) => status switch
    {
        RemoteStatus.Ready => AudienceSyncStatus.Ready,
        RemoteStatus.FewData => AudienceSyncStatus.FewData,
        RemoteStatus.Failed => AudienceSyncStatus.Failed,
        _ => AudienceSyncStatus.Processing,
    };

    /// <summary>first × 2^(n−1), at most <paramref name="cap"/>.</summary>
    static TimeSpan Backoff(TimeSpan first, int n, TimeSpan cap) =>
        TimeSpan.FromTicks(Math.Min(cap.Ticks, first.Ticks << Math.Clamp(n - 1, 0, 20)));
}
