using Hub.Customers;
using Hub.Messaging.Channels;
using Hub.Messaging.Templates;
using Hub.Shops;
using Hub.Storage;

namespace Hub.Messaging.Campaigns;

/// <summary>One step and channel of a plan: who it would reach, who it leaves out and why, and what it would cost.</summary>
public sealed record PlanLine(int Step, Channel Channel, string TemplateId, long Recipients, IReadOnlyDictionary<string, long> Excluded, decimal UnitPrice, decimal Cost);

/// <summary>
/// A campaign's plan before anything is sent. Later steps count everyone they could reach if nobody reacted to the
/// earlier ones (an upper bound: reactions and purchases shrink them). <see cref="QuietNow"/> customers would wait for
/// their quiet hours to end if the campaign started now; caps are checked against the messages already sent.
/// </summary>
public sealed record CampaignPlan(
    string CampaignId,
    long Audience,
    IReadOnlyList<PlanLine> Lines,
    long ReachedByNoStep,
    long QuietNow,
    decimal CostUpTo,
    string Currency,
    DateTimeOffset At);

/// <summary>
/// Plans a campaign: its audience bucket by bucket (the segment's members minus the exclusion segment's; for trigger
/// campaigns the members their trigger segment holds now), each member's addresses, consents (both from the member
/// row's <see cref="Segments.MemberReach"/>, as of the customer's last recompute) and suppressions per step and channel — by the same rule the dispatcher applies (<see cref="Reachability"/>) — the frequency caps against
/// the contact log, quiet hours in the recipient's time zone, and the shop's per-channel prices. Nothing is written.
/// </summary>
public sealed class CampaignPlanner(
    ShopStore shops,
    CampaignStore campaigns,
    CampaignRunner runner,
    CustomerStore customers,
    Suppressions suppressions,
    TemplateStore templates,
    ContactLog contactLog,
    TimeProvider time)
{
    const int ParallelBuckets = 4;

    public async Task<CampaignPlan> PlanAsync(string shopId, Campaign campaign, CancellationToken cancellationToken = default)
    {
        var shop = await shops.RequireAsync(shopId, cancellationToken);
        var settings = await campaigns.GetSettingsAsync(shop.Id, cancellationToken);
        var now = time.GetUtcNow();
        var quiet = settings.Quiet();
        var rules = settings.CapRules();
        var audienceOf = campaign with { SegmentId = campaign.SegmentId ?? CascadeStepProcessor.DetailSegment(campaign) };
        var stepTemplates = new MessageTemplate?[campaign.Steps.Count];
        for (var s = 0; s < campaign.Steps.Count; s++)
        {
            stepTemplates[s] = await templates.GetAsync(shop.Id, campaign.Steps[s].TemplateId, cancellationToken);
        }
        var suppressed = new Dictionary<Channel, Dictionary<string, Suppression>>();
        foreach (var channel in campaign.Steps.SelectMany(s => s.Channels).Distinct())
        {
            suppressed[channel] = await suppressions.LoadAsync(shop.Id, channel, cancellationToken);
        }

        var lines = campaign.Steps.SelectMany((step, s) => step.Channels.Select((channel, j) => (s, j))).ToDictionary(k => k, _ => new Tally());
        long audience = 0, none = 0, quietNow = 0;
        var gate = new Lock();
        await Parallel.ForAsync(0, Buckets.Count, new ParallelOptions { MaxDegreeOfParallelism = ParallelBuckets, CancellationToken = cancellationToken }, async (bucket, ct) =>
        {
            var rows = await runner.AudienceMembersOfBucketAsync(shop.Id, audienceOf, bucket, ct);
            if (rows.Count == 0)
            {
                return;
            }
            var ids = rows.Select(m => m.CustomerId).ToList();
            // Member rows carry the customer's reach; rows written before they did are read from the customers.
            var people = await customers.GetManyAsync(shop.Id, rows.Where(m => m.Reach is null).Select(m => m.CustomerId), CustomerEntities.ReachColumns, ct);
            foreach (var member in rows.Where(m => m.Reach is not null))
            {
                people[member.CustomerId] = member.Reach!.AsCustomer(shop.Id, member.CustomerId, now);
            }
            var local = lines.ToDictionary(l => l.Key, _ => new Tally());
            var firstReach = new List<(string CustomerId, Channel Channel, (int, int) Line)>();
            long bucketNone = 0, bucketQuiet = 0;
            foreach (var id in ids)
            {
                var customer = people.GetValueOrDefault(id);
                var first = true;
                var reachedAny = false;
                for (var s = 0; s < campaign.Steps.Count; s++)
                {
                    var channels = campaign.Steps[s].Channels;
                    for (var j = 0; j < channels.Count; j++)
                    {
                        var obstacle = stepTemplates[s]?.Supports(channels[j]) == true
                            ? Reachability.Obstacle(customer, channels[j], MessageKind.Marketing, suppressed[channels[j]])
                            : CascadeStops.NoTemplate;
                        if (obstacle is not null)
                        {
                            local[(s, j)].Exclude(obstacle);
                            continue;
                        }
                        reachedAny = true;
                        if (first)
                        {
                            firstReach.Add((id, channels[j], (s, j)));
                        }
                        else
                        {
                            local[(s, j)].Recipients++;
                        }
                    }
                    if (reachedAny && first)
                    {
                        first = false;
                        if (quiet.IsQuiet(now, RecipientTimeZone.For(customer!, shop).Zone))
                        {
                            bucketQuiet++;
                        }
                    }
                }
                bucketNone += reachedAny ? 0 : 1;
            }
            // The first message each customer would get is checked against the caps; later ones come days later.
            var verdicts = await contactLog.CheckAsync(shop.Id, firstReach.Select(f => new CapRequest(f.CustomerId, f.Channel, $"plan:{campaign.Id}")).ToList(), rules, ct);
            for (var k = 0; k < firstReach.Count; k++)
            {
                if (verdicts[k].Allowed)
                {
                    local[firstReach[k].Line].Recipients++;
                }
                else
                {
                    local[firstReach[k].Line].Exclude(CascadeStops.Capped);
                }
            }
            lock (gate)
            {
                audience += ids.Count;
                none += bucketNone;
                quietNow += bucketQuiet;
                foreach (var (key, tally) in local)
                {
                    lines[key].Add(tally);
                }
            }
        });

        var planLines = lines.OrderBy(l => l.Key.s).ThenBy(l => l.Key.j).Select(l =>
        {
            var channel = campaign.Steps[l.Key.s].Channels[l.Key.j];
            var price = settings.PriceOf(channel);
            return new PlanLine(l.Key.s + 1, channel, campaign.Steps[l.Key.s].TemplateId, l.Value.Recipients,
                l.Value.Excluded.OrderBy(e => e.Key, StringComparer.Ordinal).ToDictionary(e => e.Key, e => e.Value), price, price * l.Value.Recipients);
        }).ToList();
        return new CampaignPlan(campaign.Id, audience, planLines, none, quietNow, planLines.Sum(l => l.Cost), shop.Currency, now);
    }

    sealed class Tally
    {
        public long Recipients;
        public readonly Dictionary<string, long> Excluded = new(StringComparer.Ordinal);

        public void Exclude(string reason) => Excluded[reason] = Excluded.GetValueOrDefault(reason) + 1;

        public void Add(Tally other)
        {
            Recipients += other.Recipients;
            foreach (var (reason, count) in other.Excluded)
            {
                Excluded[reason] = Excluded.GetValueOrDefault(reason) + count;
            }
        }
    }
}
